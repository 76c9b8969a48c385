package dev.schemakit.service.idp;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;
import org.junit.jupiter.params.provider.Arguments;

import dev.schemakit.model.tables.records.UsersRecord;
import dev.schemakit.service.Api;
import io.micronaut.json.tree.JsonNode;

/**
 * The rows of an authorization matrix: alice, with a token from the provider carrying
 * {@code scopes}, does {@code operation}; the answer must be {@code status} with the problem
 * {@code outcome} names (for a refusal) or, for a list, exactly the users it names, and the rows
 * must show exactly the operation's effect, or none. Before each row the table holds alice's own
 * user and bob's, each owned by its provider subject.
 */
final class AuthorizationMatrix {

    /** What alice asks for. */
    enum Operation {
        GET_OWN, GET_OTHER, LIST, PATCH_OWN, PATCH_OTHER, DELETE_OWN, DELETE_OTHER, SIGN_UP
    }

    static final Map<String, String> PROBLEMS = Map.of(
            "read", """
                    {"type": "https://schemakit.dev/problems/insufficient-scope", "title": "Insufficient scope", "status": 403,
                     "detail": "This request needs a bearer token with the scope users:read (or users:admin)."}""",
            "write", """
                    {"type": "https://schemakit.dev/problems/insufficient-scope", "title": "Insufficient scope", "status": 403,
                     "detail": "This request needs a bearer token with the scope users:write (or users:admin)."}""",
            "admin", """
                    {"type": "https://schemakit.dev/problems/insufficient-scope", "title": "Insufficient scope", "status": 403,
                     "detail": "This request needs a bearer token with the scope users:admin."}""",
            "not-owner",
            """
                    {"type": "https://schemakit.dev/problems/not-owner", "title": "Not the user's owner", "status": 403,
                     "detail": "Only the user's owner, or a token with the scope users:admin, may change or delete it; this token's subject does not own it."}""",
            "not-owner-read",
            """
                    {"type": "https://schemakit.dev/problems/not-owner", "title": "Not the user's owner", "status": 403,
                     "detail": "Only the user's owner, or a token with the scope users:admin, may read it; this token's subject does not own it."}""");

    private AuthorizationMatrix() {
    }

    /**
     * The rows of {@code table}: one per line, {@code scopes | operation | status | outcome}, where
     * scopes is {@code -} for none and outcome is a key of {@link #PROBLEMS} for a refusal, the
     * usernames a list shows joined by {@code +}, or {@code -}.
     */
    static List<Arguments> rows(String table) {
        List<Arguments> rows = new ArrayList<>();
        for (String line : table.strip().split("\n")) {
            String[] cells = line.split("\\|");
            String scopes = cells[0].strip().equals("-") ? "" : cells[0].strip();
            rows.add(Arguments.of(scopes, Operation.valueOf(cells[1].strip()), Integer.parseInt(cells[2].strip()),
                    cells[3].strip()));
        }
        return rows;
    }

    /** Runs one row and checks the answer and the rows. */
    static void check(Api api, DSLContext dsl, String scopes, Operation operation, int status, String outcome) {
        Keycloak keycloak = Keycloak.shared();
        String aliceSubject = keycloak.subjectOf("alice");
        dsl.deleteFrom(USERS).execute();
        UsersRecord own = insert(dsl, "alice", aliceSubject);
        UsersRecord other = insert(dsl, "bob", keycloak.subjectOf("bob"));
        Api alice = api.withAuthorization("Bearer " + keycloak.token("alice", scopes));

        HttpResponse<String> response = switch (operation) {
            case GET_OWN -> alice.get("/users/" + own.getId());
            case GET_OTHER -> alice.get("/users/" + other.getId());
            case LIST -> alice.get("/users");
            case PATCH_OWN -> alice.patch("/users/" + own.getId(), "{\"isActive\": false}");
            case PATCH_OTHER -> alice.patch("/users/" + other.getId(), "{\"isActive\": false}");
            case DELETE_OWN -> alice.delete("/users/" + own.getId());
            case DELETE_OTHER -> alice.delete("/users/" + other.getId());
            case SIGN_UP -> {
                dsl.deleteFrom(USERS).where(USERS.ID.eq(own.getId())).execute();
                yield alice.post("/users", "{\"username\": \"alice2\", \"email\": \"alice2@example.com\"}");
            }
        };

        String row = scopes + " " + operation;
        if (status >= 400) {
            api.assertProblem(response, status, PROBLEMS.get(outcome));
        }
        assertEquals(status, response.statusCode(), () -> row + ": " + response.body());
        UsersRecord ownAfter = dsl.selectFrom(USERS).where(USERS.ID.eq(own.getId())).fetchOne();
        UsersRecord otherAfter = dsl.selectFrom(USERS).where(USERS.ID.eq(other.getId())).fetchOne();
        boolean succeeded = status / 100 == 2;
        switch (operation) {
            case PATCH_OWN -> {
                assertEquals(!succeeded, ownAfter.getIsActive(), row);
                assertEquals(other, otherAfter, row);
            }
            case PATCH_OTHER -> {
                assertEquals(!succeeded, otherAfter.getIsActive(), row);
                assertEquals(own, ownAfter, row);
            }
            case DELETE_OWN -> {
                assertEquals(succeeded, ownAfter == null, row);
                assertEquals(other, otherAfter, row);
            }
            case DELETE_OTHER -> {
                assertEquals(succeeded, otherAfter == null, row);
                assertEquals(own, ownAfter, row);
            }
            case SIGN_UP -> {
                UsersRecord created = dsl.selectFrom(USERS).where(USERS.USERNAME.eq("alice2")).fetchOne();
                assertEquals(succeeded, created != null, row);
                if (succeeded) {
                    // Signing itself up, alice owns the user; an admin's create links no one.
                    assertEquals(scopes.contains("users:admin") ? null : aliceSubject, created.getSubject(), row);
                }
                assertEquals(other, otherAfter, row);
            }
            default -> {
                assertEquals(own, ownAfter, row);
                assertEquals(other, otherAfter, row);
            }
        }
        if (operation == Operation.LIST && succeeded) {
            List<String> usernames = new ArrayList<>();
            for (JsonNode item : api.json(response).get("items").values()) {
                usernames.add(item.get("username").getStringValue());
            }
            assertEquals(List.of(outcome.split("\\+")), usernames, row);
        }
    }

    private static UsersRecord insert(DSLContext dsl, String username, String subject) {
        return dsl.insertInto(USERS)
                .columns(USERS.USERNAME, USERS.EMAIL, USERS.SUBJECT)
                .values(username, username + "@example.com", subject)
                .returning()
                .fetchSingle();
    }
}
