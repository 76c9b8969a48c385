package dev.schemakit.service.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.http.MutableHttpResponse;

/**
 * A request this service refuses with a problem of its catalogue ({@link ProblemType}): thrown
 * where the refusal is decided, answered by {@link ProblemExceptionHandler} with {@link #problem()}.
 * It has no stack trace, being an answer rather than a failure.
 */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

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
        this(problem, Map.of());
    }

    private ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    /**
     * This refusal, answered with the header {@code name: value} as well (such as the
     * {@code WWW-Authenticate} of a 403 {@link ProblemType#INSUFFICIENT_SCOPE}).
     */
    public ProblemException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ProblemException(problem, more);
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

    /** The answer: {@link #problem()} with its status and the headers given by {@link #withHeader}. */
    public MutableHttpResponse<Problem> toResponse() {
        MutableHttpResponse<Problem> response = problem.toResponse();
        headers.forEach(response::header);
        return response;
    }
}
