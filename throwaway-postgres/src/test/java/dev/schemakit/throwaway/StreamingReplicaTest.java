package dev.schemakit.throwaway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class StreamingReplicaTest {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    @Test
    void replicaStreamsThePrimarysWritesAndRefusesItsOwn() throws Exception {
        try (ThrowawayPostgres primary = ThrowawayPostgres.builder().embedded().start()) {
            execute(primary, "create table t (x int); insert into t values (1)");
            try (ThrowawayPostgres replica = primary.startReplica()) {
                assertThat(replica.getPort()).isNotEqualTo(primary.getPort());
                assertThat(query(replica, "select pg_is_in_recovery()")).isEqualTo("t");
                assertThat(query(replica, "select count(*) from t")).isEqualTo("1");

                execute(primary, "insert into t values (2)");
                awaitCount(replica, "2");
                assertThat(query(primary, "select state from pg_stat_replication")).isEqualTo("streaming");

                assertThatThrownBy(() -> execute(replica, "insert into t values (3)"))
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("25006"));
            }
            assertThat(query(primary, "select count(*) from pg_replication_slots")).isEqualTo("0");
        }
    }

    @Test
    void stoppedReplicaCatchesUpWhenStartedAgain() throws Exception {
        try (ThrowawayPostgres primary = ThrowawayPostgres.builder().embedded().start();
                ThrowawayPostgres replica = primary.startReplica()) {
            execute(primary, "create table t (x int)");
            replica.stop();
            // More than a WAL segment while it is away: the slot keeps it for the replica.
            execute(primary, "insert into t select generate_series(1, 200000); select pg_switch_wal(); checkpoint");
            replica.restart();
            awaitCount(replica, "200000");
        }
    }

    private static void awaitCount(ThrowawayPostgres replica, String expected) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        String count = null;
        while (System.nanoTime() < deadline) {
            try {
                count = query(replica, "select count(*) from t");
            } catch (SQLException e) {
                // The table itself is not replayed yet.
                count = e.getMessage();
            }
            if (expected.equals(count)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(count).as("rows on the replica after " + CATCH_UP).isEqualTo(expected);
    }

    private static void execute(ThrowawayPostgres postgres, String sql) throws SQLException {
        try (Connection connection = postgres.connect(postgres.getJdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(ThrowawayPostgres postgres, String sql) throws SQLException {
        try (Connection connection = postgres.connect(postgres.getJdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
