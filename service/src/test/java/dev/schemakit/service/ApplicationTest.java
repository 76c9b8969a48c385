package dev.schemakit.service;

import static org.jooq.impl.SQLDataType.INTEGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.jooq.CloseableDSLContext;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import dev.schemakit.flyway.SchemakitFlyway;

/**
 * Starting the application migrates the database first; a failed migration stops the start, and
 * the failure is described in one message. Several instances may start at once against the same
 * database; one that cannot reach its database gives up at once.
 */
class ApplicationTest extends PostgresTestSupport {

    /**
     * The bound on a start against an unreachable database: no retries, no waiting for a timeout.
     * It takes about 2 s on a loaded 2-core machine, the pool's first connection attempt included.
     */
    private static final Duration FAIL_FAST = Duration.ofSeconds(10);

    @Test
    void failsToStartWithFlywaysMessageWhenMigrationFails() {
        Map<String, Object> database = freshDatabase("not_migratable");
        // Flyway refuses to migrate a schema that has tables but no migration history.
        Map<String, Object> withoutFlyway = new HashMap<>(database);
        withoutFlyway.put("flyway.datasources.default.enabled", false);
        try (ApplicationContext unmigrated = ApplicationContext.run(withoutFlyway)) {
            unmigrated.getBean(DSLContext.class).createTable("unrelated").column("id", INTEGER).execute();
        }

        Exception failure = assertThrows(Exception.class, () -> ApplicationContext.run(database).close());

        String message = Application.describe(failure);
        assertTrue(message.startsWith(
                "Database migration failed: Found non-empty schema(s) \"public\" but no schema history table."),
                message);
        assertFalse(message.contains("\tat "), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void describesUnreachableDatabaseByTheDriversMessage() {
        Exception failure = new IllegalStateException("Error instantiating bean of type [javax.sql.DataSource]",
                new SQLException("Connection to db:5432 refused.", new ConnectException("Connection refused")));

        assertEquals("Cannot use the database: Connection to db:5432 refused.", Application.describe(failure));
    }

    @Test
    void twoInstancesStartingTogetherOnAnEmptyDatabaseApplyEachMigrationOnce() throws Exception {
        Map<String, Object> database = freshDatabase("started_twice");
        database.put("micronaut.server.port", -1);
        // Started on threads of their own, where Micronaut deduces no "test" environment and
        // so reads no application-test.yml.
        database.put("schemakit.auth.jwt-secret", HttpProbe.TEST_SECRET);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<EmbeddedServer>> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            starts.add(threads.submit(() -> {
                together.await();
                return ApplicationContext.run(EmbeddedServer.class, database);
            }));
        }
        List<EmbeddedServer> servers = new ArrayList<>();
        try {
            for (Future<EmbeddedServer> start : starts) {
                servers.add(start.get(2, TimeUnit.MINUTES));
            }
            for (EmbeddedServer server : servers) {
                HttpResponse<String> readiness = new HttpProbe(server.getURI()).get("/health/readiness");
                assertEquals(200, readiness.statusCode(), readiness::body);
            }
        } finally {
            servers.forEach(server -> server.getApplicationContext().close());
            threads.shutdownNow();
        }

        List<String> migrations = Arrays.stream(flyway(database, "classpath:db/migration").info().all())
                .map(info -> info.getVersion().getVersion())
                .toList();
        assertFalse(migrations.isEmpty());
        try (Connection connection = connect(database)) {
            DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
            assertEquals(migrations, db.fetchValues(
                    "select version from flyway_schema_history where version is not null order by installed_rank"));
            assertEquals(0L, db.fetchSingle("select count(*) from flyway_schema_history where not success")
                    .get(0, Long.class));
        }
    }

    @Test
    void brokenMigrationLeavesNoPartialChangeAndStopsTheStartWithOneLine() throws SQLException {
        Map<String, Object> database = freshDatabase("broken_migration");
        database.put("flyway.datasources.default.locations",
                List.of("classpath:db/migration", "classpath:db/migration-broken-startup"));

        Exception failure = assertThrows(Exception.class, () -> ApplicationContext.run(database).close());

        assertEquals("Database migration failed: Script V1000__broken_for_startup_test.sql failed at line 6:"
                + " ERROR: relation \"no_such_table\" does not exist (SQLSTATE 42P01)", Application.describe(failure));
        try (Connection connection = connect(database)) {
            DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
            assertEquals(0L, db.fetchSingle("select count(*) from information_schema.columns"
                    + " where table_name = 'users' and column_name = 'broken_probe'").get(0, Long.class));
            assertEquals(0L, db.fetchSingle("select count(*) from information_schema.tables"
                    + " where table_name = 'broken_probe'").get(0, Long.class));
            List<String> real = Arrays.stream(flyway(database, "classpath:db/migration").info().all())
                    .map(info -> info.getVersion().getVersion())
                    .toList();
            assertEquals(real, db.fetchValues(
                    "select version from flyway_schema_history where version is not null order by installed_rank"));
        }
    }

    @Test
    void failsFastWithTheDriversMessageWhenTheDatabaseIsUnreachable() {
        int closedPort = freePort();
        Map<String, Object> unreachable = Map.of(
                "datasources.default.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres",
                "datasources.default.username", "postgres");

        // The first start in a JVM spends seconds loading classes, more on a loaded machine; that is
        // not waiting for the database, so the second start is the one measured.
        assertThrows(Exception.class, () -> ApplicationContext.run(unreachable).close());
        long start = System.nanoTime();
        Exception failure = assertThrows(Exception.class, () -> ApplicationContext.run(unreachable).close());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(FAIL_FAST) < 0, "gave up after " + took);
        assertEquals("Cannot use the database: Connection to 127.0.0.1:" + closedPort + " refused. Check that the"
                + " hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
                Application.describe(failure));
    }

    /**
     * Creates an empty database in the shared container; the settings that point the service at
     * it. Over a connection of its own: CREATE DATABASE may outlast the service's statement_timeout.
     */
    private static Map<String, Object> freshDatabase(String name) {
        try (CloseableDSLContext admin = DSL.using(postgres().getJdbcUrl(), postgres().getUsername(),
                postgres().getPassword())) {
            admin.createDatabase(name).execute();
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put("datasources.default.url",
                postgres().getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"));
        settings.put("datasources.default.username", postgres().getUsername());
        settings.put("datasources.default.password", postgres().getPassword());
        return settings;
    }

    private static Flyway flyway(Map<String, Object> database, String location) {
        return SchemakitFlyway.configure()
                .dataSource((String) database.get("datasources.default.url"),
                        (String) database.get("datasources.default.username"),
                        (String) database.get("datasources.default.password"))
                .locations(location)
                .load();
    }

    private static Connection connect(Map<String, Object> database) throws SQLException {
        return DriverManager.getConnection((String) database.get("datasources.default.url"),
                (String) database.get("datasources.default.username"),
                (String) database.get("datasources.default.password"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
