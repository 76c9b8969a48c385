package dev.schemakit.service.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Arguments, help and failures that need no database. */
class DbCommandLineTest {

    private static final DatabaseSettings UNREACHABLE = new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/none",
            "postgres", "pw", List.of("classpath:db/migration"));

    @Test
    void helpListsTheCommands() {
        DbCommandTestSupport.Run run = DbCommandTestSupport.db(UNREACHABLE, "--help");

        assertEquals(0, run.exitCode());
        for (String command : List.of("upgrade", "downgrade", "history", "current", "check")) {
            assertTrue(run.out().contains("\n  " + command + " "), command);
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("upgrade", "downgrade", "history", "current", "check")) {
            DbCommandTestSupport.Run run = DbCommandTestSupport.db(UNREACHABLE, command, "--help");

            assertEquals(0, run.exitCode(), command);
            assertTrue(run.out().startsWith("Usage: db " + command), run.out());
        }
    }

    @Test
    void rejectsUnknownCommandAsUsageError() {
        DbCommandTestSupport.Run run = DbCommandTestSupport.db(UNREACHABLE, "migrat");

        assertEquals(2, run.exitCode());
        assertEquals("db: Unknown command 'migrat'; the commands are upgrade, downgrade, history, current and"
                + " check. See 'db --help'.\n", run.err());
    }

    @Test
    void pointsDevelopmentCommandsToThePlugin() {
        for (String command : List.of("diff", "migrate", "new")) {
            DbCommandTestSupport.Run run = DbCommandTestSupport.db(UNREACHABLE, command, "-m", "add bio");

            assertEquals(2, run.exitCode());
            assertEquals("db: '" + command + "' is a development command, of the source tree, not of the service"
                    + " jar: run ./mvnw schemakit:" + command + " in the project (./mvnw schemakit:help lists the"
                    + " goals). This jar's commands are upgrade, downgrade, history, current and check. See"
                    + " 'db --help'.\n", run.err());
        }
    }

    @Test
    void rejectsBadOptionsAsUsageErrors() {
        assertEquals(2, DbCommandTestSupport.db(UNREACHABLE, "downgrade", "--steps", "0").exitCode());
        assertEquals(2, DbCommandTestSupport.db(UNREACHABLE, "downgrade", "--steps", "1", "--target", "0").exitCode());
        assertEquals(2, DbCommandTestSupport.db(UNREACHABLE, "upgrade", "--target", "two").exitCode());
        assertEquals(2, DbCommandTestSupport.db(UNREACHABLE, "upgrade", "--target").exitCode());
        assertEquals(2, DbCommandTestSupport.db(UNREACHABLE, "history", "--all").exitCode());
        assertEquals(2, DbCommandTestSupport.db(UNREACHABLE, "current", "extra").exitCode());
        assertEquals(2, DbCommandTestSupport.db(UNREACHABLE).exitCode());
    }

    @Test
    void reportsUsageErrorInOneLineNamingTheCommandsHelp() {
        DbCommandTestSupport.Run run = DbCommandTestSupport.db(UNREACHABLE, "downgrade", "--steps", "none");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("db: Invalid value for option '--steps': 'none' is not a whole number of at least 1."
                + " See 'db downgrade --help'.\n", run.err());
    }

    @Test
    void reportsUnreachableDatabaseInOneParagraph() {
        DbCommandTestSupport.Run run = DbCommandTestSupport.db(UNREACHABLE, "current");

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err()
                .startsWith("db: Cannot connect to the database jdbc:postgresql://127.0.0.1:1/none as postgres:"
                        + " Connection to 127.0.0.1:1 refused."),
                run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }
}
