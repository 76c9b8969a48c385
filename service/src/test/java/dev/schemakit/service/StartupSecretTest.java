package dev.schemakit.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.micronaut.context.ApplicationContext;

/**
 * The service refuses to start without a usable token secret, and says so in the one line
 * {@link Application} logs, rather than starting and rejecting every token. It refuses before it
 * touches the database.
 */
class StartupSecretTest extends PostgresTestSupport {

    @Test
    void refusesToStartWithoutASecret() {
        assertEquals("No token secret is configured: set SCHEMAKIT_AUTH_JWT_SECRET (schemakit.auth.jwt-secret) to a"
                + " random string of at least 32 bytes, for example the output of 'openssl rand -base64 32'.",
                startupFailure(""));
    }

    @Test
    void refusesToStartWithAShortSecret() {
        assertEquals("The token secret SCHEMAKIT_AUTH_JWT_SECRET (schemakit.auth.jwt-secret) is 31 bytes long; HS256"
                + " needs at least 32, for example the output of 'openssl rand -base64 32'.",
                startupFailure("x".repeat(31)));
    }

    @Test
    void refusesBeforeMigratingTheDatabase() throws SQLException {
        try (Connection admin = connect(postgres().getJdbcUrl())) {
            admin.createStatement().execute("CREATE DATABASE refused_without_secret");
        }
        String url = postgres().getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/refused_without_secret$1");

        startupFailure("", Map.of("datasources.default.url", url));

        try (Connection connection = connect(url)) {
            assertEquals(false, connection.getMetaData().getTables(null, null, "flyway_schema_history", null).next());
        }
    }

    private String startupFailure(String secret) {
        return startupFailure(secret, Map.of());
    }

    private String startupFailure(String secret, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.put("schemakit.auth.jwt-secret", secret);
        properties.putAll(overrides);
        Exception failure = assertThrows(Exception.class, () -> ApplicationContext.run(properties).close());
        return Application.describe(failure);
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, postgres().getUsername(), postgres().getPassword());
    }
}
