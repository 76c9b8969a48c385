package dev.schemakit.service.user;

import java.util.List;

import dev.schemakit.service.problem.FieldError;
import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemType;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers {@link DuplicateUserException} with a 409 {@link ProblemType#DUPLICATE_USER} problem
 * that names the field in {@code detail} and in {@code errors}, without repeating the value.
 */
@Singleton
final class DuplicateUserHandler implements ExceptionHandler<DuplicateUserException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DuplicateUserException exception) {
        String field = exception.field();
        return Problem.of(ProblemType.DUPLICATE_USER,
                "Another user already has this " + field + " (compared ignoring case).",
                List.of(new FieldError(field, "is already taken"))).toResponse();
    }
}
