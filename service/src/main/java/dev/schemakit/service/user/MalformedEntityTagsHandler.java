package dev.schemakit.service.user;

import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemType;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers {@link MalformedEntityTagsException} with a 400 {@link ProblemType#BAD_REQUEST} problem
 * naming the header, not repeating its value.
 */
@Singleton
final class MalformedEntityTagsHandler implements ExceptionHandler<MalformedEntityTagsException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, MalformedEntityTagsException exception) {
        return Problem.of(ProblemType.BAD_REQUEST, "The " + exception.header()
                + " header must be * or a comma-separated list of entity tags such as \"3\".").toResponse();
    }
}
