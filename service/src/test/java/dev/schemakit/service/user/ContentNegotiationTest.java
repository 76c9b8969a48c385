package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * {@code Accept} on the user API as RFC 9110 §12.5.1 has it: a request is served
 * {@code application/json} when that type is acceptable (exactly, through {@code application/*}
 * or {@code *}{@code /*}, and with a weight above 0) or when only {@code application/problem+json}
 * is; the response's {@code Content-Type} never carries the request's parameters; a request that
 * accepts neither type gets a 406 problem.
 */
@MicronautTest
class ContentNegotiationTest extends ApiTestSupport {

    private static final String NOT_ACCEPTABLE = """
            {"type": "about:blank",
             "title": "Not Acceptable",
             "status": 406,
             "detail": "The request cannot be answered: Not Acceptable."}
            """;

    @ParameterizedTest
    @ValueSource(strings = {
            "application/json",
            "application/*",
            "*/*",
            "application/problem+json",
            "application/json;q=0.9, */*;q=0.1",
            "text/html;q=1, application/*;q=0.5",
            "application/json;q=0.5, application/problem+json",
            "application/json;Q=0.2",
            "text/html, application/problem+json;q=0.3"})
    void getIsServedAsPlainJson(String accept) {
        long id = create("alice");

        HttpResponse<String> response = api.send("GET", "/users/" + id, null, null, "Accept", accept);

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("alice", api.json(response).get("username").getStringValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/*", "application/problem+json", "application/json;q=0.9, */*;q=0.1"})
    void listIsServedAsPlainJson(String accept) {
        create("alice");

        HttpResponse<String> response = api.send("GET", "/users", null, null, "Accept", accept);

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals(1, api.json(response).get("items").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/*", "application/problem+json", "application/json;q=0.9, */*;q=0.1"})
    void createIsServedAsPlainJson(String accept) {
        HttpResponse<String> response = api.send("POST", "/users", "application/json", """
                {"username": "alice", "email": "alice@example.com"}
                """, "Accept", accept);

        assertEquals(201, response.statusCode(), response::body);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals(1, dsl.fetchCount(USERS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/*", "application/problem+json", "application/json;q=0.9, */*;q=0.1"})
    void patchIsServedAsPlainJson(String accept) {
        long id = create("alice");

        HttpResponse<String> response = api.send("PATCH", "/users/" + id, "application/merge-patch+json",
                "{\"isActive\": false}", "Accept", accept);

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals(false, dsl.select(USERS.IS_ACTIVE).from(USERS).fetchOne(USERS.IS_ACTIVE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/*", "application/problem+json", "*/*;q=0.1"})
    void deleteIsServed(String accept) {
        long id = create("alice");

        HttpResponse<String> response = api.send("DELETE", "/users/" + id, null, null, "Accept", accept);

        assertEquals(204, response.statusCode(), response::body);
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/*", "application/problem+json", "application/json;q=0.9, */*;q=0.1"})
    void errorsAreProblemsWhateverIsAccepted(String accept) {
        api.assertProblem(api.send("GET", "/users/999999", null, null, "Accept", accept), 404, """
                {"type": "https://schemakit.dev/problems/user-not-found",
                 "title": "User not found",
                 "status": 404,
                 "detail": "No user has this id."}
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "text/html",
            "application/xml, text/*",
            "application/json;q=0",
            "application/json;q=0, application/problem+json;q=0, */*",
            "application/*;q=0, */*"})
    void answers406WhenNeitherTypeIsAcceptable(String accept) {
        long id = create("alice");

        // Off the contract: the document lists what an operation answers, and these accept none of it.
        HttpResponse<String> response = api.offContract().send("GET", "/users/" + id, null, null, "Accept", accept);

        api.assertProblem(response, 406, NOT_ACCEPTABLE);
    }

    private long create(String username) {
        HttpResponse<String> response = api.post("/users", """
                {"username": "%s", "email": "%s@example.com"}
                """.formatted(username, username));
        assertEquals(201, response.statusCode(), response.body());
        return api.json(response).get("id").getLongValue();
    }
}
