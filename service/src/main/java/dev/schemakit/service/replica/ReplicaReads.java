package dev.schemakit.service.replica;

import static org.jooq.impl.DSL.function;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Decides which database serves a read: the read-only replica ({@code datasources.replica}) when
 * one is configured and fit for the read, else the primary. Writes never come here.
 * <ul>
 *   <li>A read with a {@link ConsistencyToken} goes to the replica only if it has replayed the
 *       primary's WAL up to the token ({@code pg_last_wal_replay_lsn()}), so a client reads its
 *       own writes.
 *   <li>A read without one goes to the replica unless it lags: it has not replayed what the
 *       primary had written {@code schemakit.replica.max-lag} ago.
 *   <li>A replica that cannot be reached, or fails a read, is left alone until the next check
 *       ({@code schemakit.replica.check-interval}) reaches it again; the read that failed is
 *       served by the primary. Nothing fails because of the replica.
 * </ul>
 * The checks run on the scheduler, one pair of tiny queries per interval, so that a dead replica
 * costs the requests nothing.
 */
@Singleton
public class ReplicaReads {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaReads.class);

    // Where the next WAL record goes: past the commit record of every transaction committed so
    // far, even one whose commit was not flushed yet (synchronous_commit = off), which
    // pg_current_wal_lsn(), the position written out, may not be.
    private static final Field<String> PRIMARY_POSITION = function("pg_current_wal_insert_lsn", SQLDataType.OTHER)
            .cast(SQLDataType.VARCHAR);
    // Null on a server that is not a standby.
    private static final Field<
            String> REPLAYED_POSITION = function("pg_last_wal_replay_lsn", SQLDataType.OTHER).cast(SQLDataType.VARCHAR);

    /** What the last check found. */
    private enum State {
        /** Not reached yet, failed a read, or not a standby: reads go to the primary. */
        DOWN,
        /** Reachable but behind by more than the allowed lag: only reads with a token it covers go there. */
        LAGGING,
        /** Reachable and within the allowed lag. */
        FRESH
    }

    private record Sample(long nanoTime, ConsistencyToken position) {
    }

    private final DSLContext primary;
    private final DSLContext replica;
    private final long maxLagNanos;
    private final ScheduledFuture<?> checks;
    /** The primary's positions over the last {@code maxLag}; only the check thread touches it. */
    private final List<Sample> samples = new ArrayList<>();

    private volatile State state = State.DOWN;
    /** The furthest the replica was seen to have replayed; a token at or before it needs no query. */
    private volatile ConsistencyToken replayed;

    public ReplicaReads(DSLContext primary, @Nullable
    @Named("replica") DSLContext replica,
            @Value("${schemakit.replica.max-lag:1s}") Duration maxLag,
            @Value("${schemakit.replica.check-interval:500ms}") Duration checkInterval,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.primary = primary;
        this.replica = replica;
        this.maxLagNanos = maxLag.toNanos();
        this.checks = replica == null ? null
                : scheduler.scheduleWithFixedDelay(Duration.ZERO, checkInterval, this::check);
    }

    /**
     * Runs {@code query} on the replica if it is fit for a read that presents {@code token},
     * else, or if it fails there, on the primary.
     *
     * @throws DataAccessException only from the primary
     */
    public <T> T read(Optional<ConsistencyToken> token, Function<DSLContext, T> query) {
        if (replica != null && fitFor(token)) {
            try {
                return query.apply(replica);
            } catch (DataAccessException e) {
                down(e);
            }
        }
        return query.apply(primary);
    }

    /**
     * The primary's WAL position now, for the response to a write that has committed; empty when
     * there is no replica to read from, or when the primary does not answer (the write stands, the
     * client just gets no token).
     */
    public Optional<ConsistencyToken> positionAfterWrite() {
        if (replica == null) {
            return Optional.empty();
        }
        try {
            return ConsistencyToken.parse(primary.select(PRIMARY_POSITION).fetchOne(PRIMARY_POSITION));
        } catch (DataAccessException e) {
            LOG.warn("No consistency token for a committed write: the primary did not tell its WAL position ({})",
                    e.getMessage());
            return Optional.empty();
        }
    }

    private boolean fitFor(Optional<ConsistencyToken> token) {
        State now = state;
        if (now == State.DOWN) {
            return false;
        }
        if (token.isEmpty()) {
            return now == State.FRESH;
        }
        ConsistencyToken known = replayed;
        if (known != null && known.covers(token.get())) {
            return true;
        }
        try {
            return replayedNow().filter(position -> position.covers(token.get())).isPresent();
        } catch (DataAccessException e) {
            down(e);
            return false;
        }
    }

    /** Asks the replica how far it has replayed, and remembers it. */
    private Optional<ConsistencyToken> replayedNow() {
        Optional<ConsistencyToken> position = ConsistencyToken
                .parse(replica.select(REPLAYED_POSITION).fetchOne(REPLAYED_POSITION));
        position.ifPresent(p -> {
            ConsistencyToken known = replayed;
            if (known == null || p.covers(known)) {
                replayed = p;
            }
        });
        return position;
    }

    /** One check: the primary's position now, the replica's replay position, and the verdict. */
    private void check() {
        long now = System.nanoTime();
        try {
            ConsistencyToken.parse(primary.select(PRIMARY_POSITION).fetchOne(PRIMARY_POSITION))
                    .ifPresent(position -> samples.add(new Sample(now, position)));
        } catch (DataAccessException e) {
            // The primary is away: judge the replica by the positions seen before.
        }
        // Keep only the newest sample at least maxLag old, and those after it.
        while (samples.size() > 1 && now - samples.get(1).nanoTime() >= maxLagNanos) {
            samples.remove(0);
        }
        Optional<ConsistencyToken> position;
        try {
            position = replayedNow();
        } catch (DataAccessException e) {
            down(e);
            return;
        }
        if (position.isEmpty()) {
            change(State.DOWN, "it is not a standby (pg_last_wal_replay_lsn() is null)");
            return;
        }
        Sample due = samples.isEmpty() ? null : samples.get(0);
        boolean lags = due != null && now - due.nanoTime() >= maxLagNanos && !position.get().covers(due.position());
        if (lags) {
            change(State.LAGGING, "it has replayed up to " + position.get() + ", the primary was at " + due.position()
                    + " " + Duration.ofNanos(now - due.nanoTime()).toMillis() + " ms ago");
        } else {
            change(State.FRESH, "has replayed up to " + position.get());
        }
    }

    private void down(DataAccessException e) {
        change(State.DOWN, "it failed: " + e.getMessage());
    }

    private synchronized void change(State next, String why) {
        State previous = state;
        state = next;
        if (previous == next) {
            return;
        }
        if (next == State.FRESH) {
            LOG.info("Reads go to the replica: it {}", why);
        } else if (next == State.LAGGING) {
            LOG.warn("Reads without a consistency token go to the primary: the replica lags, {}", why);
        } else {
            LOG.warn("Reads go to the primary until the replica answers again: {}", why);
        }
    }

    @PreDestroy
    void stopChecks() {
        if (checks != null) {
            checks.cancel(false);
        }
    }
}
