package dev.schemakit.service.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * Operators probe /health, /health/liveness and /health/readiness without a token; they answer the
 * status only, without details that would name the database or quote its errors.
 */
@MicronautTest
class HealthEndpointTest extends ApiTestSupport {

    @Test
    void healthIsUpWithStatusOnly() {
        assertUp(api.anonymous().get("/health"));
    }

    @Test
    void livenessIsUp() {
        assertUp(api.anonymous().get("/health/liveness"));
    }

    @Test
    void readinessIsUpWhileTheDatabaseAnswers() {
        assertUp(api.anonymous().get("/health/readiness"));
    }

    @Test
    void otherManagementEndpointsAreNotServed() {
        for (String path : new String[] {"/routes", "/flyway", "/beans", "/env", "/loggers"}) {
            assertEquals(404, api.get(path).statusCode(), path);
        }
    }

    private void assertUp(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertEquals(api.parse("""
                {"status": "UP"}
                """), api.json(response), response::body);
    }
}
