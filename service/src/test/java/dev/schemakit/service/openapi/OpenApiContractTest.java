package dev.schemakit.service.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * The contract check that every HTTP test goes through is live: handed a response the served
 * document does not describe, it fails with the validator's own message; a request through
 * {@code Api} that breaks the document fails unless marked off the contract.
 */
@MicronautTest
class OpenApiContractTest extends ApiTestSupport {

    private static final String ALICE = """
            {"username": "alice", "email": "alice@example.com"}
            """;

    private OpenApiContract contract;

    @BeforeEach
    void readServedDocument() {
        contract = OpenApiContract.servedBy(server.getURI());
    }

    @Test
    void rejectsAUserWithoutEmail() {
        HttpResponse<String> created = api.post("/users", ALICE);
        assertEquals(201, created.statusCode(), created::body);
        String withoutEmail = created.body().replace("\"email\":\"alice@example.com\",", "");
        assertTrue(!withoutEmail.contains("email") && withoutEmail.contains("\"username\":\"alice\""), withoutEmail);

        AssertionError rejected = assertThrows(AssertionError.class, () -> contract.check(post(ALICE), utf8(ALICE),
                201, created.headers(), utf8(withoutEmail), true));

        assertTrue(rejected.getMessage().contains(
                "[ERROR][RESPONSE][POST /users] Object has missing required properties ([\"email\"])"),
                rejected::getMessage);
    }

    @Test
    void rejectsAConflictServedAsPlainJson() {
        assertEquals(201, api.post("/users", ALICE).statusCode());
        HttpResponse<String> conflict = api.post("/users", ALICE);
        assertEquals(409, conflict.statusCode(), conflict::body);
        HttpHeaders asJson = withHeader(conflict.headers(), "Content-Type", "application/json");

        AssertionError rejected = assertThrows(AssertionError.class, () -> contract.check(post(ALICE), utf8(ALICE),
                409, asJson, utf8(conflict.body()), true));

        assertTrue(rejected.getMessage().contains("[ERROR][RESPONSE][POST /users] Response Content-Type header "
                + "'application/json' does not match any allowed types. Must be one of: [application/problem+json]."),
                rejected::getMessage);
    }

    @Test
    void rejectsAStatusTheOperationDoesNotDocument() {
        HttpResponse<String> created = api.post("/users", ALICE);

        AssertionError rejected = assertThrows(AssertionError.class, () -> contract.check(post(ALICE), utf8(ALICE),
                200, created.headers(), utf8(created.body()), true));

        assertTrue(rejected.getMessage().contains("Response status 200 not defined for path '/users'."),
                rejected::getMessage);
    }

    @Test
    void checksTheResponseOfARequestSentOffTheContract() {
        HttpResponse<String> created = api.post("/users", ALICE);
        String unknownMember = "{\"nickname\": \"al\"}";

        AssertionError rejected = assertThrows(AssertionError.class, () -> contract.check(post(unknownMember),
                utf8(unknownMember), 201, created.headers(), utf8(created.body().replace("\"id\":", "\"uid\":")),
                false));

        assertTrue(rejected.getMessage().contains("Object has missing required properties ([\"id\"])"),
                rejected::getMessage);
        assertTrue(!rejected.getMessage().contains("[REQUEST]"), rejected::getMessage);
    }

    @Test
    void checksTheAnswerToAMethodThePathLacksAgainstTheDocumented405() {
        HttpResponse<String> notAllowed = api.offContract().send("PUT", "/users/1", "application/json", ALICE);
        assertEquals(405, notAllowed.statusCode(), notAllowed::body);
        HttpRequest put = HttpRequest.newBuilder(server.getURI().resolve("/users/1"))
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(ALICE))
                .build();
        HttpHeaders asJson = withHeader(notAllowed.headers(), "Content-Type", "application/json");

        contract.check(put, utf8(ALICE), 405, notAllowed.headers(), utf8(notAllowed.body()), false);
        AssertionError rejected = assertThrows(AssertionError.class, () -> contract.check(put, utf8(ALICE), 405,
                asJson, utf8(notAllowed.body()), false));

        assertTrue(rejected.getMessage().contains("Response Content-Type header 'application/json' does not match "
                + "any allowed types. Must be one of: [application/problem+json]."), rejected::getMessage);
    }

    @Test
    void apiChecksItsRequestsUnlessMarkedOffContract() {
        String unknownMember = """
                {"username": "alice", "email": "alice@example.com", "nickname": "al"}
                """;

        AssertionError rejected = assertThrows(AssertionError.class, () -> api.post("/users", unknownMember));

        assertTrue(rejected.getMessage().contains("[ERROR][REQUEST][POST /users @body] Object instance has "
                + "properties which are not allowed by the schema: [\"nickname\"]"), rejected::getMessage);
        assertEquals(400, api.offContract().post("/users", unknownMember).statusCode());
    }

    private HttpRequest post(String body) {
        return HttpRequest.newBuilder(server.getURI().resolve("/users"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + api.token("contract", Instant.now().plusSeconds(3600)))
                .POST(BodyPublishers.ofString(body))
                .build();
    }

    private static HttpHeaders withHeader(HttpHeaders headers, String name, String value) {
        Map<String, List<String>> changed = new HashMap<>(headers.map());
        changed.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        changed.put(name, List.of(value));
        return HttpHeaders.of(changed, (n, v) -> true);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
