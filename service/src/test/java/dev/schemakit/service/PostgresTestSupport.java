package dev.schemakit.service;

import java.util.Map;

import org.junit.jupiter.api.TestInstance;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import io.micronaut.test.support.TestPropertyProvider;

/**
 * Base of every test that needs the database: points the application's default data source at one
 * PostgreSQL container that is started once for the whole test run (on first use) and removed
 * when the JVM exits. The image comes from the {@code postgres.image} system property that the
 * build passes to Surefire. The application migrates it at startup, as in production.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PostgresTestSupport implements TestPropertyProvider {

    private static final PostgreSQLContainer POSTGRES = startPostgres();

    private static PostgreSQLContainer startPostgres() {
        DockerImageName image = DockerImageName.parse(System.getProperty("postgres.image", "postgres:17"))
                .asCompatibleSubstituteFor("postgres");
        PostgreSQLContainer postgres = new PostgreSQLContainer(image);
        postgres.start();
        // Ryuk may be disabled where no registry is reachable, so nothing else would remove it.
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::stop, "stop-postgres"));
        return postgres;
    }

    /** The shared container, for tests that need more than the application's data source. */
    protected static PostgreSQLContainer postgres() {
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
