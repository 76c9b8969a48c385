package dev.schemakit.service;

import java.util.Map;

import org.junit.jupiter.api.TestInstance;

import io.micronaut.test.support.TestPropertyProvider;

import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * Base of every test that needs the database: points the application's default data source at one
 * throwaway PostgreSQL (a container where Docker works, else an embedded server) that is started
 * once for the whole test run (on first use) and removed when the JVM exits. The application
 * migrates it at startup, as in production.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PostgresTestSupport implements TestPropertyProvider {

    private static final ThrowawayPostgres POSTGRES = ThrowawayPostgres.start();

    /** The shared server, for tests that need more than the application's data source. */
    protected static ThrowawayPostgres postgres() {
        return POSTGRES;
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "datasources.default.url", POSTGRES.getJdbcUrl(),
                "datasources.default.username", POSTGRES.getUsername(),
                "datasources.default.password", POSTGRES.getPassword());
    }
}
