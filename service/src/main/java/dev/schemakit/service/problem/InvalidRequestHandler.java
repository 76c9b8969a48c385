package dev.schemakit.service.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an {@link InvalidRequestException} with a 400 {@link ProblemType#VALIDATION} problem. */
@Singleton
final class InvalidRequestHandler implements ExceptionHandler<InvalidRequestException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, InvalidRequestException exception) {
        return Validation.problem(exception.errors()).toResponse();
    }
}
