package dev.schemakit.throwaway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The development database of {@code scripts/run-service.sh} where Docker is missing: an embedded
 * PostgreSQL whose data stays in a folder between runs.
 *
 * <pre>
 * DevDatabase start FOLDER PORT   starts it (or finds it running), creates database schemakit,
 *                                 prints its JDBC URL and leaves it running
 * DevDatabase stop FOLDER         fast shutdown; the data stays
 * </pre>
 * Exit status 2 with a one-line message on bad arguments or when it cannot start.
 */
public final class DevDatabase {

    static final String DATABASE = "schemakit";

    private DevDatabase() {
    }

    public static void main(String[] args) {
        try {
            if (args.length == 3 && args[0].equals("start")) {
                System.out.println(start(Path.of(args[1]).toAbsolutePath(), Integer.parseInt(args[2])));
            } else if (args.length == 2 && args[0].equals("stop")) {
                stop(Path.of(args[1]).toAbsolutePath());
            } else {
                fail("usage: DevDatabase start FOLDER PORT | stop FOLDER");
            }
        } catch (NumberFormatException e) {
            fail("the port must be a number: " + args[2]);
        } catch (ThrowawayPostgres.UnavailableException | IllegalStateException e) {
            fail(e.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }

    static String start(Path data, int port) {
        String url = "jdbc:postgresql://localhost:" + port + "/";
        if (!answers(url + "postgres")) {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                throw new IllegalStateException("The development database in " + data + " seems to run already "
                        + "(postmaster.pid exists) but does not answer on port " + port + ". Stop it with "
                        + "`kill -INT $(head -1 " + data.resolve("postmaster.pid") + ")`, or remove that file if no "
                        + "such process runs.");
            }
            // Left running on purpose: the service and the db commands use it after this exits.
            EmbeddedBackend.startKeeping(data, port);
        }
        try (Connection connection = DriverManager.getConnection(url + "postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            boolean exists;
            try (ResultSet result = statement
                    .executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                exists = result.next();
            }
            if (!exists) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The development database on port " + port + " refused: " + e.getMessage(),
                    e);
        }
        return url + DATABASE;
    }

    static void stop(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile);
            pid = Long.parseLong(lines.get(0).trim());
        } catch (IOException | RuntimeException e) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(postmaster -> {
            try {
                // SIGINT is PostgreSQL's fast shutdown.
                new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
                postmaster.onExit().get(Duration.ofSeconds(30).toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the development database (pid " + pid + ")", e);
            }
        });
    }

    private static boolean answers(String url) {
        try (Connection connection = DriverManager.getConnection(url + "?connectTimeout=2", "postgres", "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
