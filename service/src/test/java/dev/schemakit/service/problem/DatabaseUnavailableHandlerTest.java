package dev.schemakit.service.problem;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which database failures count as the database being unavailable (503, retry) and which remain
 * bugs (500): a wrong statement must never be hidden behind "retry later". DatabaseOutageTest
 * provokes the real ones against PostgreSQL; this covers the SQLSTATEs it cannot provoke.
 */
class DatabaseUnavailableHandlerTest {

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "57014", "55P03", "57P01", "57P02", "57P03", "53300"})
    void databaseAwayOrTooSlowIsUnavailable(String sqlState) {
        assertNotNull(DatabaseUnavailableHandler.unavailabilityCause(jooqWrapping(new SQLException("x", sqlState))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "23502", "42P01", "42703", "22001", "40001", "XX000"})
    void wrongStatementOrDataIsNotUnavailable(String sqlState) {
        assertNull(DatabaseUnavailableHandler.unavailabilityCause(jooqWrapping(new SQLException("x", sqlState))));
    }

    @Test
    void poolTimeoutAndSocketTimeoutAreUnavailable() {
        assertNotNull(DatabaseUnavailableHandler.unavailabilityCause(
                jooqWrapping(new SQLTransientConnectionException("Connection is not available"))));
        assertNotNull(DatabaseUnavailableHandler.unavailabilityCause(
                jooqWrapping(new SQLException("An I/O error occurred", null,
                        new SocketTimeoutException("Read timed out")))));
    }

    @Test
    void failureWithoutSqlStateIsNotUnavailable() {
        assertNull(DatabaseUnavailableHandler.unavailabilityCause(new DataAccessException("no rows")));
    }

    private static DataAccessException jooqWrapping(SQLException cause) {
        return new DataAccessException("SQL [...]", cause);
    }
}
