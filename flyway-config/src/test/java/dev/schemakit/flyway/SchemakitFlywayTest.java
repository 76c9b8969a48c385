package dev.schemakit.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.schemakit.throwaway.ThrowawayPostgres;

/** The settings every schemakit Flyway runs with, on a real PostgreSQL. */
class SchemakitFlywayTest {

    private static ThrowawayPostgres postgres;

    @TempDir
    Path migrations;

    @BeforeAll
    static void start() {
        postgres = ThrowawayPostgres.start();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void aMigrationOutsideATransactionDoesNotWaitOnFlywaysOwnLock() throws Exception {
        // CREATE INDEX CONCURRENTLY waits for every transaction that began before it: with Flyway's
        // default lock, held in a transaction of its own, that is for ever.
        write("V1__create_notes.sql", "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n");
        write("V2__index_notes_body.sql", "CREATE INDEX CONCURRENTLY notes_body_idx ON notes (body);\n");
        write("V2__index_notes_body.sql.conf", "executeInTransaction=false\n");
        Flyway flyway = flyway("concurrent_index");

        int applied = CompletableFuture.supplyAsync(() -> flyway.migrate().migrationsExecuted)
                .get(2, TimeUnit.MINUTES);

        assertThat(applied).isEqualTo(2);
        assertThat(indexes("concurrent_index")).contains("notes_body_idx");
    }

    @Test
    void aFileNamedAlmostLikeAMigrationFailsTheRunInsteadOfBeingSkipped() throws Exception {
        write("V1__create_notes.sql", "CREATE TABLE notes (id bigint PRIMARY KEY);\n");
        write("V2_add_body.sql", "ALTER TABLE notes ADD COLUMN body text;\n");

        assertThatThrownBy(() -> flyway("misnamed").migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("V2_add_body.sql");
    }

    @Test
    void cleanIsRefused() throws Exception {
        write("V1__create_notes.sql", "CREATE TABLE notes (id bigint PRIMARY KEY);\n");
        Flyway flyway = flyway("clean");
        flyway.migrate();

        assertThatThrownBy(flyway::clean).isInstanceOf(FlywayException.class);
        assertThat(tables("clean")).contains("notes");
    }

    @Test
    void applyKeepsWhatTheConfigurationHeld() {
        var configuration = SchemakitFlyway.apply(Flyway.configure().table("history").connectRetries(3));

        assertThat(configuration.getTable()).isEqualTo("history");
        assertThat(configuration.getConnectRetries()).isEqualTo(3);
        assertThat(configuration.isCleanDisabled()).isTrue();
        assertThat(configuration.isValidateMigrationNaming()).isTrue();
    }

    private Flyway flyway(String database) {
        String url = postgres.createDatabase(database);
        return SchemakitFlyway.configure(getClass().getClassLoader())
                .dataSource(url, postgres.getUsername(), postgres.getPassword())
                .locations("filesystem:" + migrations)
                .connectRetriesInterval((int) Duration.ofSeconds(1).toSeconds())
                .load();
    }

    private void write(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    private static String indexes(String database) throws Exception {
        return query(database, "SELECT string_agg(indexname, ' ') FROM pg_indexes WHERE schemaname = 'public'");
    }

    private static String tables(String database) throws Exception {
        return query(database, "SELECT string_agg(tablename, ' ') FROM pg_tables WHERE schemaname = 'public'");
    }

    private static String query(String database, String sql) throws Exception {
        try (Connection connection = postgres.connect(postgres.getJdbcUrl(database));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
