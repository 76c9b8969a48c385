package dev.schemakit.service.db;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.jooq.CloseableDSLContext;
import org.junit.jupiter.api.Test;

class DbCheckTest extends DbCommandTestSupport {

    @Test
    void passesWhenDatabaseMatchesMigrations() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade").exitCode());

        Run run = db(database, "check");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                generated classes match the migrations
                database matches the migrations
                """, run.out());
    }

    @Test
    void listsPendingMigrationsWithoutFailing() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade", "--target", "1").exitCode());

        Run run = db(database, "check");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                generated classes match the migrations
                database matches the migrations
                pending (run db upgrade): V2 add is active to users, V3 add version to users, V4 index username prefix search, V5 link users to token subjects
                """, run.out());
    }

    @Test
    void failsWhenAppliedMigrationWasEdited() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade").exitCode());
        try (CloseableDSLContext dsl = dsl(database)) {
            dsl.update(SCHEMA_HISTORY).set(CHECKSUM, 12345).where(VERSION.eq("2")).execute();
        }

        Run run = db(database, "check");

        assertEquals(1, run.exitCode());
        assertEquals("generated classes match the migrations\n", run.out());
        assertEquals("db: The database does not match the migrations: V2 (add is active to users) was changed after"
                + " it was applied (its checksum differs from the one recorded in flyway_schema_history); restore the"
                + " file and add a new migration instead.\n", run.err());
    }

    @Test
    void failsWhenAppliedMigrationHasNoFile() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade").exitCode());
        try (CloseableDSLContext dsl = dsl(database)) {
            dsl.insertInto(SCHEMA_HISTORY)
                    .set(field(name("installed_rank"), Integer.class), 6)
                    .set(VERSION, "6")
                    .set(field(name("description"), String.class), "add bio to users")
                    .set(field(name("type"), String.class), "SQL")
                    .set(field(name("script"), String.class), "V6__add_bio_to_users.sql")
                    .set(CHECKSUM, 1)
                    .set(field(name("installed_by"), String.class), "test")
                    .set(field(name("execution_time"), Integer.class), 1)
                    .set(field(name("success"), Boolean.class), true)
                    .execute();
        }

        Run run = db(database, "check");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("db: The database does not match the migrations: V6 (add bio to users)"),
                run.err());
    }

    @Test
    void generatedOnlyNeedsNoDatabase() {
        // No settings at all: asking for the database would fail the command.
        Run run = db(null, "check", "--generated-only");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("generated classes match the migrations\n", run.out());
    }

    @Test
    void failsWhenGeneratedClassesAreOlderThanTheMigrations() {
        // A record as a build that generated its classes before V2 to V5 existed, and with V1 as it was
        // before an edit, would have shipped.
        var out = new ByteArrayOutputStream();
        var check = new GeneratedModelCheck("db/stale-model/migrations.sha256", GeneratedModelCheck.DEFAULT_MIGRATIONS,
                new PrintStream(out, true, StandardCharsets.UTF_8));

        DbCommandException e = assertThrows(DbCommandException.class, check::check);

        assertEquals("The generated jOOQ classes are out of date with the migrations: V1__create_users.sql changed"
                + " after the classes were generated; V2__add_is_active_to_users.sql is newer than the classes;"
                + " V3__add_version_to_users.sql is newer than the classes;"
                + " V4__index_username_prefix_search.sql is newer than the classes;"
                + " V5__link_users_to_token_subjects.sql is newer than the classes;"
                + " V0__gone.sql is gone, but the classes were generated with it. This jar was built from sources whose"
                + " classes were generated before their migrations changed; build it again from the project root with"
                + " ./mvnw package, which regenerates them first.", e.getMessage());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
