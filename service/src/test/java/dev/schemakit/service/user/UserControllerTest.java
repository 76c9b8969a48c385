package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import dev.schemakit.model.tables.records.UsersRecord;
import dev.schemakit.service.ApiTestSupport;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

@MicronautTest
class UserControllerTest extends ApiTestSupport {

    // POST /users

    @Test
    void createsUserAndReturnsLocation() {
        HttpResponse<String> response = api.post("/users", """
                {"username": "Alice.Smith-1", "email": "alice@example.com"}
                """);

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        JsonNode body = api.json(response);
        long id = body.get("id").getLongValue();
        assertEquals("/users/" + id, response.headers().firstValue("Location").orElse(null));
        UsersRecord row = row(id);
        assertEquals("Alice.Smith-1", row.getUsername());
        assertEquals("alice@example.com", row.getEmail());
        assertTrue(row.getIsActive());
        assertUser(row, body);
        assertEquals(1, dsl.fetchCount(USERS));
    }

    @Test
    void createsInactiveUserWhenAsked() {
        HttpResponse<String> response = api.post("/users", """
                {"username": "bob", "email": "bob@example.com", "isActive": false}
                """);

        assertEquals(201, response.statusCode(), response.body());
        UsersRecord row = row(api.json(response).get("id").getLongValue());
        assertFalse(row.getIsActive());
        assertUser(row, api.json(response));
    }

    @Test
    void rejectsServerOwnedFieldsOnCreate() {
        HttpResponse<String> response = api.offContract().post("/users", """
                {"id": 7, "username": "carol", "email": "carol@example.com",
                 "createdAt": "2020-01-01T00:00:00Z", "updatedAt": "2020-01-01T00:00:00Z", "version": 1}
                """);

        api.assertInvalid(response, """
                [{"field": "createdAt", "message": "is assigned by the server and must not be sent"},
                 {"field": "id", "message": "is assigned by the server and must not be sent"},
                 {"field": "updatedAt", "message": "is assigned by the server and must not be sent"},
                 {"field": "version", "message": "is assigned by the server and must not be sent"}]
                """);
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void rejectsUnknownField() {
        HttpResponse<String> response = api.offContract().post("/users", """
                {"username": "carol", "email": "carol@example.com", "nickname": "caz"}
                """);

        api.assertInvalid(response, """
                [{"field": "nickname", "message": "is not a field of this request"}]
                """);
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void rejectsWrongJsonTypes() {
        HttpResponse<String> response = api.offContract().post("/users", """
                {"username": 12345, "email": ["carol@example.com"], "isActive": "true"}
                """);

        api.assertInvalid(response, """
                [{"field": "email", "message": "must be a string"},
                 {"field": "isActive", "message": "must be true or false"},
                 {"field": "username", "message": "must be a string"}]
                """);
    }

    @Test
    void rejectsMissingFields() {
        HttpResponse<String> response = api.offContract().post("/users", "{}");

        api.assertInvalid(response, """
                [{"field": "email", "message": "is required"},
                 {"field": "username", "message": "is required"}]
                """);
    }

    @Test
    void rejectsInvalidUsernameAndEmail() {
        HttpResponse<String> response = api.offContract().post("/users", """
                {"username": "no spaces!", "email": "not-an-address"}
                """);

        api.assertInvalid(response, """
                [{"field": "email", "message": "must be a valid email address"},
                 {"field": "username", "message": "may contain only letters A-Z and a-z, digits, '_', '.' and '-'"}]
                """);
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void rejectsUsernameAndEmailOfWrongLength() {
        String email = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62) + ".com";
        HttpResponse<String> response = api.offContract().post("/users", """
                {"username": "ab", "email": "%s"}
                """.formatted(email));

        api.assertInvalid(response, """
                [{"field": "email", "message": "must be at most 254 characters long"},
                 {"field": "username", "message": "must be 3 to 80 characters long"}]
                """);
    }

    @Test
    void rejectsDuplicateUsernameIgnoringCase() {
        insertUser("alice", "alice@example.com", true);

        HttpResponse<String> response = api.post("/users", """
                {"username": "ALICE", "email": "other@example.com"}
                """);

        assertDuplicate(response, "username");
        assertEquals(1, dsl.fetchCount(USERS));
    }

    @Test
    void rejectsDuplicateEmailIgnoringCase() {
        insertUser("alice", "alice@example.com", true);

        HttpResponse<String> response = api.post("/users", """
                {"username": "alice2", "email": "Alice@Example.COM"}
                """);

        assertDuplicate(response, "email");
        assertEquals(1, dsl.fetchCount(USERS));
    }

    // GET /users/{id}

    @Test
    void getsUserById() {
        UsersRecord user = insertUser("dave", "dave@example.com", false);

        HttpResponse<String> response = api.get("/users/" + user.getId());

        assertEquals(200, response.statusCode(), response.body());
        assertUser(user, api.json(response));
    }

    @Test
    void answers404ForUnknownUser() {
        long unknownId = insertUser("gone", "gone@example.com", true).getId();
        dsl.deleteFrom(USERS).execute();

        assertUserNotFound(api.get("/users/" + unknownId));
    }

    // GET /users

    @Test
    void walksAllUsersInPagesWithoutGapOrRepeat() {
        List<Long> inserted = insertUsers(250, i -> "user" + i);

        List<Long> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = null;
        do {
            HttpResponse<String> response = api.get("/users?limit=100" + (next == null ? "" : "&after=" + next));
            assertEquals(200, response.statusCode(), response.body());
            JsonNode page = api.json(response);
            pageSizes.add(page.get("items").size());
            page.get("items").values().forEach(item -> seen.add(item.get("id").getLongValue()));
            next = page.get("next").isNull() ? null : page.get("next").getStringValue();
        } while (next != null);

        assertEquals(List.of(100, 100, 50), pageSizes);
        assertEquals(inserted, seen);
        assertEquals(250, new HashSet<>(seen).size());
    }

    @Test
    void endsWithoutCursorWhenLastPageIsFull() {
        insertUsers(4, i -> "user" + i);

        JsonNode first = api.json(api.get("/users?limit=2"));
        JsonNode second = api.json(api.get("/users?limit=2&after=" + first.get("next").getStringValue()));

        assertEquals(2, second.get("items").size());
        assertTrue(second.get("next").isNull(), second::toString);
    }

    @Test
    void returnsTwentyUsersByDefault() {
        insertUsers(21, i -> "user" + i);

        JsonNode page = api.json(api.get("/users"));

        assertEquals(20, page.get("items").size());
        assertTrue(page.get("next").isString());
    }

    @Test
    void returnsEmptyPageWithNullNextWhenNoUserMatches() {
        HttpResponse<String> response = api.get("/users");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(api.parse("""
                {"items": [], "next": null}
                """), api.json(response));
    }

    @Test
    void filtersByActive() {
        UsersRecord active = insertUser("active1", "active1@example.com", true);
        UsersRecord inactive = insertUser("inactive1", "inactive1@example.com", false);

        HttpResponse<String> response = api.get("/users?active=false");

        assertEquals(List.of(inactive.getId()), ids(response));
        assertUser(inactive, api.json(response).get("items").get(0));
        assertTrue(api.json(response).get("next").isNull());
        assertEquals(List.of(active.getId()), ids(api.get("/users?active=true")));
    }

    @Test
    void filtersByUsernamePrefixIgnoringCase() {
        UsersRecord alice = insertUser("alice", "alice@example.com", true);
        UsersRecord alfred = insertUser("Alfred", "alfred@example.com", true);
        insertUser("bob", "bob@example.com", true);
        insertUser("malice", "malice@example.com", true);

        assertEquals(List.of(alice.getId(), alfred.getId()), ids(api.get("/users?q=AL")));
    }

    @Test
    void matchesLikeWildcardsInPrefixLiterally() {
        insertUser("abc", "abc@example.com", true);
        UsersRecord underscore = insertUser("a_c", "a_c@example.com", true);

        assertEquals(List.of(underscore.getId()), ids(api.get("/users?q=a_")));
        assertEquals(List.of(), ids(api.get("/users?q=a%25")));
    }

    @Test
    void combinesFiltersWithPagination() {
        insertUser("ann1", "ann1@example.com", true);
        UsersRecord ann2 = insertUser("ann2", "ann2@example.com", false);
        insertUser("bob", "bob@example.com", false);
        UsersRecord ann3 = insertUser("ANN3", "ann3@example.com", false);

        JsonNode first = api.json(api.get("/users?q=ann&active=false&limit=1"));
        String after = first.get("next").getStringValue();
        JsonNode second = api.json(api.get("/users?q=ann&active=false&limit=1&after=" + after));

        assertEquals(ann2.getId(), first.get("items").get(0).get("id").getLongValue());
        assertEquals(ann3.getId(), second.get("items").get(0).get("id").getLongValue());
        assertTrue(second.get("next").isNull());
    }

    @Test
    void rejectsInvalidListParameters() {
        api.assertInvalid(api.offContract().get("/users?limit=101&active=yes&after=not-a-cursor"), """
                [{"field": "active", "message": "must be true or false"},
                 {"field": "after", "message": "must be the next cursor of a previous page"},
                 {"field": "limit", "message": "must be an integer from 1 to 100"}]
                """);
    }

    @Test
    void rejectsLimitBelowOne() {
        api.assertInvalid(api.offContract().get("/users?limit=0"), """
                [{"field": "limit", "message": "must be an integer from 1 to 100"}]
                """);
    }

    // PATCH /users/{id}

    @Test
    void patchesOnlyGivenFieldsAndMovesUpdatedAt() {
        UsersRecord before = insertUser("erin", "erin@example.com", true);

        HttpResponse<String> response = api.patch("/users/" + before.getId(), """
                {"username": "erin.b", "isActive": false}
                """);

        assertEquals(200, response.statusCode(), response.body());
        UsersRecord after = row(before.getId());
        assertEquals("erin.b", after.getUsername());
        assertEquals("erin@example.com", after.getEmail());
        assertFalse(after.getIsActive());
        assertTrue(after.getCreatedAt().isEqual(before.getCreatedAt()));
        assertTrue(after.getUpdatedAt().isAfter(before.getUpdatedAt()), after::toString);
        assertEquals(before.getVersion() + 1, after.getVersion());
        assertUser(after, api.json(response));
    }

    @Test
    void acceptsPatchSentAsPlainJson() {
        UsersRecord before = insertUser("erin", "erin@example.com", true);

        HttpResponse<String> response = api.send("PATCH", "/users/" + before.getId(), "application/json", """
                {"email": "Erin@Example.org"}
                """);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Erin@Example.org", row(before.getId()).getEmail());
    }

    @Test
    void emptyPatchChangesNothing() {
        UsersRecord before = insertUser("erin", "erin@example.com", true);

        HttpResponse<String> response = api.patch("/users/" + before.getId(), "{}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(before, row(before.getId()));
        assertUser(before, api.json(response));
    }

    @Test
    void rejectsNullInPatch() {
        UsersRecord before = insertUser("erin", "erin@example.com", true);

        HttpResponse<String> response = api.offContract().patch("/users/" + before.getId(), """
                {"email": null, "isActive": null}
                """);

        api.assertInvalid(response, """
                [{"field": "email", "message": "must not be null"},
                 {"field": "isActive", "message": "must not be null"}]
                """);
        assertEquals(before, row(before.getId()));
    }

    @Test
    void rejectsServerOwnedFieldsInPatch() {
        UsersRecord before = insertUser("erin", "erin@example.com", true);

        HttpResponse<String> response = api.offContract().patch("/users/" + before.getId(), """
                {"id": 99, "createdAt": "2020-01-01T00:00:00Z", "username": "erin2", "version": 7}
                """);

        api.assertInvalid(response, """
                [{"field": "createdAt", "message": "is assigned by the server and must not be sent"},
                 {"field": "id", "message": "is assigned by the server and must not be sent"},
                 {"field": "version", "message": "is assigned by the server and must not be sent"}]
                """);
        assertEquals(before, row(before.getId()));
    }

    @Test
    void rejectsInvalidValueInPatch() {
        UsersRecord before = insertUser("erin", "erin@example.com", true);

        HttpResponse<String> response = api.offContract().patch("/users/" + before.getId(), """
                {"username": "x"}
                """);

        api.assertInvalid(response, """
                [{"field": "username", "message": "must be 3 to 80 characters long"}]
                """);
        assertEquals(before, row(before.getId()));
    }

    @Test
    void rejectsPatchToDuplicateUsernameIgnoringCase() {
        insertUser("frank", "frank@example.com", true);
        UsersRecord before = insertUser("grace", "grace@example.com", true);

        HttpResponse<String> response = api.patch("/users/" + before.getId(), """
                {"username": "FRANK"}
                """);

        assertDuplicate(response, "username");
        assertEquals(before, row(before.getId()));
    }

    @Test
    void answers404WhenPatchingUnknownUser() {
        long unknownId = insertUser("gone", "gone@example.com", true).getId();
        dsl.deleteFrom(USERS).execute();

        assertUserNotFound(api.patch("/users/" + unknownId, """
                {"isActive": false}
                """));
    }

    // DELETE /users/{id}

    @Test
    void deletesUser() {
        UsersRecord user = insertUser("henry", "henry@example.com", true);
        UsersRecord other = insertUser("iris", "iris@example.com", true);

        HttpResponse<String> response = api.delete("/users/" + user.getId());

        assertEquals(204, response.statusCode(), response.body());
        assertEquals("", response.body());
        assertNull(row(user.getId()));
        assertNotNull(row(other.getId()));
    }

    @Test
    void answers404WhenDeletingUnknownUser() {
        long unknownId = insertUser("gone", "gone@example.com", true).getId();
        dsl.deleteFrom(USERS).execute();

        assertUserNotFound(api.delete("/users/" + unknownId));
    }

    /** Asserts the 409 problem naming {@code field} as taken. */
    private void assertDuplicate(HttpResponse<String> response, String field) {
        api.assertProblem(response, 409, """
                {"type": "https://schemakit.dev/problems/duplicate-user",
                 "title": "User already exists",
                 "status": 409,
                 "detail": "Another user already has this %1$s (compared ignoring case).",
                 "errors": [{"field": "%1$s", "message": "is already taken"}]}
                """.formatted(field));
    }

    private void assertUserNotFound(HttpResponse<String> response) {
        api.assertProblem(response, 404, """
                {"type": "https://schemakit.dev/problems/user-not-found",
                 "title": "User not found",
                 "status": 404,
                 "detail": "No user has this id."}
                """);
    }

    private UsersRecord insertUser(String username, String email, boolean active) {
        return dsl.insertInto(USERS)
                .set(USERS.USERNAME, username)
                .set(USERS.EMAIL, email)
                .set(USERS.IS_ACTIVE, active)
                .returning()
                .fetchSingle();
    }

    /** Inserts {@code count} users in one statement; their ids, ascending. */
    private List<Long> insertUsers(int count, IntFunction<String> username) {
        var insert = dsl.insertInto(USERS, USERS.USERNAME, USERS.EMAIL);
        for (int i = 0; i < count; i++) {
            insert = insert.values(username.apply(i), username.apply(i) + "@example.com");
        }
        return insert.returningResult(USERS.ID).fetch(USERS.ID).stream().sorted().toList();
    }

    private UsersRecord row(long id) {
        return dsl.selectFrom(USERS)
                .where(USERS.ID.eq(id))
                .fetchOne();
    }

    private List<Long> ids(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        List<Long> ids = new ArrayList<>();
        api.json(response).get("items").values().forEach(item -> ids.add(item.get("id").getLongValue()));
        return ids;
    }

    /** Asserts that {@code json} is exactly {@code row} as the API writes a user. */
    private static void assertUser(UsersRecord row, JsonNode json) {
        Set<String> members = new HashSet<>();
        for (Map.Entry<String, JsonNode> member : json.entries()) {
            members.add(member.getKey());
        }
        assertEquals(Set.of("id", "username", "email", "isActive", "createdAt", "updatedAt", "version"), members);
        assertEquals(row.getId(), json.get("id").getLongValue());
        assertEquals(row.getUsername(), json.get("username").getStringValue());
        assertEquals(row.getEmail(), json.get("email").getStringValue());
        assertEquals(row.getIsActive(), json.get("isActive").getBooleanValue());
        assertEquals(row.getVersion(), json.get("version").getLongValue());
        // Compared as instants: the JSON may drop trailing zeros of the fraction.
        OffsetDateTime createdAt = OffsetDateTime.parse(json.get("createdAt").getStringValue());
        OffsetDateTime updatedAt = OffsetDateTime.parse(json.get("updatedAt").getStringValue());
        assertTrue(row.getCreatedAt().isEqual(createdAt), json::toString);
        assertTrue(row.getUpdatedAt().isEqual(updatedAt), json::toString);
    }
}
