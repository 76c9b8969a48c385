package dev.schemakit.service.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a {@link MalformedBodyException} with a 400 {@link ProblemType#MALFORMED_BODY} problem. */
@Singleton
final class MalformedBodyHandler implements ExceptionHandler<MalformedBodyException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, MalformedBodyException exception) {
        return Problem.of(ProblemType.MALFORMED_BODY, exception.getMessage()).toResponse();
    }
}
