package dev.schemakit.service.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.jooq.CloseableDSLContext;
import org.junit.jupiter.api.Test;

class DbUpgradeTest extends DbCommandTestSupport {

    private static final String V1_SQL = "-- V1: create users\n" + resource("db/migration/V1__create_users.sql");
    private static final String V2_SQL = "-- V2: add is active to users\n"
            + resource("db/migration/V2__add_is_active_to_users.sql");
    private static final String V3_SQL = "-- V3: add version to users\n"
            + resource("db/migration/V3__add_version_to_users.sql");
    private static final String V4_SQL = "-- V4: index username prefix search\n"
            + resource("db/migration/V4__index_username_prefix_search.sql");
    // Written by the migration generator, it starts with the header the command would print.
    private static final String V5_SQL = resource("db/migration/V5__link_users_to_token_subjects.sql");

    @Test
    void printsThePendingMigrationsWithoutRunningThem() {
        DatabaseSettings database = freshDatabase();

        Run run = db(database, "upgrade", "--sql");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(V1_SQL + V2_SQL + V3_SQL + V4_SQL + V5_SQL, run.out());
        assertEquals("none\n", db(database, "current").out());
    }

    @Test
    void appliesExactlyWhatSqlPrinted() {
        DatabaseSettings database = freshDatabase();
        Run sqlToV1 = db(database, "upgrade", "--sql", "--target", "1");
        assertEquals(V1_SQL, sqlToV1.out());

        Run toV1 = db(database, "upgrade", "--target", "1");

        assertEquals(0, toV1.exitCode(), toV1.err());
        assertTrue(
                toV1.out()
                        .matches(Pattern.quote(upgrading(database))
                                + "applied V1: create users \\(\\d+ ms\\)\nthe database is now at version 1\n"),
                toV1.out());
        assertEquals("1 (create users)\n", db(database, "current").out());
        assertEquals(V2_SQL + V3_SQL + V4_SQL + V5_SQL, db(database, "upgrade", "--sql").out());

        Run rest = db(database, "upgrade");

        assertEquals(0, rest.exitCode(), rest.err());
        assertTrue(rest.out()
                .matches(Pattern.quote(upgrading(database)) + "applied V2: add is active to users \\(\\d+ ms\\)\n"
                        + "applied V3: add version to users \\(\\d+ ms\\)\n"
                        + "applied V4: index username prefix search \\(\\d+ ms\\)\n"
                        + "applied V5: link users to token subjects \\(\\d+ ms\\)\nthe database is now at version 5\n"),
                rest.out());
        assertEquals("", db(database, "upgrade", "--sql").out());
        try (CloseableDSLContext dsl = dsl(database)) {
            assertEquals(List.of("1", "2", "3", "4", "5"),
                    dsl.select(VERSION).from(SCHEMA_HISTORY).orderBy(VERSION).fetch(VERSION));
        }
    }

    @Test
    void upgradeOfUpToDateDatabaseAppliesNothing() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade").exitCode());

        Run run = db(database, "upgrade");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(upgrading(database) + "nothing to apply; the database is at version 5\n", run.out());
    }

    @Test
    void refusesUnknownTarget() {
        DatabaseSettings database = freshDatabase();

        Run run = db(database, "upgrade", "--target", "7");

        assertEquals(1, run.exitCode());
        assertEquals("db: No migration has version 7; db history lists the versions there are.\n", run.err());
        assertEquals("none\n", db(database, "current").out());
    }

    @Test
    void failedMigrationIsRolledBackAndReportedInOneParagraph() {
        DatabaseSettings fresh = freshDatabase();
        DatabaseSettings database = new DatabaseSettings(fresh.url(), fresh.username(), fresh.password(),
                List.of("classpath:db/migration", "classpath:db/migration-broken-v6"));

        Run run = db(database, "upgrade");

        assertEquals(1, run.exitCode());
        assertEquals(upgrading(database), run.out());
        assertTrue(run.err().startsWith("db: Upgrade failed: Script V6__add_bio_to_users.sql failed: ERROR: relation"
                + " \"no_such_table\" does not exist. The failed migration was rolled back"), run.err());
        assertTrue(run.err().endsWith("the database is at version 5.\n"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        try (CloseableDSLContext dsl = dsl(database)) {
            assertFalse(DbDowngradeTest.hasColumn(dsl, "users", "bio"));
        }
    }

    @Test
    void historyListsAppliedAndPendingMigrations() {
        DatabaseSettings database = freshDatabase();
        assertEquals(0, db(database, "upgrade", "--target", "1").exitCode());

        Run run = db(database, "history");

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(7, lines.size(), run.out());
        assertTrue(lines.get(0).matches("Version +Description +Installed on +State"), lines.get(0));
        assertTrue(lines.get(2).matches("1 +create users +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +Success"),
                lines.get(2));
        assertTrue(lines.get(3).matches("2 +add is active to users +Pending"), lines.get(3));
        assertTrue(lines.get(4).matches("3 +add version to users +Pending"), lines.get(4));
        assertTrue(lines.get(5).matches("4 +index username prefix search +Pending"), lines.get(5));
        assertTrue(lines.get(6).matches("5 +link users to token subjects +Pending"), lines.get(6));
    }
}
