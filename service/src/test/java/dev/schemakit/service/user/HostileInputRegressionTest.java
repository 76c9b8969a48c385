package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.ApiTestSupport;
import dev.schemakit.service.openapi.ContractCheckingHttpClient;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * Inputs that {@link HostileInputPropertyTest} found mishandled, each pinned as a plain example
 * with the exact answer it gets now.
 */
@MicronautTest
class HostileInputRegressionTest extends ApiTestSupport {

    @Test
    void namesAnEmptyMemberNameAsAnEmptyField() {
        HttpResponse<String> response = api.offContract().post("/users", """
                {"": "x", "username": "alice", "email": "alice@example.com"}
                """);

        api.assertInvalid(response, """
                [{"field": "", "message": "is not a field of this request"}]""");
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void rejectsUnpairedSurrogatesInsteadOfStoringQuestionMarks() {
        // U+D800 alone passes the email rule (any character from U+0080), but UTF-8 cannot encode it.
        HttpResponse<String> response = api.post("/users", """
                {"username": "alice", "email": "\\ud800@example.com"}
                """);

        api.assertInvalid(response, """
                [{"field": "email", "message": "must be valid Unicode text (it has an unpaired surrogate)"}]""");
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void patchRejectsUnpairedSurrogates() {
        long id = api.json(api.post("/users", """
                {"username": "alice", "email": "alice@example.com"}
                """)).get("id").getLongValue();

        HttpResponse<String> response = api.patch("/users/" + id, """
                {"email": "\\udc00x@example.com"}
                """);

        api.assertInvalid(response, """
                [{"field": "email", "message": "must be valid Unicode text (it has an unpaired surrogate)"}]""");
        assertEquals("alice@example.com", dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchSingle().getEmail());
    }

    @Test
    void answersOverlongRequestLineWith414() {
        api.assertProblem(api.offContract().get("/users/" + "1".repeat(5_000)), 414, """
                {"type": "https://schemakit.dev/problems/uri-too-long",
                 "title": "Request URI too long",
                 "status": 414,
                 "detail": "The request line is longer than the server accepts; send a shorter path and query string."}
                """);
    }

    @Test
    void answersOverlongQueryStringWith414() {
        api.assertProblem(api.get("/users?q=" + "a".repeat(5_000)), 414, """
                {"type": "https://schemakit.dev/problems/uri-too-long",
                 "title": "Request URI too long",
                 "status": 414,
                 "detail": "The request line is longer than the server accepts; send a shorter path and query string."}
                """);
    }

    @Test
    void closesTheConnectionItCannotReadOnAndSaysSo() {
        HttpResponse<String> tooLong = api.offContract().get("/users/" + "1".repeat(5_000));
        assertEquals(414, tooLong.statusCode(), tooLong.body());
        assertEquals("close", tooLong.headers().firstValue("Connection").orElse(null));

        // The same keep-alive client goes on with a fresh connection.
        HttpResponse<String> next = api.get("/users/1");
        assertEquals(404, next.statusCode(), next.body());
    }

    @Test
    void answersOversizedHeadersWith431() throws IOException, InterruptedException {
        // Api sends no extra headers, so this one request goes out through its own client, without a
        // token: off the contract, its answer checked all the same.
        HttpRequest request = HttpRequest.newBuilder(server.getURI().resolve("/users"))
                .header("X-Padding", "x".repeat(20_000))
                .build();
        HttpResponse<String> response = ContractCheckingHttpClient.wrap(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), server.getURI())
                .offContract()
                .send(request, BodyHandlers.ofString());

        api.assertProblem(response, 431, """
                {"type": "https://schemakit.dev/problems/headers-too-large",
                 "title": "Request headers too large",
                 "status": 431,
                 "detail": "The request's headers are larger than the server accepts."}
                """);
    }

    @Test
    void rejectsNulInUsernamePrefixWith400() {
        api.assertInvalid(api.get("/users?q=a%00"), """
                [{"field": "q", "message": "must not contain the NUL character"}]""");
    }
}
