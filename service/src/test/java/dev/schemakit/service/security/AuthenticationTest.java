package dev.schemakit.service.security;

import static dev.schemakit.model.Tables.USERS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.schemakit.model.tables.records.UsersRecord;
import dev.schemakit.service.Api;
import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * With the default settings every request to /users needs a valid bearer token: without one, or
 * with one that is forged, expired, unsigned or malformed, the answer is 401 with a problem body
 * and a {@code WWW-Authenticate: Bearer} challenge, and the table is left as it was.
 */
@MicronautTest
class AuthenticationTest extends ApiTestSupport {

    static final String NO_TOKEN = """
            {"type": "https://schemakit.dev/problems/unauthorized", "title": "Unauthorized", "status": 401,
             "detail": "This request needs a bearer token: send the header 'Authorization: Bearer <token>'."}
            """;

    static final String BAD_TOKEN = """
            {"type": "https://schemakit.dev/problems/unauthorized", "title": "Unauthorized", "status": 401,
             "detail": "The bearer token is not valid: it is malformed, has expired, or is not signed by a key this service trusts."}
            """;

    private static final String ALICE = """
            {"username": "alice", "email": "alice@example.com"}
            """;

    // Writes without a token

    @Test
    void anonymousCreateIs401AndStoresNothing() {
        HttpResponse<String> response = api.anonymous().offContract().post("/users", ALICE);

        assertNoToken(response);
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void anonymousPatchIs401AndChangesNothing() {
        UsersRecord before = createAlice();

        HttpResponse<String> response = api.anonymous().offContract().patch("/users/" + before.getId(), """
                {"email": "mallory@example.com"}
                """);

        assertNoToken(response);
        assertEquals(before, row(before.getId()));
    }

    @Test
    void anonymousDeleteIs401AndKeepsTheUser() {
        UsersRecord before = createAlice();

        HttpResponse<String> response = api.anonymous().offContract().delete("/users/" + before.getId());

        assertNoToken(response);
        assertEquals(before, row(before.getId()));
    }

    @Test
    void anonymousWriteToAMissingUserIs401NotA404() {
        assertNoToken(api.anonymous().offContract().delete("/users/999999"));
        assertNoToken(api.anonymous().offContract().send("PUT", "/users/1", "application/json", ALICE));
    }

    // Reads without a token (the default: reads need users:read)

    @Test
    void anonymousReadsAre401ByDefault() {
        UsersRecord alice = createAlice();

        assertNoToken(api.anonymous().offContract().get("/users"));
        assertNoToken(api.anonymous().offContract().get("/users/" + alice.getId()));
        assertNoToken(api.anonymous().offContract().get("/users?limit=1"));
    }

    // Tokens that are not accepted

    @Test
    void tokenSignedWithAnotherSecretIs401() throws JOSEException {
        String forged = hs256("another-secret-another-secret-another-secret", Api.SUBJECT,
                Instant.now().plus(Duration.ofHours(1)));

        assertBadTokenAndNothingStored(api.withAuthorization("Bearer " + forged).post("/users", ALICE));
    }

    @Test
    void expiredTokenIs401() {
        String expired = api.token(Api.SUBJECT, Instant.now().minus(Duration.ofMinutes(1)));

        assertBadTokenAndNothingStored(api.withAuthorization("Bearer " + expired).post("/users", ALICE));
    }

    @Test
    void tokenWithoutExpiryIs401() {
        String eternal = api.token(Map.of("sub", Api.SUBJECT, "iat", new Date()));

        assertBadTokenAndNothingStored(api.withAuthorization("Bearer " + eternal).post("/users", ALICE));
    }

    @Test
    void unsignedTokenIs401() {
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder()
                .subject(Api.SUBJECT)
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                .build()).serialize();

        assertBadTokenAndNothingStored(api.withAuthorization("Bearer " + unsigned).post("/users", ALICE));
    }

    @Test
    void tokenWithoutSubjectIs401() {
        String anonymous = api.token(Map.of("exp", Date.from(Instant.now().plus(Duration.ofHours(1)))));

        assertBadTokenAndNothingStored(api.withAuthorization("Bearer " + anonymous).post("/users", ALICE));
    }

    @Test
    void tamperedTokenIs401() {
        String token = api.token("bob", Instant.now().plus(Duration.ofHours(1)));
        String[] parts = token.split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"admin\",\"exp\":" + Instant.now().plus(Duration.ofDays(365)).getEpochSecond() + "}")
                        .getBytes(UTF_8));

        assertBadTokenAndNothingStored(api.withAuthorization("Bearer " + parts[0] + "." + otherClaims + "." + parts[2])
                .post("/users", ALICE));
    }

    @Test
    void malformedBearerTokenIs401() {
        assertBadTokenAndNothingStored(api.withAuthorization("Bearer not-a-jwt").post("/users", ALICE));
        assertBadTokenAndNothingStored(api.withAuthorization("Bearer a.b.c").post("/users", ALICE));
    }

    @Test
    void otherAuthorizationSchemesCountAsNoToken() {
        assertNoToken(api.withAuthorization("Basic YWxpY2U6c2VjcmV0").offContract().post("/users", ALICE));
        assertNoToken(api.withAuthorization(api.token(Api.SUBJECT, Instant.now().plus(Duration.ofHours(1))))
                .offContract().post("/users", ALICE));
        assertEquals(0, dsl.fetchCount(USERS));
    }

    // Accepted

    @Test
    void validTokenCanWriteAndRead() {
        String token = api.token("alice", Instant.now().plus(Duration.ofMinutes(5)));
        Api alice = api.withAuthorization("Bearer " + token);

        HttpResponse<String> created = alice.post("/users", ALICE);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertEquals(200, alice.get(location).statusCode());
        assertEquals(200, alice.patch(location, "{\"isActive\": false}").statusCode());
        assertEquals(204, alice.delete(location).statusCode());
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void unknownPathIs404WithOrWithoutToken() {
        assertEquals(404, api.anonymous().offContract().get("/no-such-thing").statusCode());
        assertEquals(404, api.get("/no-such-thing").statusCode());
    }

    private UsersRecord createAlice() {
        HttpResponse<String> created = api.post("/users", ALICE);
        assertEquals(201, created.statusCode(), created.body());
        return row(api.json(created).get("id").getLongValue());
    }

    private UsersRecord row(long id) {
        return dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOne();
    }

    private void assertNoToken(HttpResponse<String> response) {
        api.assertProblem(response, 401, NO_TOKEN);
        assertEquals("Bearer realm=\"schemakit\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    private void assertBadTokenAndNothingStored(HttpResponse<String> response) {
        api.assertProblem(response, 401, BAD_TOKEN);
        assertEquals("Bearer realm=\"schemakit\", error=\"invalid_token\"",
                response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(0, dsl.fetchCount(USERS));
    }

    static String hs256(String secret, String subject, Instant expiresAt) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("scope", Api.ADMIN_SCOPE)
                .expirationTime(Date.from(expiresAt))
                .build());
        jwt.sign(new MACSigner(secret.getBytes(UTF_8)));
        return jwt.serialize();
    }
}
