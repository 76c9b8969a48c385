package dev.schemakit.service.problem;

import java.util.stream.Collectors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.exceptions.UnsupportedMediaException;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;

/**
 * Writes the body of every error response Micronaut produces itself (no route: 404, wrong method:
 * 405, unsupported {@code Content-Type}: 415, body over {@code micronaut.server.max-request-size}:
 * 413, request line or headers over Netty's limits: 414 or 431, unreadable JSON: 400, unhandled
 * failures: 500) as an {@code application/problem+json}
 * {@link Problem}. Being an {@link ErrorResponseProcessor} bean, it replaces Micronaut's default
 * one, so no built-in {@code application/json} error body remains.
 * <p>
 * The detail is chosen by status and cause type only: Micronaut's own messages quote the request
 * (URI, method, content type) and internal type names, so none of them is passed on.
 */
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    private final long maxRequestSize;

    ProblemErrorResponseProcessor(HttpServerConfiguration serverConfiguration) {
        this.maxRequestSize = serverConfiguration.getMaxRequestSize();
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Problem> processResponse(ErrorContext errorContext,
            MutableHttpResponse<?> baseResponse) {
        if (errorContext.getRequest().getMethod() == HttpMethod.HEAD) {
            return (MutableHttpResponse<Problem>) baseResponse;
        }
        HttpStatus status = actualStatus(errorContext.getRequest(), baseResponse.status());
        Problem problem = problemFor(errorContext.getRequest(), status, errorContext.getRootCause().orElse(null));
        // status(...) also resets a custom reason phrase such as Micronaut's "Invalid JSON".
        MutableHttpResponse<Problem> response = baseResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON_PROBLEM_TYPE)
                .body(problem);
        if (decoderFailure(errorContext.getRequest()) != null) {
            // Netty cannot read past a request it failed to decode and closes the connection; saying
            // so keeps a keep-alive client from sending its next request into the closed connection.
            response.header(HttpHeaders.CONNECTION, "close");
        }
        return response;
    }

    /**
     * Micronaut answers every request Netty could not decode because a part was too long with 413,
     * as if the body were too large; a request line or header block over the limit gets its own
     * status here.
     */
    private static HttpStatus actualStatus(HttpRequest<?> request, HttpStatus status) {
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            Throwable failure = decoderFailure(request);
            if (failure instanceof TooLongHttpLineException) {
                return HttpStatus.REQUEST_URI_TOO_LONG;
            }
            if (failure instanceof TooLongHttpHeaderException) {
                return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            }
        }
        return status;
    }

    /** Why Netty could not decode {@code request}, or {@code null} if it could. */
    @Nullable
    private static Throwable decoderFailure(HttpRequest<?> request) {
        return request instanceof NettyHttpRequest<?> netty ? netty.getNativeRequest().decoderResult().cause() : null;
    }

    private Problem problemFor(HttpRequest<?> request, HttpStatus status, @Nullable Throwable cause) {
        return switch (status) {
            case BAD_REQUEST -> badRequest(cause);
            case NOT_FOUND -> Problem.of(ProblemType.NOT_FOUND, "No resource exists at this path.");
            case METHOD_NOT_ALLOWED -> Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                    "This resource does not support the request's method; the Allow header lists the ones it does.");
            case REQUEST_ENTITY_TOO_LARGE -> Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "The request body is larger than the limit of " + maxRequestSize + " bytes.");
            case REQUEST_URI_TOO_LONG -> Problem.of(ProblemType.URI_TOO_LONG,
                    "The request line is longer than the server accepts; send a shorter path and query string.");
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> Problem.of(ProblemType.HEADERS_TOO_LARGE,
                    "The request's headers are larger than the server accepts.");
            case UNSUPPORTED_MEDIA_TYPE ->
                    Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, unsupportedMediaDetail(cause));
            default -> status.getCode() >= 500
                    ? UnexpectedErrorHandler.report(request, cause)
                    : Problem.ofStatus(status, "The request cannot be answered: " + status.getReason() + ".");
        };
    }

    private static Problem badRequest(@Nullable Throwable cause) {
        if (cause instanceof JsonSyntaxException) {
            return Problem.of(ProblemType.MALFORMED_BODY, "The request body is not valid JSON.");
        }
        if (cause instanceof UnsatisfiedBodyRouteException) {
            return Problem.of(ProblemType.MALFORMED_BODY, "The request needs a JSON body.");
        }
        return Problem.of(ProblemType.BAD_REQUEST, "The request could not be read.");
    }

    private static String unsupportedMediaDetail(@Nullable Throwable cause) {
        // The acceptable types come from the route's @Consumes, not from the request.
        if (cause instanceof UnsupportedMediaException unsupported
                && !unsupported.getAcceptableContentTypes().isEmpty()) {
            return unsupported.getAcceptableContentTypes().stream()
                    .sorted()
                    .collect(Collectors.joining(" or ", "The request body must be sent as ", "."));
        }
        return "The request body's Content-Type is not supported here.";
    }
}
