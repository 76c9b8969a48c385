package dev.schemakit.service.idp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * The identity provider is away: a token the service cannot verify for want of the provider's keys
 * is answered 503 {@code identity-provider-unavailable} with {@code Retry-After}, not the 401 of a
 * bad token, and is accepted, with no restart, once the provider answers again. Keys fetched earlier
 * stay in use through a later outage. The provider here is a JSON Web Key Set served by the JDK's
 * HTTP server, switched between answering 503 and serving the set; the tokens are RS256, signed with
 * the key it publishes.
 */
// What this proves does not depend on where PostgreSQL comes from (.ci/run runs it once).
@Tag("any-postgres")
// A server of its own per test: each starts with no key set fetched.
@MicronautTest(rebuildContext = true)
class ProviderOutageTest extends ApiTestSupport {

    private static final String ISSUER = "https://idp.test/realms/schemakit";
    private static final String AUDIENCE = "schemakit";
    /** jwks-refresh 2 s: a rate limit of one second between fetches, hence Retry-After: 1. */
    private static final Duration REFRESH = Duration.ofSeconds(2);

    private static final RSAKey KEY = rsaKey("published");
    private static volatile boolean providerUp;
    private static HttpServer provider;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("schemakit.auth.jwks-url", startProvider() + "/certs");
        properties.put("schemakit.auth.issuer", ISSUER);
        properties.put("schemakit.auth.audience", AUDIENCE);
        properties.put("schemakit.auth.jwt-secret", "");
        properties.put("schemakit.auth.jwks-refresh", REFRESH.toSeconds() + "s");
        return properties;
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.stop(0);
        }
    }

    @Test
    void aTokenThatCannotBeVerifiedWhileTheProviderIsAwayIsAnswered503AndAcceptedOnceItIsBack() {
        providerUp = false;
        String token = token(KEY, "users:read");
        for (int attempt = 1; attempt <= 3; attempt++) {
            // The first fetches fail, the ones after are held back by the rate limit: all are 503.
            HttpResponse<String> refused = api.withAuthorization("Bearer " + token).get("/users");
            api.assertProblem(refused, 503, """
                    {"type": "https://schemakit.dev/problems/identity-provider-unavailable",
                     "title": "Service temporarily unavailable", "status": 503,
                     "detail": "The bearer token cannot be verified now: the identity provider's keys cannot be \
                    fetched. Retry with the same token after the number of seconds in Retry-After."}""");
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null), "attempt " + attempt);
        }
        // No token at all is still the caller's problem.
        assertEquals(401, api.anonymous().offContract().get("/users").statusCode());

        providerUp = true;
        HttpResponse<String> accepted = untilNot503(token);
        assertEquals(200, accepted.statusCode(), accepted.body());

        // A token signed by a key the provider does not publish is refused as before.
        HttpResponse<String> forged = api.withAuthorization("Bearer " + token(rsaKey("unknown"), "users:read"))
                .get("/users");
        assertEquals(401, forged.statusCode(), forged.body());
    }

    @Test
    void keysFetchedEarlierStayInUseWhileTheProviderIsAway() throws InterruptedException {
        providerUp = true;
        assertEquals(200, untilNot503(token(KEY, "users:read")).statusCode());

        providerUp = false;
        // Past the refresh: the kept set is stale, the fetch fails, and the stale set is used.
        Thread.sleep(REFRESH.plusMillis(500).toMillis());
        HttpResponse<String> response = api.withAuthorization("Bearer " + token(KEY, "users:read")).get("/users");
        assertEquals(200, response.statusCode(), response.body());
    }

    /** The response to GET /users with {@code token}, once the rate limit lets a fetch through (seconds). */
    private HttpResponse<String> untilNot503(String token) {
        Instant deadline = Instant.now().plus(REFRESH.multipliedBy(5));
        while (true) {
            HttpResponse<String> response = api.withAuthorization("Bearer " + token).get("/users");
            if (response.statusCode() != 503 || Instant.now().isAfter(deadline)) {
                return response;
            }
            Keycloak.sleep(Duration.ofMillis(200));
        }
    }

    /** A token of the provider's shape, signed with {@code key}; a new one on every call. */
    private static String token(RSAKey key, String scope) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("reader")
                .jwtID(UUID.randomUUID().toString())
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .claim("scope", scope)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the provider's key set endpoint once, and returns its base URL. */
    private static synchronized String startProvider() {
        if (provider == null) {
            try {
                provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] keySet = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            provider.createContext("/certs", exchange -> {
                try (exchange) {
                    if (providerUp) {
                        exchange.getResponseHeaders().set("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, keySet.length);
                        exchange.getResponseBody().write(keySet);
                    } else {
                        exchange.sendResponseHeaders(503, -1);
                    }
                }
            });
            provider.start();
        }
        return "http://127.0.0.1:" + provider.getAddress().getPort();
    }
}
