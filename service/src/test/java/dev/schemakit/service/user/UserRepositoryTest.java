package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.schemakit.service.PostgresTestSupport;
import dev.schemakit.service.problem.FieldError;
import dev.schemakit.service.problem.Problem;
import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;
import dev.schemakit.service.replica.ReplicaReads;
import dev.schemakit.flyway.SchemakitFlyway;

/** The repository against a migrated database of its own, without the application or HTTP. */
class UserRepositoryTest extends PostgresTestSupport {

    private static final Problem VERSION_MISMATCH = Problem.of(ProblemType.PRECONDITION_FAILED, "The user's current"
            + " version is not one named in If-Match; nothing was changed. Fetch the user again for its current ETag.");

    private CloseableDSLContext dsl;
    private UserRepository users;

    @BeforeAll
    void migrate() {
        String url = postgres().createDatabase("user_repository_test");
        SchemakitFlyway.configure()
                .dataSource(url, postgres().getUsername(), postgres().getPassword())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        dsl = DSL.using(url, postgres().getUsername(), postgres().getPassword());
        // No replica: every read goes to this database.
        users = new UserRepository(dsl,
                new ReplicaReads(dsl, null, Duration.ofSeconds(1), Duration.ofMillis(500), null));
    }

    private List<User> page(ListUsersQuery query, int limit) {
        return users.findPage(query, limit, Optional.empty(), Optional.empty());
    }

    @AfterAll
    void close() {
        dsl.close();
    }

    @BeforeEach
    void startWithNoUsers() {
        dsl.deleteFrom(USERS).execute();
    }

    @Test
    void insertReturnsTheRowAsStored() {
        User alice = users.insert(new CreateUserRequest("alice", "alice@example.com", false, null), null);

        assertEquals(
                new User(alice.id(), "alice", "alice@example.com", false, alice.createdAt(), alice.createdAt(), 1,
                        null),
                alice);
        assertEquals(Optional.of(alice), users.findById(alice.id()));
        assertEquals(1, dsl.fetchCount(USERS));
    }

    @Test
    void insertOfATakenUsernameOrEmailNamesTheFieldIgnoringCase() {
        users.insert(new CreateUserRequest("alice", "alice@example.com", true, null), null);

        assertDuplicate("username",
                () -> users.insert(new CreateUserRequest("ALICE", "other@example.com", true, null), null));
        assertDuplicate("email",
                () -> users.insert(new CreateUserRequest("alice2", "Alice@Example.COM", true, null), null));
        assertEquals(1, dsl.fetchCount(USERS));
    }

    @Test
    void findByIdIsEmptyForAnUnknownId() {
        long id = users.insert(new CreateUserRequest("gone", "gone@example.com", true, null), null).id();
        dsl.deleteFrom(USERS).execute();

        assertEquals(Optional.empty(), users.findById(id));
    }

    @Test
    void findPageFiltersOrdersByIdAndStartsAfterTheCursor() {
        User ann1 = insert("ann1", true);
        User ann2 = insert("Ann2", false);
        insert("bob", false);
        User ann3 = insert("ANN3", false);
        User ann4 = insert("ann4", false);

        assertEquals(List.of(ann2, ann3, ann4), page(query(null, "false", "an"), 10));
        assertEquals(List.of(ann2, ann3), page(query(null, "false", "an"), 2));
        assertEquals(List.of(ann3, ann4), page(query(ann2.id(), "false", "AN"), 10));
        assertEquals(List.of(ann1), page(query(null, "true", null), 10));
    }

    @Test
    void findPageTakesWildcardsInThePrefixLiterally() {
        insert("abc", true);
        User underscore = insert("a_c", true);

        assertEquals(List.of(underscore), page(query(null, null, "a_"), 10));
        assertEquals(List.of(), page(query(null, null, "a%"), 10));
    }

    @Test
    void updateSetsOnlyTheGivenFieldsAndMovesVersionAndUpdatedAt() {
        User before = insert("erin", true);

        User after = users
                .update(before.id(), new UpdateUserRequest("erin.b", null, false, null, false), EntityTags.ANY,
                        Optional.empty())
                .orElseThrow();

        assertEquals(
                new User(before.id(), "erin.b", before.email(), false, before.createdAt(), after.updatedAt(), 2, null),
                after);
        assertTrue(after.updatedAt().isAfter(before.updatedAt()), after::toString);
        assertEquals(Optional.of(after), users.findById(before.id()));
    }

    @Test
    void emptyUpdateChangesNothing() {
        User before = insert("erin", true);

        assertEquals(Optional.of(before),
                users.update(before.id(), new UpdateUserRequest(null, null, null, null, false),
                        ifMatch(before.version()), Optional.empty()));
        assertEquals(Optional.of(before), users.findById(before.id()));
    }

    @Test
    void updateOfAnUnknownUserIsEmpty() {
        long id = insert("gone", true).id();
        dsl.deleteFrom(USERS).execute();

        assertEquals(Optional.empty(),
                users.update(id, new UpdateUserRequest(null, null, false, null, false), ifMatch(1), Optional.empty()));
        assertEquals(Optional.empty(),
                users.update(id, new UpdateUserRequest(null, null, null, null, false), ifMatch(1), Optional.empty()));
    }

    @Test
    void updateAtAnotherVersionChangesNothing() {
        User before = insert("erin", true);

        for (UpdateUserRequest patch : List.of(new UpdateUserRequest(null, null, false, null, false),
                new UpdateUserRequest(null, null, null, null, false))) {
            ProblemException thrown = assertThrows(ProblemException.class,
                    () -> users.update(before.id(), patch, ifMatch(before.version() + 1), Optional.empty()));
            assertEquals(VERSION_MISMATCH, thrown.problem());
        }
        assertEquals(Optional.of(before), users.findById(before.id()));
        assertEquals(2,
                users.update(before.id(), new UpdateUserRequest(null, null, false, null, false), ifMatch(1),
                        Optional.empty())
                        .orElseThrow().version());
    }

    @Test
    void updateToATakenUsernameNamesTheField() {
        insert("frank", true);
        User grace = insert("grace", true);

        assertDuplicate("username",
                () -> users.update(grace.id(), new UpdateUserRequest("FRANK", null, null, null, false), EntityTags.ANY,
                        Optional.empty()));
        assertEquals(Optional.of(grace), users.findById(grace.id()));
    }

    @Test
    void deleteRemovesOnlyThatUser() {
        User henry = insert("henry", true);
        User iris = insert("iris", true);

        assertTrue(users.delete(henry.id(), ifMatch(1), Optional.empty()));

        assertEquals(Optional.empty(), users.findById(henry.id()));
        assertEquals(Optional.of(iris), users.findById(iris.id()));
        assertFalse(users.delete(henry.id(), EntityTags.ANY, Optional.empty()));
        assertFalse(users.delete(henry.id(), ifMatch(1), Optional.empty()));
    }

    @Test
    void deleteAtAnotherVersionKeepsTheUser() {
        User henry = insert("henry", true);

        ProblemException thrown = assertThrows(ProblemException.class,
                () -> users.delete(henry.id(), ifMatch(2), Optional.empty()));

        assertEquals(VERSION_MISMATCH, thrown.problem());
        assertEquals(Optional.of(henry), users.findById(henry.id()));
    }

    private User insert(String username, boolean active) {
        return users.insert(new CreateUserRequest(username, username.toLowerCase() + "@example.com", active, null),
                null);
    }

    private static ListUsersQuery query(Long afterId, String active, String prefix) {
        return ListUsersQuery.parse(null, afterId == null ? null : UserCursor.encode(afterId), active, prefix);
    }

    private static EntityTags ifMatch(long version) {
        return EntityTags.parse("If-Match", List.of(EntityTags.of(version))).orElseThrow();
    }

    private static void assertDuplicate(String field, Runnable write) {
        ProblemException thrown = assertThrows(ProblemException.class, write::run);
        assertEquals(Problem.of(ProblemType.DUPLICATE_USER,
                "Another user already has this " + field + " (compared ignoring case).",
                List.of(new FieldError(field, "is already taken"))), thrown.problem());
    }
}
