package dev.schemakit.service.db;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jooq.CloseableDSLContext;
import org.jooq.Field;
import org.junit.jupiter.api.Test;

/**
 * {@code db upgrade} against a database whose users table is busy: the live schema change of
 * examples/scale-out (a NOT NULL DEFAULT column, then an index built CONCURRENTLY without a
 * transaction) waits for its locks in short turns, so other sessions' queries are never queued
 * behind it for long, and it completes once the lock is free.
 */
class LockWaitingMigrationTest extends DbCommandTestSupport {

    // The migrations the cluster demo releases under load.
    private static final String LIVE_CHANGE = "filesystem:" + Path.of("..", "examples", "scale-out", "next-release",
            "schema", "src", "main", "resources", "db", "migration").toAbsolutePath();
    private static final Duration HOLD = Duration.ofMillis(1500);

    @Test
    void columnWaitsForABusyTableWithoutQueueingItsQueries() throws Exception {
        DatabaseSettings database = upgradedTo5();
        long slowest;
        Run run;
        try (Connection holder = connect(database)) {
            holdLock(holder, "ACCESS SHARE");
            CompletableFuture<Void> release = releaseAfter(holder, HOLD);
            try (Reads reads = new Reads(database)) {
                run = db(database, "upgrade");
                slowest = reads.slowestMillis();
            }
            release.join();
        }

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("a lock was busy for more than 200 ms (attempt 1); trying again in"), run.out());
        assertTrue(run.out().endsWith("the database is now at version 1001\n"), run.out());
        // Queued behind the waiting ALTER for 200 ms at most, plus this machine's noise.
        assertTrue(slowest < 1000, "a read waited " + slowest + " ms");
        assertIndexValid(database);
    }

    @Test
    void concurrentIndexIsTriedAgainAfterItsLockWaitFailed() throws Exception {
        DatabaseSettings database = upgradedTo5();
        assertEquals(0, db(database, "upgrade", "--target", "1000").exitCode());
        Run run;
        try (Connection holder = connect(database)) {
            // Conflicts with the SHARE UPDATE EXCLUSIVE lock of CREATE INDEX CONCURRENTLY only.
            holdLock(holder, "SHARE UPDATE EXCLUSIVE");
            CompletableFuture<Void> release = releaseAfter(holder, HOLD);
            run = db(database, "upgrade");
            release.join();
        }

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("a lock was busy"), run.out());
        assertTrue(run.out().contains("applied V1001: index users preferred language"), run.out());
        try (CloseableDSLContext dsl = dsl(database)) {
            assertEquals(0, dsl.fetchCount(SCHEMA_HISTORY, DSL_SUCCESS.isFalse()));
        }
        assertIndexValid(database);
    }

    private static final Field<Boolean> DSL_SUCCESS = field(name("success"), Boolean.class);

    private static DatabaseSettings upgradedTo5() {
        DatabaseSettings fresh = freshDatabase();
        DatabaseSettings database = new DatabaseSettings(fresh.url(), fresh.username(), fresh.password(),
                List.of("classpath:db/migration", LIVE_CHANGE));
        assertEquals(0, db(database, "upgrade", "--target", "5").exitCode());
        return database;
    }

    private static void assertIndexValid(DatabaseSettings database) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("""
                    select i.indisvalid, a.attnotnull
                    from pg_index i
                    join pg_class c on c.oid = i.indexrelid
                    join pg_attribute a on a.attrelid = 'users'::regclass and a.attname = 'preferred_language'
                    where c.relname = 'users_preferred_language_idx'""");
            assertTrue(result.next(), "no index users_preferred_language_idx");
            assertTrue(result.getBoolean(1), "the index is invalid");
            assertTrue(result.getBoolean(2), "preferred_language is nullable");
        }
    }

    private static Connection connect(DatabaseSettings database) throws SQLException {
        return DriverManager.getConnection(database.url(), database.username(), database.password());
    }

    private static void holdLock(Connection holder, String mode) throws SQLException {
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute("LOCK TABLE users IN " + mode + " MODE");
        }
    }

    private static CompletableFuture<Void> releaseAfter(Connection holder, Duration hold) {
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(hold.toMillis());
                holder.commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Another session reading the users table in a loop, as the service would, timing each read. */
    private static final class Reads implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final CompletableFuture<Long> slowest;

        Reads(DatabaseSettings database) {
            slowest = CompletableFuture.supplyAsync(() -> {
                long max = 0;
                try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
                    while (running.get()) {
                        long start = System.nanoTime();
                        statement.executeQuery("select count(*) from users").close();
                        max = Math.max(max, Duration.ofNanos(System.nanoTime() - start).toMillis());
                        Thread.sleep(10);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return max;
            });
        }

        long slowestMillis() {
            running.set(false);
            return slowest.join();
        }

        @Override
        public void close() {
            running.set(false);
        }
    }
}
