package dev.schemakit.service.db;

/** Arguments a command does not accept (exit status 2). The message says which and why. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
