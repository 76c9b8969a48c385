package dev.schemakit.service.idp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * The provider rotates its signing key while the service runs, and no request fails: a client that
 * takes a fresh token now and then gets 200 throughout, before, during and after the rotation, from
 * one server that is never restarted. A token signed with the new key is accepted at once (its
 * unknown {@code kid} makes the service fetch the key set again); one signed with the old key stays
 * accepted while the provider still publishes that key, and is refused within twice
 * {@code schemakit.auth.jwks-refresh} once the provider has removed it, the service's token cache
 * included.
 */
@MicronautTest
class KeyRotationTest extends ProviderTestSupport {

    /** Short, so the test sees a removed key refused in seconds. */
    private static final Duration REFRESH = Duration.ofSeconds(3);

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>(super.getProperties());
        properties.put("schemakit.auth.jwks-refresh", REFRESH.toSeconds() + "s");
        return properties;
    }

    @Test
    void keysRotateAtTheProviderWithoutAFailedRequestOrARestart() throws Exception {
        HttpResponse<String> created = bearer(keycloak().token("carol", "users:admin")).post("/users", """
                {"username": "alice", "email": "alice@example.com"}
                """);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String oldToken = keycloak().token("alice", "users:read");
        String oldKid = kid(oldToken);
        assertEquals(200, bearer(oldToken).get(location).statusCode());

        // A client that reads all along, taking a new token from the provider every few requests.
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread client = new Thread(() -> {
            String token = null;
            while (running.get()) {
                try {
                    if (requests.get() % 5 == 0) {
                        token = keycloak().token("alice", "users:read");
                    }
                    HttpResponse<String> response = bearer(token).get(location);
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " with kid " + kid(token) + ": " + response.body());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
                requests.incrementAndGet();
                Keycloak.sleep(Duration.ofMillis(50));
            }
        }, "rotation-client");
        client.start();
        try {
            Keycloak.sleep(Duration.ofSeconds(1));

            // A new key with a higher priority: the provider signs with it from now on.
            keycloak().addSigningKey("RS256", 1_000 + (int) (Instant.now().getEpochSecond() % 1_000));
            String newToken = keycloak().token("alice", "users:read");
            assertNotEquals(oldKid, kid(newToken));
            assertEquals(200, bearer(newToken).get(location).statusCode());
            assertEquals(200, bearer(oldToken).get(location).statusCode());
            Keycloak.sleep(REFRESH.multipliedBy(2));
            assertEquals(200, bearer(oldToken).get(location).statusCode(), "the old key is still published");

            // The old key is removed from the key set.
            keycloak().disableKeyProvider(keycloak().componentOfKey(oldKid));
            Instant removed = Instant.now();
            Instant deadline = removed.plus(REFRESH.multipliedBy(2)).plusSeconds(3);
            int status = 200;
            while (status == 200 && Instant.now().isBefore(deadline)) {
                status = bearer(oldToken).get(location).statusCode();
                Keycloak.sleep(Duration.ofMillis(200));
            }
            assertEquals(401, status, "a token of the removed key is refused within twice the refresh");
            System.out.printf("KeyRotationTest: a token of the removed key was refused %.1f s after the removal%n",
                    Duration.between(removed, Instant.now()).toMillis() / 1000.0);
            assertEquals(200, bearer(newToken).get(location).statusCode());
            Keycloak.sleep(Duration.ofSeconds(1));
        } finally {
            running.set(false);
            client.join();
        }

        assertEquals(List.of(), List.copyOf(failures), "requests failed during the rotation");
        assertTrue(requests.get() > 50, "only " + requests.get() + " requests were sent during the rotation");
    }

    private static String kid(String token) throws ParseException {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }
}
