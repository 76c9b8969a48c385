package dev.schemakit.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.micronaut.context.ApplicationContext;

/**
 * The service refuses to start without a usable token secret, and says so in the one line
 * {@link Application} logs, rather than starting and rejecting every token.
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

    private String startupFailure(String secret) {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.put("schemakit.auth.jwt-secret", secret);
        Exception failure = assertThrows(Exception.class, () -> ApplicationContext.run(properties).close());
        return Application.describe(failure);
    }
}
