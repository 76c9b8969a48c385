package dev.schemakit.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a running service, as {@code docker stop} and Kubernetes send it: the requests it has
 * accepted complete with their normal answer, new connections are refused at once, and the process
 * exits within the grace period ({@code micronaut.lifecycle.graceful-shutdown.grace-period}).
 * <p>
 * The service runs as a process of its own (the test class path, {@link Application}), so that
 * the signal, the JVM's shutdown hooks and the exit status are the real ones. A request is kept in
 * flight by holding a lock on the row it updates from the test's own database session.
 */
class GracefulShutdownTest extends PostgresTestSupport {

    /** The default grace period in application.yml. */
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(5);
    /** Time the JVM may take after the grace period: closing the pool, the event loops, exiting. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);
    /** How soon after SIGTERM the port must refuse connections. */
    private static final Duration REFUSE_WITHIN = Duration.ofSeconds(2);
    /** Exit status of a JVM ended by SIGTERM (128 + 15) once its shutdown hooks have run. */
    private static final int SIGTERM_EXIT_STATUS = 143;

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Process service;
    private Path log;

    @AfterEach
    void stopService() {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
        }
    }

    @Test
    void finishesTheRequestInFlightRefusesNewConnectionsAndExitsOnSigterm() throws Exception {
        String url = freshDatabase();
        URI base = startService(url, Map.of());
        HttpProbe http = new HttpProbe(base);
        long id = createUser(http);

        try (Connection holder = DriverManager.getConnection(url, postgres().getUsername(), postgres().getPassword());
                Connection observer = DriverManager.getConnection(url, postgres().getUsername(),
                        postgres().getPassword())) {
            lockRow(holder, id);
            CompletableFuture<HttpResponse<String>> inFlight = http.patchAsync("/users/" + id, """
                    {"email": "after-sigterm@example.com"}
                    """);
            awaitUpdateWaitingForLock(observer);

            long signalled = System.nanoTime();
            service.destroy();

            awaitRefused(base);
            assertThrows(UncheckedIOException.class, () -> http.get("/health/liveness"));
            assertFalse(inFlight.isDone(), "the request in flight must still be running");
            assertTrue(service.isAlive(), "the service must wait for the request in flight");

            holder.commit();
            HttpResponse<String> response = inFlight.get(HttpProbe.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response::body);
            assertTrue(response.body().contains("\"email\":\"after-sigterm@example.com\""), response::body);

            assertExits(signalled, GRACE_PERIOD.plus(EXIT_MARGIN));
            try (PreparedStatement email = observer.prepareStatement("select email from users where id = ?")) {
                email.setLong(1, id);
                try (ResultSet row = email.executeQuery()) {
                    assertTrue(row.next());
                    assertEquals("after-sigterm@example.com", row.getString(1));
                }
            }
        }
    }

    @Test
    void exitsWhenTheGracePeriodEndsThoughARequestIsStillRunning() throws Exception {
        String url = freshDatabase();
        Duration gracePeriod = Duration.ofSeconds(2);
        URI base = startService(url, Map.of("MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_GRACE_PERIOD", "2s"));
        HttpProbe http = new HttpProbe(base);
        long id = createUser(http);

        try (Connection holder = DriverManager.getConnection(url, postgres().getUsername(), postgres().getPassword());
                Connection observer = DriverManager.getConnection(url, postgres().getUsername(),
                        postgres().getPassword())) {
            lockRow(holder, id);
            http.patchAsync("/users/" + id, """
                    {"email": "never@example.com"}
                    """);
            awaitUpdateWaitingForLock(observer);

            long signalled = System.nanoTime();
            service.destroy();

            Duration took = assertExits(signalled, gracePeriod.plus(EXIT_MARGIN));
            assertTrue(took.compareTo(gracePeriod) >= 0, "exited after " + took + ", before the grace period ended");
            holder.rollback();
        }
    }

    /**
     * Starts the service on a free port against {@code url} and waits until it is ready.
     *
     * @param environment extra environment variables of the process
     */
    private URI startService(String url, Map<String, String> environment) throws IOException, InterruptedException {
        int port = freePort();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        log = Files.createTempFile("graceful-shutdown-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The lock the test holds must outlast the steps of the test, so the service's
                // own lock and statement limits (1 s, 1.5 s) are lifted for this process only.
                "-Ddatasources.default.data-source-properties.options=-c statement_timeout=60000 -c lock_timeout=60000",
                "-Ddatasources.default.data-source-properties.socketTimeout=60",
                "-cp", classPath,
                Application.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "DATASOURCES_DEFAULT_URL", url,
                "DATASOURCES_DEFAULT_USERNAME", postgres().getUsername(),
                "DATASOURCES_DEFAULT_PASSWORD", postgres().getPassword(),
                "MICRONAUT_SERVER_PORT", Integer.toString(port),
                "SCHEMAKIT_AUTH_JWT_SECRET", HttpProbe.TEST_SECRET));
        builder.environment().putAll(environment);
        service = builder.start();

        URI base = URI.create("http://127.0.0.1:" + port);
        HttpProbe http = new HttpProbe(base);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(service.isAlive(), this::serviceLog);
            try {
                if (http.get("/health/readiness").statusCode() == 200) {
                    return base;
                }
            } catch (UncheckedIOException notListeningYet) {
                // Still starting.
            }
            Thread.sleep(200);
        }
        return fail("the service did not become ready: " + serviceLog());
    }

    private static long createUser(HttpProbe http) {
        HttpResponse<String> created = http.post("/users", """
                {"username": "shutdown", "email": "shutdown@example.com"}
                """);
        assertEquals(201, created.statusCode(), created::body);
        String location = created.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    private static void lockRow(Connection holder, long id) throws SQLException {
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement("select id from users where id = ? for update")) {
            lock.setLong(1, id);
            lock.executeQuery().close();
        }
    }

    /** Waits until the service's UPDATE is blocked on the lock the test holds. */
    private static void awaitUpdateWaitingForLock(Connection observer) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (PreparedStatement waiting = observer.prepareStatement("select count(*) from pg_stat_activity"
                + " where datname = current_database() and wait_event_type = 'Lock' and query ilike 'update%'")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet count = waiting.executeQuery()) {
                    count.next();
                    if (count.getLong(1) == 1) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        fail("the PATCH never waited for the row lock");
    }

    /** Waits until connecting to the service's port is refused. */
    private static void awaitRefused(URI base) throws InterruptedException {
        long deadline = System.nanoTime() + REFUSE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 1000);
            } catch (IOException e) {
                assertInstanceOf(ConnectException.class, e);
                return;
            }
            Thread.sleep(20);
        }
        fail("the port still accepted connections " + REFUSE_WITHIN + " after SIGTERM");
    }

    /** Asserts the service exits with the SIGTERM status within {@code limit}; returns how long it took. */
    private Duration assertExits(long signalled, Duration limit) throws InterruptedException {
        long remaining = limit.toNanos() - (System.nanoTime() - signalled);
        boolean exited = service.waitFor(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);
        assertTrue(exited, () -> "still running " + took + " after SIGTERM: " + serviceLog());
        assertEquals(SIGTERM_EXIT_STATUS, service.exitValue(), this::serviceLog);
        return took;
    }

    /** A new, empty database in the shared container: the service migrates it at startup. */
    private String freshDatabase() throws SQLException {
        String name = "graceful_shutdown_" + DATABASES.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(postgres().getJdbcUrl(), postgres().getUsername(),
                postgres().getPassword())) {
            DSLContext dsl = DSL.using(admin, SQLDialect.POSTGRES);
            dsl.dropDatabaseIfExists(name).execute();
            dsl.createDatabase(name).execute();
        }
        return postgres().getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    private String serviceLog() {
        try {
            return log == null ? "" : Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
