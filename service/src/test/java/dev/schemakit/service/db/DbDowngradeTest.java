package dev.schemakit.service.db;

import static dev.schemakit.model.Tables.USERS;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jooq.CloseableDSLContext;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

class DbDowngradeTest extends DbCommandTestSupport {

    @Test
    void roundTripKeepsRowsAcrossDowngradeAndUpgrade() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade").exitCode());
        Run toZero = db(database, "downgrade", "--target", "0");
        assertEquals(0, toZero.exitCode(), toZero.err());
        assertEquals(downgrading(database) + """
                undid V5: link users to token subjects (V5__link_users_to_token_subjects.sql)
                undid V4: index username prefix search (V4__index_username_prefix_search.sql)
                undid V3: add version to users (V3__add_version_to_users.sql)
                undid V2: add is active to users (V2__add_is_active_to_users.sql)
                undid V1: create users (V1__create_users.sql)
                the database is now at version 0 (no migration applied)
                """, toZero.out());
        try (CloseableDSLContext dsl = dsl(database)) {
            assertFalse(hasTable(dsl, "users"));
            assertEquals(0, dsl.fetchCount(SCHEMA_HISTORY));
        }
        assertEquals(0, db(database, "upgrade").exitCode());
        try (CloseableDSLContext dsl = dsl(database)) {
            dsl.insertInto(USERS, USERS.USERNAME, USERS.EMAIL, USERS.IS_ACTIVE)
                    .values("alice", "alice@example.com", true)
                    .values("bob", "bob@example.com", false)
                    .execute();
        }

        try (CloseableDSLContext dsl = dsl(database)) {
            dsl.update(USERS).set(USERS.VERSION, 5L).where(USERS.USERNAME.eq("bob")).execute();
        }

        Run fourSteps = db(database, "downgrade", "--steps", "4");

        assertEquals(0, fourSteps.exitCode(), fourSteps.err());
        assertEquals(downgrading(database) + """
                undid V5: link users to token subjects (V5__link_users_to_token_subjects.sql)
                undid V4: index username prefix search (V4__index_username_prefix_search.sql)
                undid V3: add version to users (V3__add_version_to_users.sql)
                undid V2: add is active to users (V2__add_is_active_to_users.sql)
                the database is now at version 1
                """, fourSteps.out());
        assertEquals("1 (create users)\n", db(database, "current").out());
        try (CloseableDSLContext dsl = dsl(database)) {
            assertEquals(List.of("alice", "bob"),
                    dsl.select(USERS.USERNAME).from(USERS).orderBy(USERS.ID).fetch(USERS.USERNAME));
            assertFalse(hasColumn(dsl, "users", "is_active"));
            assertFalse(hasColumn(dsl, "users", "version"));
            assertEquals(List.of("1"), dsl.select(VERSION).from(SCHEMA_HISTORY).fetch(VERSION));
        }

        Run back = db(database, "upgrade");

        assertEquals(0, back.exitCode(), back.err());
        try (CloseableDSLContext dsl = dsl(database)) {
            // Undoing dropped the columns, so upgrading backfills their defaults.
            assertEquals(List.of(true, true),
                    dsl.select(USERS.IS_ACTIVE).from(USERS).orderBy(USERS.ID).fetch(USERS.IS_ACTIVE));
            assertEquals(List.of(1L, 1L), dsl.select(USERS.VERSION).from(USERS).orderBy(USERS.ID).fetch(USERS.VERSION));
            assertEquals(2, dsl.fetchCount(USERS));
        }
        assertEquals("5 (link users to token subjects)\n", db(database, "current").out());
    }

    @Test
    void refusesWhenUndoScriptIsMissingAndChangesNothing() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade").exitCode());

        Run run = dbWithUndo("classpath:db/undo-without-v2", database, "downgrade", "--target", "0");

        assertEquals(1, run.exitCode());
        assertEquals(downgrading(database), run.out());
        assertEquals("db: Downgrade refused, nothing was changed: V2 (add is active to users) has no undo script;"
                + " expected classpath:db/undo-without-v2/V2__add_is_active_to_users.sql. Write it (it must reverse"
                + " V2__add_is_active_to_users.sql) and run downgrade again.\n", run.err());
        try (CloseableDSLContext dsl = dsl(database)) {
            assertTrue(hasColumn(dsl, "users", "is_active"));
            assertEquals(List.of("1", "2", "3", "4", "5"),
                    dsl.select(VERSION).from(SCHEMA_HISTORY).orderBy(VERSION).fetch(VERSION));
        }
    }

    @Test
    void failingUndoLeavesDatabaseAtLastFullyUndoneVersion() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade").exitCode());

        Run run = dbWithUndo("classpath:db/undo-broken-v1", database, "downgrade", "--target", "0");

        assertEquals(1, run.exitCode());
        assertEquals(downgrading(database) + """
                undid V5: link users to token subjects (V5__link_users_to_token_subjects.sql)
                undid V4: index username prefix search (V4__index_username_prefix_search.sql)
                undid V3: add version to users (V3__add_version_to_users.sql)
                undid V2: add is active to users (V2__add_is_active_to_users.sql)
                """, run.out());
        assertTrue(
                run.err().startsWith(
                        "db: Undoing V1 (create users) with classpath:db/undo-broken-v1/V1__create_users.sql"
                                + " failed and was rolled back: ERROR: table \"no_such_table\" does not exist"),
                run.err());
        assertTrue(run.err().endsWith("The database is at version 1.\n"), run.err());
        assertEquals("1 (create users)\n", db(database, "current").out());
        try (CloseableDSLContext dsl = dsl(database)) {
            assertEquals(List.of("1"), dsl.select(VERSION).from(SCHEMA_HISTORY).fetch(VERSION));
            assertTrue(hasTable(dsl, "users"));
            assertFalse(hasColumn(dsl, "users", "is_active"));
            assertFalse(hasColumn(dsl, "users", "version"));
        }
    }

    @Test
    void refusesWhenAppliedMigrationWasEdited() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade").exitCode());
        try (CloseableDSLContext dsl = dsl(database)) {
            dsl.update(SCHEMA_HISTORY).set(CHECKSUM, 12345).where(VERSION.eq("2")).execute();
        }

        Run run = db(database, "downgrade");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("db: Refused to downgrade, nothing was changed: the database does not match"
                + " the migrations: V2 (add is active to users) was changed after it was applied"), run.err());
        try (CloseableDSLContext dsl = dsl(database)) {
            assertTrue(hasColumn(dsl, "users", "is_active"));
            assertEquals(5, dsl.fetchCount(SCHEMA_HISTORY));
        }
    }

    @Test
    void refusesMoreStepsThanApplied() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade", "--target", "1").exitCode());

        Run run = db(database, "downgrade", "--steps", "2");

        assertEquals(1, run.exitCode());
        assertEquals("db: Downgrade refused, nothing was changed: cannot undo 2 migrations, only 1 applied.\n",
                run.err());
        assertEquals("1 (create users)\n", db(database, "current").out());
    }

    @Test
    void refusesTargetThatIsNotApplied() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade", "--target", "1").exitCode());

        Run run = db(database, "downgrade", "--target", "2");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("db: Downgrade refused, nothing was changed: version 2 is not applied"),
                run.err());
    }

    static boolean hasTable(DSLContext dsl, String tableName) {
        return dsl.fetchExists(table(name("information_schema", "tables")),
                field(name("table_schema")).eq("public"),
                field(name("table_name")).eq(tableName));
    }

    static boolean hasColumn(DSLContext dsl, String tableName, String column) {
        return dsl.fetchExists(table(name("information_schema", "columns")),
                field(name("table_schema")).eq("public"),
                field(name("table_name")).eq(tableName),
                field(name("column_name")).eq(column));
    }
}
