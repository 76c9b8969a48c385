package dev.schemakit.devtools;

/** A refusal or failure whose message, one paragraph naming the fix, is all the user sees. */
public final class DevToolsException extends RuntimeException {

    public DevToolsException(String message) {
        super(message);
    }
}
