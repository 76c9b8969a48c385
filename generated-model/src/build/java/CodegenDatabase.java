import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import sun.misc.Signal;

/**
 * The codegen's throwaway database, owned by a process of its own so that it is removed however
 * the build ends.
 *
 * <p>The start-database step (src/build/codegen.xml) spawns this with the JDK's source launcher
 * on the module's test class path. It provides a database: a PostgreSQL container started with
 * Testcontainers, or a uniquely named database created on an existing server, and writes
 * {@code connection.properties} (codegen.db.url, .user, .password) into its work folder, or
 * {@code error.txt} with a message for the user. Then it waits until a file named {@code stop}
 * appears there (the stop-database step, at the end of a good build) or Maven, its parent
 * process, ends in any other way (a failed step, Ctrl-C, a kill). It then counts the migrations
 * Flyway applied, removes the database and writes {@code removed.properties}. Diagnostics go to
 * {@code database.log}. Each file appears whole: it is written aside and moved into place.
 *
 * <p>Arguments: {@code WORK_DIR container IMAGE}, or {@code WORK_DIR server JDBC_URL USER} with
 * the password in the environment variable {@code CODEGEN_JDBC_PASSWORD}.
 */
public final class CodegenDatabase {

    private static final Pattern JDBC_URL =
            Pattern.compile("^(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(\\?.*)?$");

    private final Path work;
    private final long started = System.nanoTime();

    private CodegenDatabase(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        // Ctrl-C and a process-group kill reach this process too; it must outlive Maven.
        for (String signal : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(signal), s -> { });
        }
        Path work = Path.of(args[0]);
        System.setErr(new PrintStream(Files.newOutputStream(work.resolve("database.log")), true, StandardCharsets.UTF_8));
        try {
            new CodegenDatabase(work).run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run(String[] args) throws Exception {
        // Captured now: once Maven has ended, this process is re-parented.
        ProcessHandle maven = ProcessHandle.current().parent().orElseThrow();
        Database database;
        try {
            database = "container".equals(args[1])
                    ? startContainer(args[2])
                    : createOnServer(args[2], args[3], System.getenv().getOrDefault("CODEGEN_JDBC_PASSWORD", ""));
        } catch (UserError e) {
            publish("error.txt", e.getMessage());
            return;
        }
        publish("connection.properties", String.join("\n",
                "codegen.db.url=" + escape(database.url()),
                "codegen.db.user=" + escape(database.user()),
                "codegen.db.password=" + escape(database.password()),
                String.format(Locale.ROOT, "codegen.db.ready=%s ready in %.1f s", database.name(), seconds()),
                ""));

        Path stop = work.resolve("stop");
        while (!Files.exists(stop) && maven.isAlive()) {
            Thread.sleep(100);
        }

        String migrations = "?";
        try {
            migrations = String.valueOf(appliedMigrations(database));
        } catch (SQLException e) {
            e.printStackTrace();
        }
        boolean removed = false;
        try {
            database.remover().run();
            removed = true;
            System.err.println("removed " + database.name());
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
        publish("removed.properties", String.join("\n",
                "codegen.applied-migrations=" + migrations,
                "codegen.removed=" + removed,
                "codegen.removed-name=" + database.name(),
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

    private static Database startContainer(String image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new UserError("jOOQ code generation needs a PostgreSQL database to apply the "
                    + "migrations to, and no Docker engine answered, so none could be started. Either "
                    + "start Docker (check with `docker info`; on a Linux host without Docker or "
                    + "registry access, run `sudo scripts/local-docker.sh` and apply the environment it "
                    + "prints), or use an existing PostgreSQL server: pass "
                    + "-Dcodegen.jdbc.url=jdbc:postgresql://HOST:PORT/DATABASE -Dcodegen.jdbc.user=USER "
                    + "-Dcodegen.jdbc.password=PASSWORD, and a uniquely named throwaway database is "
                    + "created there, migrated, used for generation and dropped again.");
        }
        var container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("codegen")
                .withLabel("dev.schemakit.role", "codegen")
                .withStartupTimeout(Duration.ofMinutes(2));
        try {
            container.start();
        } catch (RuntimeException e) {
            e.printStackTrace();
            container.stop();
            throw new UserError("Could not start PostgreSQL (" + image + ") for jOOQ code generation: "
                    + rootMessage(e) + ". If the image cannot be pulled here, build it locally with "
                    + "`sudo scripts/local-docker.sh` and apply the environment it prints, or set "
                    + "-Dcodegen.image to an image you have; or use an existing server with "
                    + "-Dcodegen.jdbc.url (see README).");
        }
        String id = container.getContainerId();
        return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                "container " + id.substring(0, 12) + " (" + image + ")",
                () -> DockerClientFactory.instance().client().removeContainerCmd(id)
                        .withForce(true)
                        .withRemoveVolumes(true)
                        .exec());
    }

    private static Database createOnServer(String url, String user, String password) {
        Matcher m = JDBC_URL.matcher(url);
        if (!m.matches()) {
            throw new UserError("-Dcodegen.jdbc.url must look like jdbc:postgresql://HOST:PORT/DATABASE "
                    + "(an existing database the user can connect to, used only to create and drop the "
                    + "throwaway database), but it is: " + url);
        }
        String name = "codegen_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            DSL.using(connection).createDatabase(DSL.name(name)).execute();
        } catch (SQLException | RuntimeException e) {
            e.printStackTrace();
            throw new UserError("Could not create a throwaway database on " + m.group(1) + " for jOOQ "
                    + "code generation: " + rootMessage(e) + ". Check -Dcodegen.jdbc.url, "
                    + "-Dcodegen.jdbc.user and -Dcodegen.jdbc.password; the user needs the CREATEDB "
                    + "privilege.");
        }
        String databaseUrl = m.group(1) + "/" + name + (m.group(3) == null ? "" : m.group(3));
        return new Database(databaseUrl, user, password, "database " + name, () -> {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                DSLContext ctx = DSL.using(connection);
                // DROP DATABASE fails while anyone is connected, and a killed build may have left
                // Flyway's or jOOQ's connection behind.
                ctx.select(DSL.function("pg_terminate_backend", Boolean.class, DSL.field(DSL.name("pid"))))
                        .from(DSL.table(DSL.name("pg_stat_activity")))
                        .where(DSL.field(DSL.name("datname")).eq(name))
                        .fetch();
                ctx.dropDatabaseIfExists(DSL.name(name)).execute();
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop database " + name, e);
            }
        });
    }

    private static int appliedMigrations(Database database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            DSLContext ctx = DSL.using(connection);
            var history = DSL.table(DSL.name("flyway_schema_history"));
            if (ctx.meta().getTables(history.getName()).isEmpty()) {
                return 0;
            }
            return ctx.fetchCount(history, DSL.field(DSL.name("success"), Boolean.class).isTrue()
                    .and(DSL.field(DSL.name("version")).isNotNull()));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private record Database(String url, String user, String password, String name, Runnable remover) {
    }

    /** A failure the user can fix; its message is shown as the build's error. */
    private static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
