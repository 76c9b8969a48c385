package dev.schemakit.service.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import dev.schemakit.service.Api;
import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * Reads from a streaming replica, against real replication: an embedded primary and a hot standby
 * made from it (embedded in both CI passes, with and without Docker). Which database served a read
 * shows in its answer: with the replica's replay paused, a row changed directly on the primary is
 * old on the replica and new on the primary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaReadsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ThrowawayPostgres primary;
    private ThrowawayPostgres replica;
    /** A service that reads from the replica however far it lags, unless a token says otherwise. */
    private EmbeddedServer server;
    private Api api;

    @BeforeAll
    void startPrimaryReplicaAndService() {
        primary = ThrowawayPostgres.builder().embedded().start();
        replica = primary.startReplica();
        server = startService(replica.getJdbcUrl(), "1h");
        api = api(server);
    }

    @AfterAll
    void stopAll() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        if (replica != null) {
            replica.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void readsAreServedByTheReplica() throws Exception {
        long id = create(api, "routed");
        awaitOnReplica(id);
        pauseReplay();
        try {
            renameOnPrimary(id, "renamed-on-primary");

            awaitUsername(api, id, null, "routed");
            HttpResponse<String> list = api.get("/users?q=routed");
            assertEquals(200, list.statusCode(), list::body);
            assertEquals(1, api.json(list).get("items").size(), list::body);
        } finally {
            resumeReplay();
        }
    }

    @Test
    void readWithTheTokenOfAWriteSeesItWhileTheReplicaLags() throws Exception {
        pauseReplay();
        try {
            HttpResponse<String> created = api.post("/users", """
                    {"username": "own-write", "email": "own-write@example.com"}
                    """);
            assertEquals(201, created.statusCode(), created::body);
            long id = api.json(created).get("id").getLongValue();
            String token = created.headers().firstValue(ConsistencyToken.HEADER).orElseThrow();

            HttpResponse<String> read = api.send("GET", "/users/" + id, null, null, ConsistencyToken.HEADER, token);
            assertEquals(200, read.statusCode(), read::body);
            assertEquals(api.json(created), api.json(read));
            HttpResponse<
                    String> page = api.send("GET", "/users?q=own-write", null, null, ConsistencyToken.HEADER, token);
            assertEquals(1, api.json(page).get("items").size(), page::body);
            // Without the token the lagging replica answers, and it has not seen the user yet.
            assertEquals(404, api.get("/users/" + id).statusCode());

            HttpResponse<String> patched = api.patch("/users/" + id, """
                    {"username": "own-write-2"}
                    """);
            assertEquals(200, patched.statusCode(), patched::body);
            String newer = patched.headers().firstValue(ConsistencyToken.HEADER).orElseThrow();
            assertTrue(
                    ConsistencyToken.parse(newer).orElseThrow().compareTo(ConsistencyToken.parse(token).orElseThrow())
                            > 0,
                    token + " then " + newer);
            HttpResponse<String> reread = api.send("GET", "/users/" + id, null, null, ConsistencyToken.HEADER, newer);
            assertEquals("own-write-2", api.json(reread).get("username").getStringValue(), reread::body);
            assertEquals("\"2\"", reread.headers().firstValue("ETag").orElse(null));
        } finally {
            resumeReplay();
        }
    }

    @Test
    void readWithATokenTheReplicaHasReplayedIsServedByTheReplica() throws Exception {
        HttpResponse<String> created = api.post("/users", """
                {"username": "replayed", "email": "replayed@example.com"}
                """);
        long id = api.json(created).get("id").getLongValue();
        String token = created.headers().firstValue(ConsistencyToken.HEADER).orElseThrow();
        awaitOnReplica(id);
        pauseReplay();
        try {
            renameOnPrimary(id, "renamed-after-token");

            HttpResponse<String> read = api.send("GET", "/users/" + id, null, null, ConsistencyToken.HEADER, token);
            assertEquals("replayed", api.json(read).get("username").getStringValue(), read::body);
        } finally {
            resumeReplay();
        }
    }

    @Test
    void readsWithoutATokenLeaveAReplicaThatLagsMoreThanTheMaximum() throws Exception {
        EmbeddedServer strict = startService(replica.getJdbcUrl(), "3s");
        try {
            Api strictApi = api(strict);
            long id = create(strictApi, "lag-limit");
            awaitOnReplica(id);
            pauseReplay();
            try {
                renameOnPrimary(id, "lag-limit-new");
                long renamed = System.nanoTime();
                // Within the allowed lag the replica still answers, with what it has.
                awaitUsername(strictApi, id, null, "lag-limit");

                awaitUsername(strictApi, id, null, "lag-limit-new");
                assertTrue(Duration.ofNanos(System.nanoTime() - renamed).compareTo(Duration.ofSeconds(3)) >= 0);
            } finally {
                resumeReplay();
            }
        } finally {
            strict.getApplicationContext().close();
        }
    }

    @Test
    void readsFallBackToThePrimaryWhileTheReplicaIsStopped() throws Exception {
        long id = create(api, "replica-stopped");
        String token = api.patch("/users/" + id, """
                {"isActive": false}
                """).headers().firstValue(ConsistencyToken.HEADER).orElseThrow();
        replica.stop();
        try {
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                HttpResponse<String> read = api.get("/users/" + id);
                HttpResponse<
                        String> withToken = api.send("GET", "/users/" + id, null, null, ConsistencyToken.HEADER, token);
                HttpResponse<String> list = api.get("/users?q=replica-stopped");
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertEquals(200, read.statusCode(), read::body);
                assertFalse(api.json(read).get("isActive").getBooleanValue(), read::body);
                assertEquals(200, withToken.statusCode(), withToken::body);
                assertEquals(1, api.json(list).get("items").size(), list::body);
                assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "three reads took " + took);
            }
            HttpResponse<String> readiness = api.get("/health/readiness");
            assertEquals(200, readiness.statusCode(), readiness::body);
            assertEquals(201, api.post("/users", """
                    {"username": "while-replica-stopped", "email": "while-replica-stopped@example.com"}
                    """).statusCode());
        } finally {
            replica.restart();
        }
        // Back on the replica once it answers again.
        awaitOnReplica(id);
        pauseReplay();
        try {
            renameOnPrimary(id, "replica-stopped-renamed");
            awaitUsername(api, id, null, "replica-stopped");
        } finally {
            resumeReplay();
        }
    }

    @Test
    void startsAndServesWhenTheReplicaCannotBeReached() {
        EmbeddedServer unreachable = startService("jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres", "1s");
        try {
            Api direct = api(unreachable);
            HttpResponse<String> created = direct.post("/users", """
                    {"username": "no-replica", "email": "no-replica@example.com"}
                    """);
            assertEquals(201, created.statusCode(), created::body);
            long id = direct.json(created).get("id").getLongValue();
            String token = created.headers().firstValue(ConsistencyToken.HEADER).orElseThrow();

            assertEquals(200, direct.get("/users/" + id).statusCode());
            assertEquals(200,
                    direct.send("GET", "/users/" + id, null, null, ConsistencyToken.HEADER, token).statusCode());
            assertEquals(200, direct.get("/users").statusCode());
            HttpResponse<String> readiness = direct.get("/health/readiness");
            assertEquals(200, readiness.statusCode(), readiness::body);
        } finally {
            unreachable.getApplicationContext().close();
        }
    }

    @Test
    void withoutAReplicaWritesCarryNoTokenAndReadsAcceptOne() {
        EmbeddedServer plain = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "datasources.default.url", primary.getJdbcUrl(),
                "datasources.default.username", primary.getUsername(),
                "datasources.default.password", primary.getPassword()), "test");
        try {
            Api direct = api(plain);
            HttpResponse<String> created = direct.post("/users", """
                    {"username": "no-token", "email": "no-token@example.com"}
                    """);
            assertEquals(201, created.statusCode(), created::body);
            assertEquals(Optional.empty(), created.headers().firstValue(ConsistencyToken.HEADER));

            long id = direct.json(created).get("id").getLongValue();
            HttpResponse<String> read = direct.send("GET", "/users/" + id, null, null, ConsistencyToken.HEADER, "0/1");
            assertEquals(200, read.statusCode(), read::body);
        } finally {
            plain.getApplicationContext().close();
        }
    }

    @Test
    void rejectsAMalformedToken() {
        HttpResponse<String> response = api.send("GET", "/users/1", null, null, ConsistencyToken.HEADER, "yesterday");

        api.assertProblem(response, 400, """
                {"type": "https://schemakit.dev/problems/bad-request",
                 "title": "Bad request",
                 "status": 400,
                 "detail": "The Consistency-Token header must be a value this API returned in that header, such as 0/16B3748."}
                """);
    }

    private EmbeddedServer startService(String replicaUrl, String maxLag) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("datasources.default.url", primary.getJdbcUrl());
        properties.put("datasources.default.username", primary.getUsername());
        properties.put("datasources.default.password", primary.getPassword());
        properties.put("datasources.replica.url", replicaUrl);
        properties.put("datasources.replica.username", primary.getUsername());
        properties.put("datasources.replica.password", primary.getPassword());
        properties.put("schemakit.replica.max-lag", maxLag);
        properties.put("schemakit.replica.check-interval", "100ms");
        return ApplicationContext.run(EmbeddedServer.class, properties, "test");
    }

    private static Api api(EmbeddedServer server) {
        return new Api(server, server.getApplicationContext().getBean(JsonMapper.class));
    }

    private static long create(Api api, String username) {
        HttpResponse<String> created = api.post("/users", """
                {"username": "%s", "email": "%s@example.com"}
                """.formatted(username, username));
        assertEquals(201, created.statusCode(), created::body);
        return api.json(created).get("id").getLongValue();
    }

    private static void awaitUsername(Api api, long id, String token, String expected) {
        await(() -> token == null
                ? api.get("/users/" + id)
                : api.send("GET", "/users/" + id, null, null, ConsistencyToken.HEADER, token),
                response -> response.statusCode() == 200
                        && expected.equals(api.json(response).get("username").getStringValue()),
                "username " + expected);
    }

    private void awaitOnReplica(long id) {
        await(() -> {
            try {
                return query(replica, "select count(*) from users where id = ?", id);
            } catch (SQLException e) {
                // Not back yet after a restart.
                return e.getMessage();
            }
        }, "1"::equals, "user " + id + " on the replica");
    }

    private void pauseReplay() throws SQLException {
        query(replica, "select pg_wal_replay_pause()::text", null);
    }

    private void resumeReplay() throws SQLException {
        query(replica, "select pg_wal_replay_resume()::text", null);
    }

    private void renameOnPrimary(long id, String username) throws SQLException {
        try (Connection connection = primary.connect(primary.getJdbcUrl());
                PreparedStatement update = connection.prepareStatement("update users set username = ? where id = ?")) {
            update.setString(1, username);
            update.setLong(2, id);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static String query(ThrowawayPostgres postgres, String sql, Long parameter) throws SQLException {
        try (Connection connection = postgres.connect(postgres.getJdbcUrl());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setLong(1, parameter);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private static <T> void await(Supplier<T> probe, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last;
        do {
            last = probe.get();
            if (done.test(last)) {
                return;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        fail("no " + what + " after " + WAIT + "; last: " + (last instanceof HttpResponse<?> r ? r.body() : last));
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
