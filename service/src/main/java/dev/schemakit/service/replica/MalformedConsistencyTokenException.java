package dev.schemakit.service.replica;

/**
 * A {@value ConsistencyToken#HEADER} request header that is not a WAL position. Answered with 400
 * by {@link MalformedConsistencyTokenHandler}.
 */
public final class MalformedConsistencyTokenException extends RuntimeException {

    MalformedConsistencyTokenException() {
        super("Malformed " + ConsistencyToken.HEADER + " header", null, false, false);
    }
}
