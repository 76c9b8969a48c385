package dev.schemakit.service.db;

/**
 * A command that refused to run or failed (exit status 1). The message is the one paragraph shown
 * to the user: what went wrong, and what state the database is in if that matters.
 */
final class DbCommandException extends RuntimeException {

    DbCommandException(String message) {
        super(message);
    }
}
