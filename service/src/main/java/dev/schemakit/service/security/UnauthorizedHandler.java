package dev.schemakit.service.security;

import java.util.Optional;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemType;
import jakarta.inject.Singleton;

/**
 * Answers a request Micronaut Security rejected. Without an authenticated caller: 401, an
 * {@link ProblemType#UNAUTHORIZED} problem and {@code WWW-Authenticate: Bearer realm="schemakit"}
 * (RFC 6750 §3), with {@code error="invalid_token"} when a bearer token was sent but not accepted.
 * The detail says whether a token was missing or not accepted, never why: an expired token and a
 * forged one get the same answer. An authenticated caller that is still rejected lacks a scope
 * ({@link UserApiAccessRule}): 403 {@link ProblemType#INSUFFICIENT_SCOPE} naming it, in the detail
 * and in {@code WWW-Authenticate}; any other rejection gets the generic 403 problem of the
 * {@link ErrorResponseProcessor}.
 * <p>
 * Replaces Micronaut's handler, which would also redirect browsers ({@code Accept: text/html}) to a
 * login page this API does not have.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class UnauthorizedHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    static final String CHALLENGE = "Bearer realm=\"schemakit\"";

    private static final String BEARER_PREFIX = "bearer ";

    private final ErrorResponseProcessor<?> errorResponseProcessor;
    private final UserApiAccessRule userApiAccessRule;

    UnauthorizedHandler(ErrorResponseProcessor<?> errorResponseProcessor, UserApiAccessRule userApiAccessRule) {
        this.errorResponseProcessor = errorResponseProcessor;
        this.userApiAccessRule = userApiAccessRule;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            Optional<String> scope = exception.getAuthentication() == null
                    ? Optional.empty()
                    : userApiAccessRule.missingScope(request, exception.getAuthentication());
            if (scope.isPresent()) {
                MutableHttpResponse<?> response = AccessPolicy.insufficientScope(scope.get(),
                        "This request needs a bearer token with the scope " + scope.get()
                                + (scope.get().equals(AccessPolicy.ADMIN) ? "." : " (or " + AccessPolicy.ADMIN + ")."))
                        .toResponse();
                return request.getMethod() == HttpMethod.HEAD ? response.body(null) : response;
            }
            return errorResponseProcessor.processResponse(ErrorContext.builder(request).cause(exception).build(),
                    HttpResponse.status(HttpStatus.FORBIDDEN));
        }
        boolean sentToken = sentBearerToken(request);
        Problem problem = Problem.of(ProblemType.UNAUTHORIZED, sentToken
                ? "The bearer token is not valid: it is malformed, has expired, or is not signed by a key this service trusts."
                : "This request needs a bearer token: send the header 'Authorization: Bearer <token>'.");
        MutableHttpResponse<?> response = request.getMethod() == HttpMethod.HEAD
                ? HttpResponse.status(HttpStatus.UNAUTHORIZED)
                : problem.toResponse();
        return response.header(HttpHeaders.WWW_AUTHENTICATE,
                sentToken ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE);
    }

    /** Whether the request has an {@code Authorization} header of the Bearer scheme, valid or not. */
    static boolean sentBearerToken(HttpRequest<?> request) {
        return request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length()))
                .isPresent();
    }
}
