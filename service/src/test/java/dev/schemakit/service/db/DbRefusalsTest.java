package dev.schemakit.service.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands refuse to do, changing nothing: a database nobody named, a migration with no SQL. */
class DbRefusalsTest extends DbCommandTestSupport {

    private static final List<String> RELEASED = List.of("V1__create_users.sql", "V2__add_is_active_to_users.sql",
            "V3__add_version_to_users.sql", "V4__index_username_prefix_search.sql",
            "V5__link_users_to_token_subjects.sql");

    @TempDir
    Path source;

    @Test
    void refusesToChangeTheDefaultDatabaseUnlessToldYes() {
        DatabaseSettings fresh = freshDatabase();
        DatabaseSettings defaulted = new DatabaseSettings(fresh.url(), fresh.username(), fresh.password(),
                fresh.migrationLocations(), false);

        Run refused = db(defaulted, "upgrade");

        assertEquals(1, refused.exitCode());
        assertEquals("", refused.out());
        assertEquals("db: Refused, nothing was changed: no database was named, and the default is " + fresh.url()
                + " as " + fresh.username() + ", which may be another server than the one meant. Set"
                + " DATASOURCES_DEFAULT_URL (and _USERNAME, _PASSWORD) to the database to change, or pass --yes to"
                + " use the default.\n", refused.err());
        assertEquals("none\n", db(fresh, "current").out());
        assertEquals(1, db(defaulted, "downgrade").exitCode());

        Run told = db(defaulted, "upgrade", "--yes");

        assertEquals(0, told.exitCode(), told.err());
        assertTrue(told.out().startsWith(upgrading(fresh) + "applied V1: create users"), told.out());
        assertEquals("5 (link users to token subjects)\n", db(fresh, "current").out());
    }

    @Test
    void refusesAMigrationOfOnlyCommentsInUpgradeAndCheck() throws IOException {
        writeSourceTree("-- V6: add bio to users\n/* to do */\n-- One change per file.\n", "-- Undoes V6.\n");
        DatabaseSettings fresh = freshDatabase();
        DatabaseSettings database = new DatabaseSettings(fresh.url(), fresh.username(), fresh.password(),
                List.of("filesystem:" + source.resolve("migration")));

        Run upgrade = db(database, "upgrade");
        Run check = db(database, "check");

        assertEquals(1, upgrade.exitCode());
        assertEquals("db: Refused to upgrade, nothing was changed: V6__add_bio_to_users.sql holds only comments, no"
                + " SQL. Write the change into it, or delete it and its undo script.\n", upgrade.err());
        assertEquals("none\n", db(database, "current").out());
        assertEquals(1, check.exitCode());
        assertEquals("db: The migrations are not ready: V6__add_bio_to_users.sql holds only comments, no SQL. Write"
                + " the change into it, or delete it and its undo script.\n", check.err());
    }

    /** The jar's five migrations and their undo scripts, then V6 with {@code migration} and {@code undo}. */
    private void writeSourceTree(String migration, String undo) throws IOException {
        Files.createDirectories(source.resolve("migration"));
        Files.createDirectories(source.resolve("undo"));
        for (String file : RELEASED) {
            Files.writeString(source.resolve("migration").resolve(file), resource("db/migration/" + file));
            Files.writeString(source.resolve("undo").resolve(file), resource("db/undo/" + file));
        }
        Files.writeString(source.resolve("migration/V6__add_bio_to_users.sql"), migration);
        Files.writeString(source.resolve("undo/V6__add_bio_to_users.sql"), undo);
    }
}
