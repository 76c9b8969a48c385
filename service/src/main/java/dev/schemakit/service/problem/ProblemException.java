package dev.schemakit.service.problem;

import java.util.List;

/**
 * A request this service refuses with a problem of its catalogue ({@link ProblemType}): thrown
 * where the refusal is decided, answered by {@link ProblemExceptionHandler} with {@link #problem()}.
 * It has no stack trace, being an answer rather than a failure.
 */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    /**
     * @param type   the kind of problem
     * @param detail the problem's detail: written by the caller, never quoting the request
     */
    public ProblemException(ProblemType type, String detail) {
        this(Problem.of(type, detail));
    }

    /**
     * @param type   the kind of problem
     * @param detail the problem's detail: written by the caller, never quoting the request
     * @param errors the offending fields, in the order found
     */
    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        this(Problem.of(type, detail, errors));
    }

    private ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    /**
     * A {@link ProblemType#VALIDATION} problem listing {@code errors}.
     *
     * @param errors the offending fields; must not be empty
     */
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(Problem.invalid(errors));
    }

    /** The body the request is answered with. */
    public Problem problem() {
        return problem;
    }
}
