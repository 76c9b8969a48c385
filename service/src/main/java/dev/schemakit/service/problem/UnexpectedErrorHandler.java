package dev.schemakit.service.problem;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers every exception that no more specific handler claims with a 500
 * {@link ProblemType#INTERNAL_ERROR} problem. The body carries only a generic detail and a fresh
 * error id; the id, the request line and the exception with its stack trace go to the log, so an
 * operator can find the cause from what the client reports.
 */
@Singleton
final class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, Exception exception) {
        return report(request, exception).toResponse();
    }

    /**
     * Logs {@code cause} under a new error id and returns the problem that discloses only that id.
     *
     * @param request the request that failed
     * @param cause   the failure, or {@code null} when none is known
     */
    static Problem report(HttpRequest<?> request, @Nullable Throwable cause) {
        String errorId = UUID.randomUUID().toString();
        LOG.error("Unexpected error {} answering {} {}", errorId, request.getMethodName(), request.getPath(), cause);
        return new Problem(ProblemType.INTERNAL_ERROR.uri(), ProblemType.INTERNAL_ERROR.title(),
                ProblemType.INTERNAL_ERROR.status().getCode(),
                "The server failed to answer the request. Quote the error id when reporting this.", null, errorId);
    }
}
