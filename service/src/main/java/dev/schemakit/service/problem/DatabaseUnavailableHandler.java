package dev.schemakit.service.problem;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers a failed query with a 503 {@link ProblemType#DATABASE_UNAVAILABLE} problem and a
 * {@code Retry-After} header when the database, not the request or the code, is the cause: no
 * connection within the pool's timeout, a broken or timed-out connection, a server shutting down,
 * or a statement or lock wait cancelled by {@code statement_timeout} / {@code lock_timeout}. Any
 * other {@link DataAccessException} is a bug and gets the 500 of {@link UnexpectedErrorHandler}.
 * <p>
 * The body is the same for every cause; the cause is logged as one line without stack trace,
 * since during an outage every request fails the same way.
 */
@Singleton
final class DatabaseUnavailableHandler implements ExceptionHandler<DataAccessException, HttpResponse<Problem>> {

    /** Seconds a client should wait before retrying: about the time a restarting server needs. */
    static final int RETRY_AFTER_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);

    // SQLSTATEs (PostgreSQL appendix A) that say the server is away or gave up waiting, not that
    // the statement is wrong: query_canceled (statement_timeout), lock_not_available (lock_timeout),
    // admin_shutdown, crash_shutdown, cannot_connect_now (starting up), too_many_connections.
    // Class 08 (connection exception) is matched as a whole below.
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57014", "55P03", "57P01", "57P02", "57P03", "53300");

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DataAccessException exception) {
        Throwable cause = unavailabilityCause(exception);
        if (cause == null) {
            return UnexpectedErrorHandler.report(request, exception).toResponse();
        }
        LOG.warn("Database unavailable answering {} {}: {}", request.getMethodName(), request.getPath(),
                cause.toString());
        return Problem.of(ProblemType.DATABASE_UNAVAILABLE,
                "The database is unavailable or did not answer in time. Retry after the number of seconds in Retry-After.")
                .toResponse()
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    }

    /**
     * The exception in {@code failure}'s cause chain that shows the database unavailable, or
     * {@code null} if none does.
     */
    static @Nullable Throwable unavailabilityCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SocketTimeoutException) {
                return t;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
