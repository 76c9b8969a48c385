package dev.schemakit.service.db;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import dev.schemakit.flyway.SchemakitFlyway;

/**
 * Applies migrations to a database that is serving traffic without queueing the traffic behind
 * them. A DDL statement waiting for its table lock blocks every query that comes after it, so each
 * statement may wait only {@link #LOCK_TIMEOUT} for a lock ({@code lock_timeout}, SQLSTATE 55P03
 * when it expires), far below the service's own {@code statement_timeout}. The migration then
 * waits, with exponential back-off and jitter, while the traffic goes on, and tries again, for at
 * most {@link #GIVE_UP_AFTER}.
 * <p>
 * A migration that runs in a transaction is rolled back when its lock wait expires; a
 * non-transactional one ({@code executeInTransaction=false}, needed by
 * {@code CREATE INDEX CONCURRENTLY}) is recorded as failed, so that record is repaired away before
 * the next try. Such a migration must therefore be safe to run again from its first statement
 * (for example {@code DROP INDEX CONCURRENTLY IF EXISTS} before the {@code CREATE}).
 */
final class LockWaitingMigration {

    static final Duration LOCK_TIMEOUT = Duration.ofMillis(200);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    // SQLSTATE lock_not_available.
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final PrintStream out;

    LockWaitingMigration(PrintStream out) {
        this.out = out;
    }

    /**
     * {@code flyway.migrate()} with a short lock wait per statement, retried while a lock wait is
     * what failed.
     *
     * @throws FlywayException the first failure that is not a lock wait, or the last one after
     *     {@link #GIVE_UP_AFTER}
     */
    MigrateResult migrate(Flyway flyway) {
        Flyway impatient = SchemakitFlyway.apply(Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration()))
                .initSql("SET lock_timeout = '" + LOCK_TIMEOUT.toMillis() + "ms'")
                .load();
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1;; attempt++) {
            try {
                return impatient.migrate();
            } catch (FlywayException e) {
                if (!isLockWait(e) || System.nanoTime() + pause.toNanos() > deadline) {
                    throw e;
                }
                if (Arrays.stream(impatient.info().all()).anyMatch(m -> m.getState().isFailed())) {
                    impatient.repair();
                }
                Duration wait = pause.plusMillis(ThreadLocalRandom.current().nextLong(pause.toMillis() / 2 + 1));
                out.printf("a lock was busy for more than %d ms (attempt %d); trying again in %d ms%n",
                        LOCK_TIMEOUT.toMillis(), attempt, wait.toMillis());
                sleep(wait);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private static boolean isLockWait(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbCommandException("Interrupted while waiting to retry the upgrade.");
        }
    }
}
