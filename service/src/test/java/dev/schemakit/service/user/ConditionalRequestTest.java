package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.schemakit.model.tables.records.UsersRecord;
import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * Optimistic concurrency: a user's responses carry {@code ETag: "<version>"}, and {@code PATCH}
 * and {@code DELETE} with {@code If-Match} change nothing unless the user is still at a version
 * the header names.
 */
@MicronautTest
class ConditionalRequestTest extends ApiTestSupport {

    private static final String PRECONDITION_FAILED = """
            {"type": "https://schemakit.dev/problems/precondition-failed",
             "title": "Precondition failed",
             "status": 412,
             "detail": "The user's current version is not one named in If-Match; nothing was changed. Fetch the user again for its current ETag."}
            """;

    private static final String MALFORMED_IF_MATCH = """
            {"type": "https://schemakit.dev/problems/bad-request",
             "title": "Bad request",
             "status": 400,
             "detail": "The If-Match header must be * or a comma-separated list of entity tags such as \\"3\\"."}
            """;

    private static final int RACE_ROUNDS = 10;

    // ETag

    @Test
    void etagOfPostGetAndPatchIsTheVersionInTheBody() {
        HttpResponse<String> created = api.post("/users", """
                {"username": "alice", "email": "alice@example.com"}
                """);
        assertEquals(201, created.statusCode(), created.body());
        long id = api.json(created).get("id").getLongValue();
        assertETag("\"1\"", 1, created);

        assertETag("\"1\"", 1, api.get("/users/" + id));

        HttpResponse<String> patched = api.patch("/users/" + id, """
                {"isActive": false}
                """);
        assertEquals(200, patched.statusCode(), patched.body());
        assertETag("\"2\"", 2, patched);
        assertEquals(2L, row(id).getVersion());

        assertETag("\"2\"", 2, api.get("/users/" + id));
    }

    @Test
    void listedUsersCarryTheirVersion() {
        long id = create("alice");
        patch(id, "{\"isActive\": false}");

        HttpResponse<String> response = api.get("/users");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, api.json(response).get("items").get(0).get("version").getLongValue());
    }

    // PATCH with If-Match

    @Test
    void patchWithCurrentTagUpdatesAndIncrementsVersion() {
        long id = create("alice");

        HttpResponse<String> response = patch(id, "{\"email\": \"alice@example.org\"}", "If-Match", "\"1\"");

        assertEquals(200, response.statusCode(), response.body());
        assertETag("\"2\"", 2, response);
        assertEquals("alice@example.org", row(id).getEmail());
        assertEquals(2L, row(id).getVersion());
    }

    @Test
    void patchWithStaleTagIs412AndChangesNothing() {
        long id = create("alice");
        assertEquals(200, patch(id, "{\"isActive\": false}").statusCode());
        UsersRecord before = row(id);

        HttpResponse<String> response = patch(id, "{\"email\": \"alice@example.org\"}", "If-Match", "\"1\"");

        api.assertProblem(response, 412, PRECONDITION_FAILED);
        assertEquals(before, row(id));
    }

    @Test
    void emptyPatchWithStaleTagIs412() {
        long id = create("alice");
        assertEquals(200, patch(id, "{\"isActive\": false}").statusCode());
        UsersRecord before = row(id);

        api.assertProblem(patch(id, "{}", "If-Match", "\"1\""), 412, PRECONDITION_FAILED);
        HttpResponse<String> current = patch(id, "{}", "If-Match", "\"2\"");

        assertEquals(200, current.statusCode(), current.body());
        assertETag("\"2\"", 2, current);
        assertEquals(before, row(id));
    }

    @Test
    void anyTagOfAListMatches() {
        long id = create("alice");

        HttpResponse<String> oneLine = patch(id, "{\"isActive\": false}", "If-Match", "\"7\", \"x\",,\"1\"");
        HttpResponse<String> twoLines = patch(id, "{\"isActive\": true}", "If-Match", "\"9\"", "If-Match", "\"2\"");

        assertEquals(200, oneLine.statusCode(), oneLine.body());
        assertEquals(200, twoLines.statusCode(), twoLines.body());
        assertEquals(3L, row(id).getVersion());
    }

    @Test
    void weakOrDifferentlySpelledTagNeverMatchesIfMatch() {
        long id = create("alice");
        UsersRecord before = row(id);

        // RFC 9110 strong comparison: a weak tag never matches, and "01" is not "1".
        for (String tag : List.of("W/\"1\"", "\"01\"", "\"+1\"", "\"99999999999999999999\"")) {
            api.assertProblem(patch(id, "{\"isActive\": false}", "If-Match", tag), 412, PRECONDITION_FAILED);
            api.assertProblem(delete(id, "If-Match", tag), 412, PRECONDITION_FAILED);
        }
        assertEquals(before, row(id));
    }

    @Test
    void starMatchesAnyVersion() {
        long id = create("alice");
        assertEquals(200, patch(id, "{\"isActive\": false}").statusCode());

        HttpResponse<String> patched = patch(id, "{\"isActive\": true}", "If-Match", "*");
        HttpResponse<String> deleted = delete(id, "If-Match", " * ");

        assertEquals(200, patched.statusCode(), patched.body());
        assertETag("\"3\"", 3, patched);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void withoutIfMatchWritesAreUnconditional() {
        long id = create("alice");
        assertEquals(200, patch(id, "{\"isActive\": false}").statusCode());

        HttpResponse<String> response = patch(id, "{\"isActive\": true}");

        assertEquals(200, response.statusCode(), response.body());
        assertETag("\"3\"", 3, response);
        assertEquals(204, api.delete("/users/" + id).statusCode());
    }

    @Test
    void missingUserIs404WhateverIfMatchSays() {
        long id = create("alice");
        assertEquals(204, api.delete("/users/" + id).statusCode());

        for (String ifMatch : List.of("\"1\"", "\"2\"", "*")) {
            assertEquals(404, patch(id, "{\"isActive\": false}", "If-Match", ifMatch).statusCode());
            assertEquals(404, delete(id, "If-Match", ifMatch).statusCode());
        }
    }

    @Test
    void malformedIfMatchIs400AndChangesNothing() {
        long id = create("alice");
        UsersRecord before = row(id);

        for (String malformed : List.of("1", "\"1", "W/1", "w/\"1\"", "\"1\" \"2\"", "*, \"1\"", "**", "\"a\"b\"")) {
            api.assertProblem(patch(id, "{\"isActive\": false}", "If-Match", malformed), 400, MALFORMED_IF_MATCH);
            api.assertProblem(delete(id, "If-Match", malformed), 400, MALFORMED_IF_MATCH);
        }
        assertEquals(before, row(id));
    }

    // DELETE with If-Match

    @Test
    void deleteWithCurrentTagDeletes() {
        long id = create("alice");

        HttpResponse<String> response = delete(id, "If-Match", "\"1\"");

        assertEquals(204, response.statusCode(), response.body());
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void deleteWithStaleTagIs412AndKeepsTheUser() {
        long id = create("alice");
        assertEquals(200, patch(id, "{\"isActive\": false}").statusCode());
        UsersRecord before = row(id);

        HttpResponse<String> response = delete(id, "If-Match", "\"1\"");

        api.assertProblem(response, 412, PRECONDITION_FAILED);
        assertEquals(before, row(id));
    }

    // Races

    @Test
    void racingPatchesWithTheSameTagLetExactlyOneThrough() throws Exception {
        long id = create("alice");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= RACE_ROUNDS; round++) {
                String tag = "\"" + round + "\"";
                String first = "{\"email\": \"first" + round + "@example.com\"}";
                String second = "{\"email\": \"second" + round + "@example.com\"}";

                List<HttpResponse<String>> responses = atOnce(pool,
                        () -> patch(id, first, "If-Match", tag),
                        () -> patch(id, second, "If-Match", tag));

                assertEquals(Map.of(200, 1L, 412, 1L), statuses(responses), "round " + round);
                HttpResponse<String> winner = responses.stream().filter(r -> r.statusCode() == 200).findFirst()
                        .orElseThrow();
                HttpResponse<
                        String> loser = responses.stream().filter(r -> r.statusCode() == 412).findFirst().orElseThrow();
                api.assertProblem(loser, 412, PRECONDITION_FAILED);
                UsersRecord after = row(id);
                assertEquals(round + 1L, after.getVersion(), "round " + round);
                assertEquals(api.json(winner).get("email").getStringValue(), after.getEmail());
                assertETag("\"" + (round + 1) + "\"", round + 1, winner);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingPatchAndDeleteWithTheSameTagLetExactlyOneThrough() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= RACE_ROUNDS; round++) {
                long id = create("racer" + round);

                List<HttpResponse<String>> responses = atOnce(pool,
                        () -> patch(id, "{\"isActive\": false}", "If-Match", "\"1\""),
                        () -> delete(id, "If-Match", "\"1\""));

                int patchStatus = responses.get(0).statusCode();
                int deleteStatus = responses.get(1).statusCode();
                if (deleteStatus == 204) {
                    // The patch came second and found no user: 404, as without If-Match.
                    assertEquals(404, patchStatus, "round " + round);
                    assertFalse(dsl.fetchExists(USERS, USERS.ID.eq(id)));
                } else {
                    assertEquals(200, patchStatus, "round " + round);
                    api.assertProblem(responses.get(1), 412, PRECONDITION_FAILED);
                    assertEquals(2L, row(id).getVersion());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // GET with If-None-Match

    @Test
    void getWithCurrentTagInIfNoneMatchIs304() {
        long id = create("alice");

        for (String tag : List.of("\"1\"", "W/\"1\"", "\"5\", \"1\"", "*")) {
            HttpResponse<String> response = get(id, "If-None-Match", tag);

            assertEquals(304, response.statusCode(), tag);
            assertEquals("\"1\"", response.headers().firstValue("ETag").orElse(null));
            assertEquals("", response.body());
        }
    }

    @Test
    void getWithOtherTagInIfNoneMatchIs200() {
        long id = create("alice");
        assertEquals(200, patch(id, "{\"isActive\": false}").statusCode());

        assertETag("\"2\"", 2, get(id, "If-None-Match", "\"1\""));
    }

    @Test
    void malformedIfNoneMatchIs400() {
        long id = create("alice");

        api.assertProblem(get(id, "If-None-Match", "1"), 400, """
                {"type": "https://schemakit.dev/problems/bad-request",
                 "title": "Bad request",
                 "status": 400,
                 "detail": "The If-None-Match header must be * or a comma-separated list of entity tags such as \\"3\\"."}
                """);
    }

    /** Asserts a 200 or 201 whose ETag is {@code etag} and whose body has {@code version}. */
    private void assertETag(String etag, long version, HttpResponse<String> response) {
        assertTrue(response.statusCode() == 200 || response.statusCode() == 201, response::body);
        assertEquals(etag, response.headers().firstValue("ETag").orElse(null));
        assertEquals(version, api.json(response).get("version").getLongValue());
    }

    private long create(String username) {
        HttpResponse<String> response = api.post("/users", """
                {"username": "%s", "email": "%s@example.com"}
                """.formatted(username, username));
        assertEquals(201, response.statusCode(), response.body());
        return api.json(response).get("id").getLongValue();
    }

    private HttpResponse<String> get(long id, String... headers) {
        return api.send("GET", "/users/" + id, null, null, headers);
    }

    private HttpResponse<String> patch(long id, String body, String... headers) {
        return api.send("PATCH", "/users/" + id, "application/merge-patch+json", body, headers);
    }

    private HttpResponse<String> delete(long id, String... headers) {
        return api.send("DELETE", "/users/" + id, null, null, headers);
    }

    private UsersRecord row(long id) {
        UsersRecord row = dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOne();
        assertNotNull(row, "no user " + id);
        return row;
    }

    /** Runs the requests on {@code pool}, released together; their responses in the same order. */
    @SafeVarargs
    private static List<HttpResponse<String>> atOnce(ExecutorService pool,
            Callable<HttpResponse<String>>... requests) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = Stream.of(requests)
                .map(request -> pool.submit(() -> {
                    start.await();
                    return request.call();
                }))
                .toList();
        start.countDown();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> future : futures) {
            responses.add(future.get());
        }
        return responses;
    }

    private static Map<Integer, Long> statuses(List<HttpResponse<String>> responses) {
        return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    }
}
