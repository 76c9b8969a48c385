package dev.schemakit.throwaway;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A throwaway database held for a build step, in a process of its own so that it is removed
 * however the build ends.
 *
 * <p>The code generator's start-database step (generated-model/src/build/codegen.xml) spawns this
 * with one argument, its work folder. It writes {@code pid} at once, then starts a
 * {@link ThrowawayPostgres} and writes {@code connection.properties} (codegen.db.url, .user,
 * .password, .ready) or, when that fails for any reason, {@code error.txt} with a message for the
 * user. Then it waits until a file named {@code stop} appears (the stop-database step, at the end
 * of a good build) or its parent process, Maven, ends in any other way (a failed step, Ctrl-C, a
 * kill). It then counts the migrations Flyway applied, removes the database and writes
 * {@code removed.properties}. Ctrl-C reaches this process too: then the database's own shutdown
 * hook removes it. Diagnostics go to {@code database.log}. Each file appears whole: it
 * is written aside and moved into place.
 */
public final class HeldDatabase {

    private final Path work;
    private final long started = System.nanoTime();

    private HeldDatabase(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        PrintStream log = new PrintStream(Files.newOutputStream(work.resolve("database.log")), true,
                StandardCharsets.UTF_8);
        System.setErr(log);
        System.setOut(log);
        HeldDatabase held = new HeldDatabase(work);
        held.publish("pid", ProcessHandle.current().pid() + "\n");
        try {
            held.run();
        } catch (Throwable e) {
            e.printStackTrace();
            held.publish("error.txt", "The throwaway database failed unexpectedly: " + Ports.rootMessage(e)
                    + ". The details are in " + work.resolve("database.log") + ".");
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        // Captured now: once Maven has ended, this process is re-parented.
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        ThrowawayPostgres database;
        try {
            database = ThrowawayPostgres.builder().role("codegen").start();
        } catch (ThrowawayPostgres.UnavailableException e) {
            e.printStackTrace();
            publish("error.txt", e.getMessage());
            return;
        }
        publish("connection.properties", String.join("\n",
                "codegen.db.url=" + escape(database.getJdbcUrl()),
                "codegen.db.user=" + escape(database.getUsername()),
                "codegen.db.password=" + escape(database.getPassword()),
                String.format(Locale.ROOT, "codegen.db.ready=%s, ready in %.1f s", database.getDescription(),
                        seconds()),
                ""));

        Path stop = work.resolve("stop");
        while (!Files.exists(stop) && parent.isAlive()) {
            Thread.sleep(50);
        }

        String migrations = "?";
        try {
            migrations = String.valueOf(appliedMigrations(database));
        } catch (SQLException e) {
            e.printStackTrace();
        }
        boolean removed = false;
        try {
            database.close();
            removed = true;
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
        publish("removed.properties", String.join("\n",
                "codegen.applied-migrations=" + migrations,
                "codegen.removed=" + removed,
                "codegen.removed-name=" + escape(switch (database.getKind()) {
                    case DOCKER -> "the container";
                    case EMBEDDED -> "the embedded server";
                    case SERVER -> "database " + database.getDatabaseName();
                }),
                String.format(Locale.ROOT, "codegen.seconds=%.1f", seconds()),
                ""));
    }

    private void publish(String file, String content) throws IOException {
        Path aside = work.resolve(file + ".tmp");
        Files.writeString(aside, content);
        Files.move(aside, work.resolve(file), StandardCopyOption.ATOMIC_MOVE);
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    private static int appliedMigrations(ThrowawayPostgres database) throws SQLException {
        try (Connection connection = database.connect(database.getJdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet result = statement
                        .executeQuery("select count(*) from pg_tables where tablename = 'flyway_schema_history'")) {
            result.next();
            if (result.getInt(1) == 0) {
                return 0;
            }
        }
        try (Connection connection = database.connect(database.getJdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "select count(*) from flyway_schema_history where success and version is not null")) {
            result.next();
            return result.getInt(1);
        }
    }
}
