package dev.schemakit.service.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db new}, on a copy of the migrations folder; no database involved. */
class DbNewTest {

    @TempDir
    Path dir;

    @BeforeEach
    void copyMigrations() throws IOException {
        Files.createDirectories(dir.resolve("migration"));
        for (String file : List.of("V1__create_users.sql", "V2__add_is_active_to_users.sql",
                "V3__add_version_to_users.sql")) {
            Files.writeString(dir.resolve("migration").resolve(file),
                    DbCommandTestSupport.resource("db/migration/" + file));
        }
    }

    @Test
    void createsNextVersionAndItsUndoScript() throws IOException {
        DbCommandTestSupport.Run run = db("new", "Add bio to users!", "--dir", dir.toString());

        assertEquals(0, run.exitCode(), run.err());
        Path migration = dir.resolve("migration/V4__add_bio_to_users.sql");
        Path undo = dir.resolve("undo/V4__add_bio_to_users.sql");
        assertEquals("created " + migration + "\ncreated " + undo + "\n", run.out());
        assertTrue(Files.readString(migration).startsWith("-- V4: Add bio to users!\n"), Files.readString(migration));
        assertTrue(Files.readString(undo).startsWith("-- Undoes V4__add_bio_to_users.sql"), Files.readString(undo));
    }

    @Test
    void refusesDescriptionThatIsTaken() throws IOException {
        assertEquals(0, db("new", "add bio to users", "--dir", dir.toString()).exitCode());

        DbCommandTestSupport.Run again = db("new", "add bio to users", "--dir", dir.toString());
        DbCommandTestSupport.Run existing = db("new", "create users", "--dir", dir.toString());

        assertEquals(1, again.exitCode());
        assertEquals("db: A migration named add_bio_to_users already exists: "
                + dir.resolve("migration/V4__add_bio_to_users.sql")
                + ". Describe the new change differently.\n", again.err());
        assertEquals(1, existing.exitCode());
        assertTrue(existing.err().contains("V1__create_users.sql"), existing.err());
        assertEquals(4, count(dir.resolve("migration")));
    }

    @Test
    void refusesUndoScriptThatExistsWithoutMigration() throws IOException {
        Files.createDirectories(dir.resolve("undo"));
        Files.writeString(dir.resolve("undo/V4__add_bio_to_users.sql"), "-- left over\n");

        DbCommandTestSupport.Run run = db("new", "add bio to users", "--dir", dir.toString());

        assertEquals(1, run.exitCode());
        assertFalse(Files.exists(dir.resolve("migration/V4__add_bio_to_users.sql")));
    }

    @Test
    void refusesEmptyDescriptions() throws IOException {
        DbCommandTestSupport.Run empty = db("new", " ", "--dir", dir.toString());
        DbCommandTestSupport.Run noName = db("new", "!?", "--dir", dir.toString());

        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().startsWith("db: The description is empty"), empty.err());
        assertEquals(2, noName.exitCode());
        assertTrue(noName.err().startsWith("db: The description \"!?\" has no letters or digits"), noName.err());
        assertEquals(3, count(dir.resolve("migration")));
    }

    private static DbCommandTestSupport.Run db(String... args) {
        return DbCommandTestSupport.db(null, args);
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
