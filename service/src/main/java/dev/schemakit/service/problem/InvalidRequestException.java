package dev.schemakit.service.problem;

import java.util.List;

/**
 * A request whose fields or parameters break the rules of the API before any constraint
 * validation runs: a wrong JSON type, an unknown or server-owned field, an unparsable query
 * parameter. Answered with a {@link ProblemType#VALIDATION} problem listing {@link #errors()}.
 */
public final class InvalidRequestException extends RuntimeException {

    private final transient List<FieldError> errors;

    /**
     * @param errors the offending fields; must not be empty
     */
    public InvalidRequestException(List<FieldError> errors) {
        super("Invalid request: " + errors.size() + " field(s)", null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid request needs at least one field error");
        }
        this.errors = List.copyOf(errors);
    }

    /** The offending fields, in the order they were found. */
    public List<FieldError> errors() {
        return errors;
    }
}
