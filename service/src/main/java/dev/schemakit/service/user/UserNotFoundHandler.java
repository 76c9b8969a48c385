package dev.schemakit.service.user;

import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemType;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers {@link UserNotFoundException} with a 404 {@link ProblemType#USER_NOT_FOUND} problem. */
@Singleton
final class UserNotFoundHandler implements ExceptionHandler<UserNotFoundException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, UserNotFoundException exception) {
        return Problem.of(ProblemType.USER_NOT_FOUND, "No user has this id.").toResponse();
    }
}
