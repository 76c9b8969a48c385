package dev.schemakit.service.idp;

import static dev.schemakit.model.Tables.USERS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * Tokens from a real OpenID Connect provider (Keycloak, {@link Keycloak}): taken from its token
 * endpoint, signed RS256 or ES256 with the keys it publishes, they are accepted with the scopes
 * they carry; a token for another audience, an HS256 token (even with the provider's issuer and the
 * service's audience), and a token past its {@code exp} are 401. A user disabled at the provider
 * gets no new token, and the token it holds stays valid until its {@code exp}: a JWT is verified
 * without asking the provider, as docs/operations.md says.
 */
@MicronautTest
class ProviderTokensTest extends ProviderTestSupport {

    private static final String BAD_TOKEN = """
            {"type": "https://schemakit.dev/problems/unauthorized", "title": "Unauthorized", "status": 401,
             "detail": "The bearer token is not valid: it is malformed, has expired, or is not signed by a key this service trusts."}
            """;

    private static final String ALICE = """
            {"username": "alice", "email": "alice@example.com"}
            """;

    @Test
    void tokensFromTheProvidersTokenEndpointAreAcceptedWithTheirScopes() throws ParseException {
        String admin = keycloak().token("carol", "users:admin");
        String reader = keycloak().token("alice", "users:read");
        assertEquals(keycloak().issuer(), SignedJWT.parse(admin).getJWTClaimsSet().getIssuer());
        assertEquals(JWSAlgorithm.RS256, SignedJWT.parse(admin).getHeader().getAlgorithm());

        HttpResponse<String> created = bearer(admin).post("/users", ALICE);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();

        assertEquals(200, bearer(reader).get(location).statusCode());
        api.assertProblem(bearer(reader).patch(location, "{\"isActive\": false}"), 403, """
                {"type": "https://schemakit.dev/problems/insufficient-scope", "title": "Insufficient scope",
                 "status": 403, "detail": "This request needs a bearer token with the scope users:write (or users:admin)."}
                """);
        assertEquals(true, dsl.select(USERS.IS_ACTIVE).from(USERS).fetchOne(USERS.IS_ACTIVE));
    }

    @Test
    void es256TokensAreAccepted() throws ParseException {
        if (keycloak().signingKeyIds("ES256").isEmpty()) {
            keycloak().addSigningKey("ES256", 100);
        }
        String token = keycloak().token(Keycloak.ES256_CLIENT, "carol", "users:admin");
        assertEquals(JWSAlgorithm.ES256, SignedJWT.parse(token).getHeader().getAlgorithm());

        HttpResponse<String> created = bearer(token).post("/users", ALICE);

        assertEquals(201, created.statusCode(), created.body());
        assertEquals(1, dsl.fetchCount(USERS));
    }

    @Test
    void aTokenForAnotherAudienceIs401() throws ParseException {
        String token = keycloak().token(Keycloak.OTHER_SERVICE_CLIENT, "carol", "users:admin");
        assertTrue(!SignedJWT.parse(token).getJWTClaimsSet().getAudience().contains(Keycloak.AUDIENCE));

        api.assertProblem(bearer(token).post("/users", ALICE), 401, BAD_TOKEN);
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void anHs256TokenIsRefusedWhenTokensComeFromTheProvider() throws JOSEException {
        // Issuer, audience and scope as the provider's own; signed with a secret the attacker chose.
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer(keycloak().issuer())
                .audience(List.of(Keycloak.AUDIENCE))
                .subject("carol")
                .claim("scope", "users:admin")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .build());
        forged.sign(new MACSigner("a-secret-of-the-attackers-choosing-0123456789".getBytes(UTF_8)));

        api.assertProblem(bearer(forged.serialize()).post("/users", ALICE), 401, BAD_TOKEN);
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void aProviderTokenIs401OnceItHasExpired() throws ParseException {
        String token = keycloak().token(Keycloak.SHORT_LIVED_CLIENT, "alice", "users:read");
        Instant expiresAt = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        assertEquals(200, bearer(token).get("/users").statusCode());
        assertEquals(200, bearer(token).get("/users").statusCode());

        Keycloak.sleep(Duration.between(Instant.now(), expiresAt).plusMillis(1_100));

        api.assertProblem(bearer(token).get("/users"), 401, BAD_TOKEN);
    }

    @Test
    void aUserDisabledAtTheProviderGetsNoNewTokenAndKeepsItsTokenUntilItExpires() throws ParseException {
        String token = keycloak().token(Keycloak.SHORT_LIVED_CLIENT, "dave", "users:read");
        Instant expiresAt = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        keycloak().setUserEnabled("dave", false);
        try {
            HttpResponse<String> refused = keycloak().requestToken(Keycloak.CLIENT, "dave", "users:read");
            assertEquals(400, refused.statusCode(), refused.body());

            // Stateless: the service does not ask the provider about a token it can verify.
            assertEquals(200, bearer(token).get("/users").statusCode());
            Keycloak.sleep(Duration.between(Instant.now(), expiresAt).plusMillis(1_100));
            api.assertProblem(bearer(token).get("/users"), 401, BAD_TOKEN);
        } finally {
            keycloak().setUserEnabled("dave", true);
        }
    }

    @Test
    void requestsWithoutATokenAre401() {
        HttpResponse<String> response = api.offContract().get("/users");

        api.assertProblem(response, 401, """
                {"type": "https://schemakit.dev/problems/unauthorized", "title": "Unauthorized", "status": 401,
                 "detail": "This request needs a bearer token: send the header 'Authorization: Bearer <token>'."}
                """);
    }
}
