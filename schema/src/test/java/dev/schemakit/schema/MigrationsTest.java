package dev.schemakit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import dev.schemakit.throwaway.ThrowawayPostgres;
import dev.schemakit.flyway.SchemakitFlyway;

/**
 * What the migrations and their undo scripts guarantee, checked on a real PostgreSQL through
 * plain SQL and its catalogs: the migrations are this module's files, not the classes generated
 * from them.
 */
class MigrationsTest {

    private static ThrowawayPostgres server;

    private static synchronized ThrowawayPostgres server() {
        if (server == null) {
            server = ThrowawayPostgres.start();
        }
        return server;
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Test
    void addingIsActiveBackfillsExistingUsersWithTrue() throws Exception {
        String url = server().createDatabase("backfill");
        flyway(url, "1").migrate();
        try (Connection connection = server().connect(url)) {
            // At V1 there is no is_active column: insert naming only the V1 columns.
            execute(connection, "INSERT INTO users (username, email) VALUES ('alice', 'alice@example.com'),"
                    + " ('bob', 'bob@example.com'), ('carol', 'carol@example.com')");

            flyway(url, "latest").migrate();

            assertThat(rows(connection, "SELECT username || '=' || is_active FROM users ORDER BY id"))
                    .containsExactly("alice=true", "bob=true", "carol=true");
        }
    }

    @Test
    void addingVersionBackfillsExistingUsersWithOne() throws Exception {
        String url = server().createDatabase("version_backfill");
        flyway(url, "2").migrate();
        try (Connection connection = server().connect(url)) {
            // At V2 there is no version column: insert naming only the V2 columns.
            execute(connection, "INSERT INTO users (username, email, is_active)"
                    + " VALUES ('alice', 'alice@example.com', true), ('bob', 'bob@example.com', false)");

            flyway(url, "latest").migrate();

            assertThat(rows(connection, "SELECT username || '=' || version FROM users ORDER BY id"))
                    .containsExactly("alice=1", "bob=1");
        }
    }

    @Test
    void versionIsAtLeastOne() throws Exception {
        try (Connection connection = server().connect(migratedDatabase("version_check"))) {
            assertThatThrownBy(() -> execute(connection,
                    "INSERT INTO users (username, email, version) VALUES ('alice', 'alice@example.com', 0)"))
                    .satisfies(e -> assertViolation(e, "23514", "users_version_positive_check"));
            assertThat(rows(connection, "SELECT count(*) FROM users")).containsExactly("0");
        }
    }

    @Test
    void usernamePrefixSearchIsServedByAnIndex() throws Exception {
        try (Connection connection = server().connect(migratedDatabase("prefix_index"))) {
            execute(connection, "INSERT INTO users (username, email)"
                    + " VALUES ('alice', 'alice@example.com'), ('bob', 'bob@example.com')");
            // A handful of rows is cheapest to scan; forbid that to see whether an index can serve
            // the filter the service's list endpoint sends for ?q= (UserRepository, through jOOQ's
            // startsWith).
            execute(connection, "SET enable_seqscan = off");

            List<String> plan = rows(connection, "EXPLAIN SELECT id FROM users"
                    + " WHERE lower(username) LIKE (lower('AL') || '%') ESCAPE '!'");

            assertThat(String.join("\n", plan)).contains("users_username_lower_pattern_idx");
        }
    }

    @Test
    void usernameAndEmailAreUniqueIgnoringCase() throws Exception {
        try (Connection connection = server().connect(migratedDatabase("unique_ci"))) {
            execute(connection, "INSERT INTO users (username, email) VALUES ('Alice', 'Alice@Example.com')");

            assertThatThrownBy(() -> execute(connection,
                    "INSERT INTO users (username, email) VALUES ('aLICE', 'other@example.com')"))
                    .satisfies(e -> assertViolation(e, "23505", "users_username_lower_key"));
            assertThatThrownBy(() -> execute(connection,
                    "INSERT INTO users (username, email) VALUES ('other', 'alice@EXAMPLE.COM')"))
                    .satisfies(e -> assertViolation(e, "23505", "users_email_lower_key"));
            assertThat(rows(connection, "SELECT count(*) FROM users")).containsExactly("1");
        }
    }

    @Test
    void usernameMustBeThreeToEightyCharacters() throws Exception {
        try (Connection connection = server().connect(migratedDatabase("username_length"))) {
            assertThatThrownBy(() -> execute(connection,
                    "INSERT INTO users (username, email) VALUES ('ab', 'ab@example.com')"))
                    .satisfies(e -> assertViolation(e, "23514", "users_username_length_check"));
            assertThatThrownBy(() -> execute(connection,
                    "INSERT INTO users (username, email) VALUES (repeat('x', 81), 'long@example.com')"))
                    .satisfies(e -> assertViolation(e, "23514", "users_username_length_check"));
            execute(connection, "INSERT INTO users (username, email) VALUES (repeat('x', 80), 'max@example.com')");
            assertThat(rows(connection, "SELECT count(*) FROM users")).containsExactly("1");
        }
    }

    @Test
    void eachUndoScriptRestoresTheSchemaBeforeItsMigration() throws Exception {
        String url = server().createDatabase("undo_round_trip");
        List<MigrationInfo> migrations = List.of(flyway(url, "latest").info().all());
        assertThat(migrations).isNotEmpty();
        try (Connection connection = server().connect(url)) {
            List<List<String>> schemaAt = new ArrayList<>();
            schemaAt.add(schema(connection));
            for (MigrationInfo migration : migrations) {
                flyway(url, migration.getVersion().getVersion()).migrate();
                schemaAt.add(schema(connection));
                assertThat(schemaAt.get(schemaAt.size() - 1)).as("the schema after " + migration.getScript())
                        .isNotEqualTo(schemaAt.get(schemaAt.size() - 2));
            }

            for (int i = migrations.size() - 1; i >= 0; i--) {
                String script = migrations.get(i).getScript();
                execute(connection, undoScript(script));
                assertThat(schema(connection)).as("the schema after undo/" + script)
                        .isEqualTo(schemaAt.get(i));
            }

            execute(connection, "DROP TABLE flyway_schema_history");
            flyway(url, "latest").migrate();
            assertThat(schema(connection)).as("the schema after applying every migration again")
                    .isEqualTo(schemaAt.get(migrations.size()));
        }
    }

    /** A new database on the shared server with every migration applied. */
    private static String migratedDatabase(String name) {
        String url = server().createDatabase(name);
        flyway(url, "latest").migrate();
        return url;
    }

    /** Flyway over this module's migrations, the files the jar ships. */
    private static Flyway flyway(String url, String target) {
        return SchemakitFlyway.configure()
                .dataSource(url, server().getUsername(), server().getPassword())
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    private static String undoScript(String migration) throws IOException {
        try (InputStream in = MigrationsTest.class.getResourceAsStream("/db/undo/" + migration)) {
            assertThat(in).as("undo/" + migration).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The public schema as the catalogs describe it, one sorted line per column, constraint and
     * index, without Flyway's history table.
     */
    private static List<String> schema(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        lines.addAll(rows(connection, """
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
                       || ' null=' || is_nullable || ' default=' || coalesce(column_default, '-')
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'"""));
        lines.addAll(rows(connection,
                """
                SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                FROM pg_catalog.pg_constraint
                WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'flyway_schema_history'"""));
        lines.addAll(rows(connection, """
                SELECT 'index ' || indexdef FROM pg_catalog.pg_indexes
                WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'"""));
        lines.addAll(rows(connection, """
                SELECT 'comment ' || c.relname || '.' || coalesce(a.attname, '') || ' ' || d.description
                FROM pg_catalog.pg_description d
                JOIN pg_catalog.pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_catalog.pg_class'::regclass
                LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
                WHERE c.relnamespace = 'public'::regnamespace"""));
        lines.sort(null);
        return lines;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of every row, as text. */
    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static void assertViolation(Throwable e, String sqlState, String constraint) {
        assertThat(e).isInstanceOf(PSQLException.class);
        PSQLException cause = (PSQLException) e;
        assertThat(cause.getSQLState()).isEqualTo(sqlState);
        assertThat(cause.getServerErrorMessage().getConstraint()).isEqualTo(constraint);
    }
}
