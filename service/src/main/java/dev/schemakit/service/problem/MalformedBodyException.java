package dev.schemakit.service.problem;

/**
 * A body that parsed as JSON but does not have the shape the endpoint reads, such as an array where
 * an object is expected. Answered with a 400 {@link ProblemType#MALFORMED_BODY} problem.
 */
public final class MalformedBodyException extends RuntimeException {

    /**
     * @param detail the problem's detail: written by the caller, never containing the body
     */
    public MalformedBodyException(String detail) {
        super(detail, null, false, false);
    }
}
