package dev.schemakit.service.replica;

import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemType;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers {@link MalformedConsistencyTokenException} with a 400 {@link ProblemType#BAD_REQUEST}
 * problem naming the header, not repeating its value.
 */
@Singleton
final class MalformedConsistencyTokenHandler
        implements ExceptionHandler<MalformedConsistencyTokenException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, MalformedConsistencyTokenException exception) {
        return Problem.of(ProblemType.BAD_REQUEST, "The " + ConsistencyToken.HEADER + " header must be a value "
                + "this API returned in that header, such as 0/16B3748.").toResponse();
    }
}
