package dev.schemakit.service.user;

/**
 * An insert or update would give two users the same username or email, compared ignoring case, as
 * the database's unique indexes decided. Answered with 409 by {@link DuplicateUserHandler}.
 */
final class DuplicateUserException extends RuntimeException {

    private final String field;

    /**
     * @param field the JSON name of the duplicated field: {@code username} or {@code email}
     * @param cause the unique violation reported by the database
     */
    DuplicateUserException(String field, Throwable cause) {
        super("Duplicate " + field, cause, false, false);
        this.field = field;
    }

    /** The JSON name of the duplicated field: {@code username} or {@code email}. */
    String field() {
        return field;
    }
}
