package dev.schemakit.service.problem;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An error body as RFC 9457 defines it ({@code application/problem+json}), with two extension
 * members: {@code errors} for {@link ProblemType#VALIDATION} and {@link ProblemType#DUPLICATE_USER},
 * {@code errorId} for {@link ProblemType#INTERNAL_ERROR}. Absent extensions are left out of the
 * JSON rather than written as null.
 * <p>
 * {@code detail} is always written by this service, never copied from an exception or from the
 * request, so it cannot leak SQL, class names or submitted values.
 *
 * @param type    identifies the kind of problem (see {@link ProblemType})
 * @param title   short summary of the kind, the same for every occurrence
 * @param status  the HTTP status code
 * @param detail  explanation of this occurrence, for a human
 * @param errors  the offending fields, or {@code null}
 * @param errorId the id under which the server logged the failure, or {@code null}
 */
@Schema(description = "An error body (RFC 9457, `application/problem+json`). `type` is one of "
        + "`https://schemakit.dev/problems/*` (or `about:blank` for a status without its own type); "
        + "`errors` is present for `validation` and `duplicate-user`, `errorId` for `internal-error`.")
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        URI type,
        String title,
        int status,
        String detail,
        @Nullable List<FieldError> errors,
        @Nullable String errorId) {

    /** A problem of the given kind without extension members. */
    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status().getCode(), detail, null, null);
    }

    /** A problem of the given kind that lists offending fields. */
    public static Problem of(ProblemType type, String detail, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status().getCode(), detail, List.copyOf(errors), null);
    }

    /**
     * A {@link ProblemType#VALIDATION} problem listing {@code errors} sorted by field, then message,
     * so that the same request always gets the same body.
     */
    static Problem invalid(List<FieldError> errors) {
        List<FieldError> sorted = errors.stream()
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return of(ProblemType.VALIDATION,
                "The request has invalid fields or parameters; each is listed in errors.", sorted);
    }

    /**
     * A problem for a status that has no {@link ProblemType}: {@code about:blank} with the
     * status's reason phrase as title (RFC 9457 §4.2.1).
     */
    static Problem ofStatus(HttpStatus status, String detail) {
        return new Problem(URI.create("about:blank"), status.getReason(), status.getCode(), detail, null, null);
    }

    /** This problem as a response with its status and {@code Content-Type: application/problem+json}. */
    public MutableHttpResponse<Problem> toResponse() {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(status))
                .contentType(MediaType.APPLICATION_JSON_PROBLEM_TYPE)
                .body(this);
    }
}
