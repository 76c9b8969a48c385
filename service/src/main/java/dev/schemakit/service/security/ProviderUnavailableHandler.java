package dev.schemakit.service.security;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemType;
import jakarta.inject.Singleton;

/**
 * Answers a request whose bearer token cannot be verified because the identity provider is away
 * ({@link ProviderUnavailableException}) with a 503
 * {@link ProblemType#IDENTITY_PROVIDER_UNAVAILABLE} problem and a {@code Retry-After} header: a 401
 * would tell the client its token is bad, and a client that then signs in again only adds to the
 * provider's load. {@link ProviderKeys} has logged the cause.
 */
@Singleton
final class ProviderUnavailableHandler
        implements ExceptionHandler<ProviderUnavailableException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ProviderUnavailableException exception) {
        return Problem.of(ProblemType.IDENTITY_PROVIDER_UNAVAILABLE,
                "The bearer token cannot be verified now: the identity provider's keys cannot be fetched. Retry"
                        + " with the same token after the number of seconds in Retry-After.")
                .toResponse()
                .header(HttpHeaders.RETRY_AFTER, Long.toString(exception.retryAfterSeconds()));
    }
}
