package dev.schemakit.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * The database goes away under requests (frozen: {@code docker pause}, or {@code SIGSTOP} to the
 * embedded server's processes; or shut down with PostgreSQL's fast shutdown and started again): every request still answers within 3 s, with a 503 {@code database-unavailable} problem
 * and {@code Retry-After}; readiness is DOWN and liveness UP meanwhile; once the database is back
 * the service answers normally again without a restart.
 * <p>
 * These tests break their database, so they have one of their own, not the shared one. Its port
 * stays the same after a stop and start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

    /** What the service promises for a single request. */
    private static final Duration LIMIT = Duration.ofSeconds(3);
    /** {@link #LIMIT} plus room for a loaded test machine, for the requests sent in a loop. */
    private static final Duration LIMIT_UNDER_LOAD = Duration.ofMillis(3500);
    /** How long the database may take to come back and the pool to reconnect. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private static final String UNAVAILABLE = """
            {"type": "https://schemakit.dev/problems/database-unavailable",
             "title": "Service temporarily unavailable",
             "status": 503,
             "detail": "The database is unavailable or did not answer in time. Retry after the number of seconds in Retry-After."}
            """;

    private ThrowawayPostgres postgres;
    private EmbeddedServer server;
    private HttpProbe http;
    private Api api;
    private long userId;

    @BeforeAll
    void startDatabaseAndService() {
        postgres = ThrowawayPostgres.builder().samePortAfterRestart().start();
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "datasources.default.url", postgres.getJdbcUrl(),
                "datasources.default.username", postgres.getUsername(),
                "datasources.default.password", postgres.getPassword()));
        http = new HttpProbe(server.getURI());
        api = new Api(server, server.getApplicationContext().getBean(JsonMapper.class));
        HttpResponse<String> created = http.post("/users", """
                {"username": "outage", "email": "outage@example.com"}
                """);
        assertEquals(201, created.statusCode(), created::body);
        userId = api.json(created).get("id").getLongValue();
    }

    @AfterAll
    void stopServiceAndDatabase() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyConnectionCarriesTheConfiguredTimeouts() {
        DSLContext dsl = server.getApplicationContext().getBean(DSLContext.class);

        assertEquals("1500ms", dsl.fetchValue("show statement_timeout"));
        assertEquals("1s", dsl.fetchValue("show lock_timeout"));
        assertEquals(2000, (int) dsl.connectionResult(Connection::getNetworkTimeout));
    }

    @Test
    void answers503WhileTheDatabaseIsFrozenAndRecoversWhenItThaws() {
        try (Load load = new Load()) {
            waitFor(200, () -> http.get("/users/" + userId));
            postgres.freeze();
            try {
                assertUnavailable();
            } finally {
                postgres.thaw();
            }
            assertRecovers();
            load.assertAllAnsweredInTime();
        }
    }

    @Test
    void answers503WhileTheDatabaseIsStoppedAndRecoversWhenItStartsAgain() {
        try (Load load = new Load()) {
            waitFor(200, () -> http.get("/users/" + userId));
            // Fast shutdown, what `docker stop` asks of the official image: sessions are ended with
            // admin_shutdown, then the port closes.
            postgres.stop();
            try {
                assertUnavailable();
            } finally {
                postgres.restart();
            }
            assertRecovers();
            load.assertAllAnsweredInTime();
        }
    }

    @Test
    void answers503WhenARowStaysLockedLongerThanTheLockTimeout() throws SQLException {
        try (Connection holder = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword())) {
            holder.setAutoCommit(false);
            // The test's own session holds the row, so the service's UPDATE waits for its lock.
            try (var lock = holder.prepareStatement("select id from users where id = ? for update")) {
                lock.setLong(1, userId);
                lock.executeQuery().close();
            }
            long start = System.nanoTime();
            HttpResponse<String> response = http.patchAsync("/users/" + userId, """
                    {"isActive": false}
                    """).join();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertUnavailableProblem(response);
            assertTrue(took.compareTo(LIMIT) < 0, "answered after " + took);
            holder.rollback();
        }
        HttpResponse<String> unchanged = http.get("/users/" + userId);
        assertEquals(200, unchanged.statusCode(), unchanged::body);
        assertTrue(api.json(unchanged).get("isActive").getBooleanValue(), unchanged::body);
    }

    /** While the database is away: reads and writes get the 503 in time, probes say not ready but alive. */
    private void assertUnavailable() {
        for (int round = 0; round < 3; round++) {
            assertUnavailableProblem(timed(() -> http.get("/users/" + userId)));
            assertUnavailableProblem(timed(() -> http.post("/users", """
                    {"username": "during-outage", "email": "during-outage@example.com"}
                    """)));
        }
        HttpResponse<String> readiness = timed(() -> http.get("/health/readiness"));
        assertEquals(503, readiness.statusCode(), readiness::body);
        assertEquals("DOWN", api.json(readiness).get("status").getStringValue(), readiness::body);
        HttpResponse<String> liveness = timed(() -> http.get("/health/liveness"));
        assertEquals(200, liveness.statusCode(), liveness::body);
    }

    /** Back to normal on its own: the same server answers reads, writes and readiness. */
    private void assertRecovers() {
        waitFor(200, () -> http.get("/users/" + userId));
        assertEquals(404, http.get("/users/" + (userId + 1000)).statusCode());
        HttpResponse<String> created = http.post("/users", """
                {"username": "after-outage-%d", "email": "after-outage-%d@example.com"}
                """.formatted(System.nanoTime(), System.nanoTime()));
        assertEquals(201, created.statusCode(), created::body);
        waitFor(200, () -> http.get("/health/readiness"));
    }

    private void assertUnavailableProblem(HttpResponse<String> response) {
        api.assertProblem(response, 503, UNAVAILABLE);
        assertEquals("2", response.headers().firstValue("Retry-After").orElse(null));
    }

    /** Sends the request and fails if it took {@link #LIMIT} or longer. */
    private static HttpResponse<String> timed(Supplier<HttpResponse<String>> request) {
        long start = System.nanoTime();
        HttpResponse<String> response = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(LIMIT) < 0, () -> response.request().method() + " " + response.request().uri()
                + " answered " + response.statusCode() + " after " + took.toMillis() + " ms");
        return response;
    }

    private static void waitFor(int status, Supplier<HttpResponse<String>> request) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        HttpResponse<String> last;
        do {
            last = request.get();
            if (last.statusCode() == status) {
                return;
            }
            pause(Duration.ofMillis(200));
        } while (System.nanoTime() < deadline);
        fail("still " + last.statusCode() + " after " + RECOVERY + ": " + last.body());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the user in a loop on another thread for the whole outage, recording how long each
     * answer took, so that the transitions (the database going, coming back) are covered too.
     */
    private final class Load implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ConcurrentLinkedQueue<String> late = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        private final CompletableFuture<Integer> sent;

        Load() {
            sent = CompletableFuture.supplyAsync(() -> {
                int count = 0;
                while (running.get()) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.get("/users/" + userId);
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    count++;
                    if (took.compareTo(LIMIT_UNDER_LOAD) >= 0) {
                        late.add(response.statusCode() + " after " + took.toMillis() + " ms");
                    }
                    if (response.statusCode() != 200 && response.statusCode() != 503) {
                        wrong.add(response.statusCode() + " " + response.body());
                    }
                }
                return count;
            });
        }

        void assertAllAnsweredInTime() {
            running.set(false);
            int count = sent.join();
            assertTrue(count > 0);
            assertEquals(List.of(), List.copyOf(late), "requests slower than " + LIMIT_UNDER_LOAD);
            assertEquals(List.of(), List.copyOf(wrong), "statuses other than 200 and 503");
        }

        @Override
        public void close() {
            running.set(false);
        }
    }
}
