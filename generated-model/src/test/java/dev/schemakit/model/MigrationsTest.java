package dev.schemakit.model;

import static dev.schemakit.model.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.val;

import java.sql.Connection;

import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** What the migrations guarantee to data, checked on a real PostgreSQL. */
class MigrationsTest {

    @Test
    void addingIsActiveBackfillsExistingUsersWithTrue() throws Exception {
        String url = TestDatabase.createDatabase("backfill");
        TestDatabase.flyway(url, "1").migrate();
        try (Connection connection = TestDatabase.connect(url)) {
            var ctx = TestDatabase.dsl(connection);
            // At V1 there is no is_active column: insert naming only the V1 columns.
            ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL)
                    .values("alice", "alice@example.com")
                    .values("bob", "bob@example.com")
                    .values("carol", "carol@example.com")
                    .execute();

            TestDatabase.flyway(url, "latest").migrate();

            assertThat(ctx.select(USERS.USERNAME, USERS.IS_ACTIVE).from(USERS).orderBy(USERS.ID).fetch())
                    .extracting(r -> r.value1() + "=" + r.value2())
                    .containsExactly("alice=true", "bob=true", "carol=true");
        }
    }

    @Test
    void addingVersionBackfillsExistingUsersWithOne() throws Exception {
        String url = TestDatabase.createDatabase("version_backfill");
        TestDatabase.flyway(url, "2").migrate();
        try (Connection connection = TestDatabase.connect(url)) {
            var ctx = TestDatabase.dsl(connection);
            // At V2 there is no version column: insert naming only the V2 columns.
            ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL, USERS.IS_ACTIVE)
                    .values("alice", "alice@example.com", true)
                    .values("bob", "bob@example.com", false)
                    .execute();

            TestDatabase.flyway(url, "latest").migrate();

            assertThat(ctx.select(USERS.USERNAME, USERS.VERSION).from(USERS).orderBy(USERS.ID).fetch())
                    .extracting(r -> r.value1() + "=" + r.value2())
                    .containsExactly("alice=1", "bob=1");
        }
    }

    @Test
    void versionIsAtLeastOne() throws Exception {
        String url = TestDatabase.migratedDatabase("version_check");
        try (Connection connection = TestDatabase.connect(url)) {
            var ctx = TestDatabase.dsl(connection);

            assertThatThrownBy(() -> ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL, USERS.VERSION)
                    .values("alice", "alice@example.com", 0L).execute())
                    .hasMessageContaining("users_version_positive_check");
            assertThat(ctx.fetchCount(USERS)).isZero();
        }
    }

    @Test
    void usernamePrefixSearchIsServedByAnIndex() throws Exception {
        String url = TestDatabase.migratedDatabase("prefix_index");
        try (Connection connection = TestDatabase.connect(url)) {
            var ctx = TestDatabase.dsl(connection);
            ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL)
                    .values("alice", "alice@example.com")
                    .values("bob", "bob@example.com")
                    .execute();
            // A handful of rows is cheapest to scan; forbid that to see whether an index can serve
            // the filter the service's list endpoint sends for ?q= (UserRepository).
            ctx.set(name("enable_seqscan"), val("off")).execute();

            String plan = ctx.explain(ctx.select(USERS.ID).from(USERS)
                    .where(lower(USERS.USERNAME).startsWith(lower(val("AL"))))).plan();

            assertThat(plan).contains("users_username_lower_pattern_idx");
        }
    }

    @Test
    void usernameAndEmailAreUniqueIgnoringCase() throws Exception {
        String url = TestDatabase.migratedDatabase("unique_ci");
        try (Connection connection = TestDatabase.connect(url)) {
            var ctx = TestDatabase.dsl(connection);
            ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL).values("Alice", "Alice@Example.com").execute();

            assertThatThrownBy(() -> ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL)
                    .values("aLICE", "other@example.com").execute())
                    .satisfies(e -> assertUniqueViolation(e, "users_username_lower_key"));
            assertThatThrownBy(() -> ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL)
                    .values("other", "alice@EXAMPLE.COM").execute())
                    .satisfies(e -> assertUniqueViolation(e, "users_email_lower_key"));
            assertThat(ctx.fetchCount(USERS)).isEqualTo(1);
        }
    }

    @Test
    void usernameMustBeThreeToEightyCharacters() throws Exception {
        String url = TestDatabase.migratedDatabase("username_length");
        try (Connection connection = TestDatabase.connect(url)) {
            var ctx = TestDatabase.dsl(connection);

            assertThatThrownBy(() -> ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL)
                    .values("ab", "ab@example.com").execute())
                    .hasMessageContaining("users_username_length_check");
            assertThatThrownBy(() -> ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL)
                    .values("x".repeat(81), "long@example.com").execute())
                    .hasMessageContaining("users_username_length_check");
            ctx.insertInto(USERS, USERS.USERNAME, USERS.EMAIL).values("x".repeat(80), "max@example.com").execute();
            assertThat(ctx.fetchCount(USERS)).isEqualTo(1);
        }
    }

    private static void assertUniqueViolation(Throwable e, String constraint) {
        assertThat(e).isInstanceOf(DataAccessException.class);
        PSQLException cause = ((DataAccessException) e).getCause(PSQLException.class);
        assertThat(cause.getSQLState()).isEqualTo("23505");
        assertThat(cause.getServerErrorMessage().getConstraint()).isEqualTo(constraint);
    }
}
