package dev.schemakit.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;

import dev.schemakit.service.Api;
import dev.schemakit.service.ApiTestSupport;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * A token the service has verified is remembered until its {@code exp}, so repeating it is cheap;
 * none of that may let through a token that would be refused on its own: one that differs from an
 * accepted token in a single character, one signed with another secret, one past its {@code exp},
 * or one whose {@code nbf} lies ahead. Each of them gets the same 401 problem as any bad token.
 */
@MicronautTest
class TokenCacheTest extends ApiTestSupport {

    private String location;

    @BeforeEach
    void createUser() {
        HttpResponse<String> created = api.post("/users", """
                {"username": "alice", "email": "alice@example.com"}
                """);
        assertEquals(201, created.statusCode(), created.body());
        location = created.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void tokenOneCharacterOffFromAnAcceptedOneIs401() {
        String token = api.token("bob", Instant.now().plus(Duration.ofHours(1)));
        assertAccepted(token);
        assertAccepted(token);
        String[] parts = token.split("\\.");

        assertRefused(parts[0] + "." + parts[1] + "." + changedInTheMiddle(parts[2]));
        assertRefused(parts[0] + "." + changedInTheMiddle(parts[1]) + "." + parts[2]);
        assertRefused(token + "x");
        assertAccepted(token);
    }

    @Test
    void sameClaimsSignedWithAnotherSecretAre401AfterTheGenuineTokenWasAccepted() throws JOSEException {
        Instant expiresAt = Instant.now().plus(Duration.ofHours(1));
        String secret = server.getApplicationContext().getRequiredProperty(TokenSecret.PROPERTY, String.class);
        String genuine = AuthenticationTest.hs256(secret, "bob", expiresAt);
        String forged = AuthenticationTest.hs256("another-secret-another-secret-another-secret", "bob", expiresAt);
        assertAccepted(genuine);

        assertRefused(forged);
    }

    @Test
    void acceptedTokenIs401AtAServiceWhoseSecretChanged() {
        String token = api.token("bob", Instant.now().plus(Duration.ofHours(1)));
        assertAccepted(token);
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.put("schemakit.auth.jwt-secret", "a-new-secret-a-new-secret-a-new-secret-0123");
        properties.put("micronaut.server.port", -1);

        try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, properties)) {
            Api newSecret = new Api(restarted, jsonMapper);

            api.assertProblem(newSecret.withAuthorization("Bearer " + token).get(location), 401,
                    AuthenticationTest.BAD_TOKEN);
            assertEquals(200, newSecret.get(location).statusCode());
        }
        assertAccepted(token);
    }

    @Test
    void acceptedTokenIs401OnceItHasExpired() throws InterruptedException {
        // exp is in whole seconds: the token expires at the start of the second after next.
        Instant expiresAt = Instant.now().plusSeconds(2);
        String token = api.token("bob", expiresAt);
        assertAccepted(token);
        assertAccepted(token);

        Thread.sleep(Duration.between(Instant.now(), expiresAt).toMillis() + 1_100);

        assertRefused(token);
    }

    @Test
    void tokenWhoseNotBeforeLiesAheadIs401EveryTime() {
        String token = api.token(
                Map.of("sub", "bob", "scope", "users:read", "exp", Date.from(Instant.now().plus(Duration.ofHours(1))),
                        "nbf", Date.from(Instant.now().plus(Duration.ofMinutes(10)))));

        assertRefused(token);
        assertRefused(token);
    }

    @Test
    void tokenIsAcceptedOnceItsNotBeforeHasPassed() throws InterruptedException {
        Instant notBefore = Instant.now().plusSeconds(2);
        String token = api.token(
                Map.of("sub", "bob", "scope", "users:read", "exp", Date.from(Instant.now().plus(Duration.ofHours(1))),
                        "nbf", Date.from(notBefore)));
        assertRefused(token);

        Thread.sleep(Duration.between(Instant.now(), notBefore).toMillis() + 1_100);

        assertAccepted(token);
        assertAccepted(token);
    }

    private void assertAccepted(String token) {
        HttpResponse<String> response = api.withAuthorization("Bearer " + token).get(location);
        assertEquals(200, response.statusCode(), response.body());
    }

    private void assertRefused(String token) {
        HttpResponse<String> response = api.withAuthorization("Bearer " + token).get(location);
        api.assertProblem(response, 401, AuthenticationTest.BAD_TOKEN);
        assertEquals("Bearer realm=\"schemakit\", error=\"invalid_token\"",
                response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    /** {@code base64url} with its middle character replaced by another base64url character. */
    private static String changedInTheMiddle(String base64url) {
        int middle = base64url.length() / 2;
        char replacement = base64url.charAt(middle) == 'A' ? 'B' : 'A';
        return base64url.substring(0, middle) + replacement + base64url.substring(middle + 1);
    }
}
