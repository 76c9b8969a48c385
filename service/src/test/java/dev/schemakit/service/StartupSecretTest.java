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
 * The service refuses to start without a usable token secret, or with token settings that are
 * incomplete or contradict each other (a provider without issuer and audience, a provider and a
 * secret, a reads setting it does not know), and says so in the one line {@link Application} logs,
 * rather than starting and rejecting every token. It refuses before it touches the database.
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

    @Test
    void refusesAProviderWithoutIssuerAndAudience() {
        assertEquals("SCHEMAKIT_AUTH_JWKS_URL is set, so tokens come from an identity provider: set"
                + " SCHEMAKIT_AUTH_ISSUER (schemakit.auth.issuer) to its issuer, the exact iss of its tokens, and"
                + " SCHEMAKIT_AUTH_AUDIENCE (schemakit.auth.audience) to the audience (aud) its tokens for this service"
                + " carry.", startupFailure("", Map.of("schemakit.auth.jwks-url", "https://idp.example/certs")));
    }

    @Test
    void refusesAProviderAndASecretTogether() {
        assertEquals("Both SCHEMAKIT_AUTH_JWKS_URL and SCHEMAKIT_AUTH_JWT_SECRET are set: tokens come either from an"
                + " identity provider or from this service's secret, not both. Unset one.",
                startupFailure("x".repeat(32), Map.of("schemakit.auth.jwks-url", "https://idp.example/certs",
                        "schemakit.auth.issuer", "https://idp.example", "schemakit.auth.audience", "schemakit")));
    }

    @Test
    void refusesAJwksUrlThatIsNoHttpUrl() {
        assertEquals("SCHEMAKIT_AUTH_JWKS_URL (schemakit.auth.jwks-url) must be the absolute http or https URL of"
                + " the identity provider's JSON Web Key Set, such as"
                + " https://idp.example/realms/app/protocol/openid-connect/certs.",
                startupFailure("", Map.of("schemakit.auth.jwks-url", "idp.example/certs", "schemakit.auth.issuer",
                        "https://idp.example", "schemakit.auth.audience", "schemakit")));
    }

    @Test
    void refusesAnUnknownReadsSettingAndTheRemovedOne() {
        assertEquals("SCHEMAKIT_AUTH_READS (schemakit.auth.reads) must be one of anonymous, authenticated, scope, own.",
                startupFailure("x".repeat(32), Map.of("schemakit.auth.reads", "everyone")));
        assertEquals("SCHEMAKIT_AUTH_READS_REQUIRE_TOKEN (schemakit.auth.reads-require-token) is no longer read: set"
                + " SCHEMAKIT_AUTH_READS (schemakit.auth.reads) to anonymous, authenticated, scope or own instead (false"
                + " was anonymous, true authenticated).",
                startupFailure("x".repeat(32), Map.of("schemakit.auth.reads-require-token", "false")));
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
