package dev.schemakit.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * Orchestrators probe health without a token, so every health path answers anonymous callers,
 * with the status only; the details (which name the database) are for callers with a valid token.
 */
@MicronautTest
class HealthAccessTest extends ApiTestSupport {

    @Test
    void livenessAndReadinessAnswerAnonymousCallers() {
        for (String path : new String[] {"/health/liveness", "/health/readiness"}) {
            HttpResponse<String> response = api.anonymous().get(path);

            assertEquals(200, response.statusCode(), path + ": " + response.body());
            assertEquals(api.parse("{\"status\": \"UP\"}"), api.json(response), path);
        }
    }

    @Test
    void healthShowsAnonymousCallersTheStatusOnly() {
        HttpResponse<String> response = api.anonymous().get("/health");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(api.parse("{\"status\": \"UP\"}"), api.json(response));
    }

    @Test
    void healthShowsCallersWithAnInvalidTokenTheStatusOnly() {
        HttpResponse<String> response = api.withAuthorization("Bearer not-a-jwt").get("/health");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(api.parse("{\"status\": \"UP\"}"), api.json(response));
    }

    @Test
    void healthShowsAuthenticatedCallersTheDetails() {
        HttpResponse<String> response = api.get("/health");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = api.json(response);
        assertEquals("UP", body.get("status").getStringValue());
        JsonNode database = body.get("details").get("jdbc");
        assertNotNull(database, response.body());
        assertEquals("UP", database.get("status").getStringValue(), response.body());
    }
}
