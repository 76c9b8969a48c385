import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
 * <p>start-database.groovy starts this with the JDK's source launcher on the module's test class
 * path. It provides a database: a PostgreSQL container started with Testcontainers, or a
 * uniquely named database created on an existing server. It then prints the connection as
 * {@code url=}, {@code user=} and {@code password=} lines followed by {@code ready}, or one
 * {@code error=} line with a message for the user, and exits. After {@code ready} it waits for
 * the end of its standard input, which comes either from stop-database.groovy at the end of a
 * good build or from the operating system when Maven ends in any other way (a failed step,
 * Ctrl-C, a kill). It then prints {@code migrations=N} (the versions Flyway applied), removes the
 * database and exits 0; non-zero if the removal failed. Diagnostics go to standard error.
 *
 * <p>Arguments: {@code container IMAGE}, or {@code server JDBC_URL USER} with the password in
 * the environment variable {@code CODEGEN_JDBC_PASSWORD}.
 */
public final class CodegenDatabase {

    private static final Pattern JDBC_URL =
            Pattern.compile("^(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(\\?.*)?$");

    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        // Ctrl-C and a process-group kill reach this process too; it must outlive Maven.
        for (String signal : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(signal), s -> { });
        }
        System.exit(new CodegenDatabase().run(args));
    }

    private int run(String[] args) {
        Database database;
        try {
            database = "container".equals(args[0])
                    ? startContainer(args[1])
                    : createOnServer(args[1], args[2], System.getenv().getOrDefault("CODEGEN_JDBC_PASSWORD", ""));
        } catch (UserError e) {
            out.println("error=" + e.getMessage());
            return 2;
        }
        out.println("url=" + database.url());
        out.println("user=" + database.user());
        out.println("password=" + database.password());
        out.println("ready");

        try {
            while (System.in.read() != -1) {
                // Nothing is ever sent; only the end of input matters.
            }
        } catch (IOException e) {
            // A broken pipe means the same as its end: Maven is gone.
        }

        try {
            out.println("migrations=" + appliedMigrations(database));
        } catch (SQLException e) {
            e.printStackTrace();
        }
        try {
            database.remover().run();
            System.err.println("removed " + database.name());
            return 0;
        } catch (RuntimeException e) {
            e.printStackTrace();
            return 1;
        }
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
                "container " + id.substring(0, 12),
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
