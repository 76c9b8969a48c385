package dev.schemakit.service.user;

import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemType;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers {@link VersionMismatchException} with a 412 {@link ProblemType#PRECONDITION_FAILED} problem. */
@Singleton
final class VersionMismatchHandler implements ExceptionHandler<VersionMismatchException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, VersionMismatchException exception) {
        return Problem.of(ProblemType.PRECONDITION_FAILED, "The user's current version is not one named in"
                + " If-Match; nothing was changed. Fetch the user again for its current ETag.").toResponse();
    }
}
