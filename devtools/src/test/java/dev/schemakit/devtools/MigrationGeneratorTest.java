package dev.schemakit.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.schemakit.devtools.MigrationGenerator.Generated;
import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * Each case: a first migration, a declared schema, and what the generator makes of them on real
 * PostgreSQL; where rows matter, the generated migration is applied to a database holding some.
 */
class MigrationGeneratorTest {

    private static final String USERS = """
            CREATE TABLE users (
                id       bigint GENERATED ALWAYS AS IDENTITY,
                name     text NOT NULL,
                email    text NOT NULL,
                CONSTRAINT users_pkey PRIMARY KEY (id)
            );
            """;

    private static ThrowawayPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() {
        postgres = ThrowawayPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void addsNullableColumnAndDropsItInTheUndo() throws Exception {
        Generated generated = generate(USERS,
                USERS.replace("email    text NOT NULL,", "email text NOT NULL, bio text,"),
                false).orElseThrow();

        assertThat(generated.main().body()).isEqualTo("ALTER TABLE users ADD COLUMN bio text;\n");
        assertThat(generated.main().undoBody()).isEqualTo("ALTER TABLE users DROP COLUMN bio;\n");
        assertThat(generated.main().undoNotes()).containsExactly("undoing drops column users.bio with its values");
    }

    @Test
    void addsNotNullColumnWithDefaultThatFillsExistingRows() throws Exception {
        Generated generated = generate(USERS,
                USERS.replace("email    text NOT NULL,",
                        "email text NOT NULL, is_active boolean NOT NULL DEFAULT true,"),
                false).orElseThrow();

        assertThat(generated.main().body())
                .isEqualTo("ALTER TABLE users ADD COLUMN is_active boolean NOT NULL DEFAULT true;\n");
        assertThat(generated.main().notes()).isEmpty();
        try (Connection db = databaseWithRows(generated.main().body())) {
            assertThat(strings(db, "SELECT name || ':' || is_active FROM users ORDER BY id"))
                    .containsExactly("alice:true", "bob:true");
        }
    }

    @Test
    void createsTableWithIdentityKeyNamedConstraintsAndComments() throws Exception {
        String declared = USERS + """
                CREATE TABLE posts (
                    id      bigint GENERATED ALWAYS AS IDENTITY,
                    title   varchar(200) NOT NULL DEFAULT 'untitled',
                    CONSTRAINT posts_pkey PRIMARY KEY (id),
                    CONSTRAINT posts_title_key UNIQUE (title)
                );
                COMMENT ON TABLE posts IS 'A post; it''s short.';
                COMMENT ON COLUMN posts.title IS 'The title.';
                """;

        Generated generated = generate(USERS, declared, false).orElseThrow();

        assertThat(generated.main().body()).isEqualTo("""
                CREATE TABLE posts (
                    id bigint GENERATED ALWAYS AS IDENTITY,
                    -- squawk-ignore prefer-text-field
                    title character varying(200) NOT NULL DEFAULT 'untitled'::character varying,
                    CONSTRAINT posts_pkey PRIMARY KEY (id),
                    CONSTRAINT posts_title_key UNIQUE (title)
                );
                COMMENT ON TABLE posts IS 'A post; it''s short.';
                COMMENT ON COLUMN posts.title IS 'The title.';
                """);
        assertThat(generated.main().undoBody()).isEqualTo("DROP TABLE posts;\n");
    }

    @Test
    void createsUniqueIndexOnLowerEmailThatRejectsTheSameAddressInOtherCase() throws Exception {
        Generated generated = generate(USERS,
                USERS + "CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));",
                false).orElseThrow();

        assertThat(generated.migrations()).hasSize(1);
        assertThat(generated.main().transactional()).isFalse();
        assertThat(generated.main().body()).isEqualTo("""
                DROP INDEX CONCURRENTLY IF EXISTS users_email_lower_key;
                CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_lower_key ON users USING btree (lower(email));
                """);
        assertThat(generated.main().undoBody()).isEqualTo("DROP INDEX users_email_lower_key;\n");
        try (Connection db = databaseWithRows(
                "CREATE UNIQUE INDEX users_email_lower_key ON users USING btree (lower(email))");
                Statement statement = db.createStatement()) {
            assertThatThrownBy(
                    () -> statement.execute("INSERT INTO users (name, email) VALUES ('carol', 'ALICE@example.com')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("users_email_lower_key");
        }
    }

    @Test
    void addsANotValidCheckConstraintWithoutClaimingTheRowsAreChecked() throws Exception {
        String declared = USERS + "ALTER TABLE users ADD CONSTRAINT users_name_check CHECK (name <> '') NOT VALID;\n";

        Generated generated = generate(USERS, declared, false).orElseThrow();

        assertThat(generated.main().body())
                .isEqualTo("ALTER TABLE users ADD CONSTRAINT users_name_check CHECK ((name <> ''::text)) NOT VALID;\n");
        assertThat(generated.main().notes()).isEmpty();
        // It applies over a row that breaks it, as NOT VALID promises, and holds for new rows.
        try (Connection db = database(USERS, "INSERT INTO users (name, email) VALUES ('', 'nobody@example.com')",
                generated.main().body()); Statement statement = db.createStatement()) {
            assertThat(strings(db, "SELECT email FROM users WHERE name = ''")).containsExactly("nobody@example.com");
            assertThatThrownBy(() -> statement.execute("INSERT INTO users (name, email) VALUES ('', 'x@example.com')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("users_name_check");
        }
    }

    @Test
    void addsCheckConstraint() throws Exception {
        String declared = USERS.replace("CONSTRAINT users_pkey PRIMARY KEY (id)",
                "CONSTRAINT users_pkey PRIMARY KEY (id), CONSTRAINT users_name_length_check CHECK (char_length(name) BETWEEN 3 AND 80)");

        Generated generated = generate(USERS, declared, false).orElseThrow();

        assertThat(generated.main().body()).isEqualTo("""
                -- The declared schema adds it; the rows are checked under a lock.
                -- squawk-ignore constraint-missing-not-valid
                ALTER TABLE users ADD CONSTRAINT users_name_length_check CHECK (((char_length(name) >= 3) AND (char_length(name) <= 80)));
                """);
        assertThat(generated.main().undoBody())
                .isEqualTo("ALTER TABLE users DROP CONSTRAINT users_name_length_check;\n");
        assertThat(generated.main().notes())
                .containsExactly("adding constraint users_name_length_check fails while a row of users violates it");
    }

    @Test
    void addsForeignKeyWithOnDeleteCascadeAfterTheTableItJoins() throws Exception {
        String posts = """
                CREATE TABLE posts (
                    id      bigint GENERATED ALWAYS AS IDENTITY,
                    user_id bigint NOT NULL,
                    CONSTRAINT posts_pkey PRIMARY KEY (id),
                    CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
                );
                """;

        Generated generated = generate(USERS, USERS + posts, false).orElseThrow();

        assertThat(generated.main().body()).isEqualTo("""
                CREATE TABLE posts (
                    id bigint GENERATED ALWAYS AS IDENTITY,
                    user_id bigint NOT NULL,
                    CONSTRAINT posts_pkey PRIMARY KEY (id)
                );
                ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
                """);
        try (Connection db = databaseWithRows(generated.main().body()); Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO posts (user_id) SELECT id FROM users");
            statement.execute("DELETE FROM users WHERE name = 'alice'");
            assertThat(strings(db, "SELECT count(*)::text FROM posts")).containsExactly("1");
        }
    }

    @Test
    void widensTypeWithoutUsingAndWithoutAskingForDestructive() throws Exception {
        String base = "CREATE TABLE counters (n integer NOT NULL);";

        Generated generated = generate(base, base.replace("integer", "bigint"), false).orElseThrow();

        assertThat(generated.main().body()).isEqualTo("""
                -- The declared schema changes the type; the table is rewritten under a lock.
                -- squawk-ignore changing-column-type
                ALTER TABLE counters ALTER COLUMN n TYPE bigint;
                """);
        assertThat(generated.main().undoBody()).isEqualTo("ALTER TABLE counters ALTER COLUMN n TYPE integer;\n");
        assertThat(generated.main().undoNotes()).containsExactly(
                "undoing changes column counters.n from bigint to integer, which does not hold every value of the old type");
    }

    @Test
    void changesTextToIntegerWithUsingOnlyWhenAllowedToNarrow() throws Exception {
        String base = "CREATE TABLE users (name text NOT NULL, age text);";
        String declared = base.replace("age text", "age integer");

        assertThatThrownBy(() -> generate(base, declared, false))
                .isInstanceOf(DevToolsException.class)
                .hasMessage("Refused, nothing was written: 1 change loses data: changes column users.age from text"
                        + " to integer, which does not hold every value of the old type. Run again with"
                        + " -DallowDestructive to write it as it is.");

        Generated generated = generate(base, declared, true).orElseThrow();
        assertThat(generated.main().body()).isEqualTo("""
                -- The declared schema changes the type; the table is rewritten under a lock.
                -- squawk-ignore changing-column-type, prefer-bigint-over-int
                ALTER TABLE users ALTER COLUMN age TYPE integer USING age::integer;
                """);
        assertThat(generated.main().undoBody()).isEqualTo("ALTER TABLE users ALTER COLUMN age TYPE text;\n");
        try (Connection db = database(base, "INSERT INTO users VALUES ('alice', '42')", generated.main().body())) {
            assertThat(strings(db, "SELECT (age + 1)::text FROM users")).containsExactly("43");
        }
    }

    @Test
    void shorterVarcharIsDestructive() {
        String base = "CREATE TABLE users (name varchar(100) NOT NULL);";

        assertThatThrownBy(() -> generate(base, base.replace("100", "50"), false))
                .isInstanceOf(DevToolsException.class)
                .hasMessageContaining("changes column users.name from character varying(100) to character varying(50)");
    }

    @Test
    void changesDefaultAndTheUndoRestoresIt() throws Exception {
        String base = "CREATE TABLE users (name text NOT NULL, plan text NOT NULL DEFAULT 'free');";

        Generated generated = generate(base, base.replace("'free'", "'trial'"), false).orElseThrow();

        assertThat(generated.main().body())
                .isEqualTo("ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'trial'::text;\n");
        assertThat(generated.main().undoBody())
                .isEqualTo("ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free'::text;\n");
    }

    @Test
    void dropsColumnOnlyWhenAllowedToDestroy() throws Exception {
        String declared = USERS.replace("email    text NOT NULL,", "");

        assertThatThrownBy(() -> generate(USERS, declared, false))
                .isInstanceOf(DevToolsException.class)
                .hasMessage("Refused, nothing was written: 1 change loses data: drops column users.email with its"
                        + " values. Run again with -DallowDestructive to write it as it is.");

        Generated generated = generate(USERS, declared, true).orElseThrow();
        assertThat(generated.main().body()).isEqualTo("""
                -- Dropping it was allowed with -DallowDestructive.
                -- squawk-ignore ban-drop-column
                ALTER TABLE users DROP COLUMN email;
                """);
        assertThat(generated.main().undoBody()).isEqualTo("ALTER TABLE users ADD COLUMN email text NOT NULL;\n");
        assertThat(generated.main().undoNotes())
                .containsExactly("the new column users.email is NOT NULL without a default:"
                        + " adding it fails while users has rows; give it a default that fills them");
    }

    @Test
    void dropsTableOnlyWhenAllowedToDestroy() throws Exception {
        String base = USERS + "CREATE TABLE audit (at timestamptz NOT NULL);";

        assertThatThrownBy(() -> generate(base, USERS, false))
                .isInstanceOf(DevToolsException.class)
                .hasMessageContaining("drops table audit with its rows");

        Generated generated = generate(base, USERS, true).orElseThrow();
        assertThat(generated.main().body()).isEqualTo("""
                -- Dropping it was allowed with -DallowDestructive.
                -- squawk-ignore ban-drop-table
                DROP TABLE audit;
                """);
        assertThat(generated.main().undoBody()).isEqualTo("""
                CREATE TABLE audit (
                    at timestamp with time zone NOT NULL
                );
                """);
    }

    @Test
    void changesComment() throws Exception {
        String base = USERS + "COMMENT ON COLUMN users.name IS 'Old.';";

        Generated generated = generate(base, USERS + "COMMENT ON COLUMN users.name IS 'Shown on every post.';", false)
                .orElseThrow();

        assertThat(generated.main().body()).isEqualTo("COMMENT ON COLUMN users.name IS 'Shown on every post.';\n");
        assertThat(generated.main().undoBody()).isEqualTo("COMMENT ON COLUMN users.name IS 'Old.';\n");
    }

    @Test
    void refusesToGuessARenameAndNamesTheOption() {
        String declared = USERS.replace("name     text", "full_name text");

        assertThatThrownBy(() -> generate(USERS, declared, false))
                .isInstanceOf(DevToolsException.class)
                .hasMessage("Refused, nothing was written: 1 change loses data: drops column users.name with its"
                        + " values (if it was renamed, say so with -Drename=users.name=full_name). Run again with"
                        + " -DallowDestructive to write it as it is.");
    }

    @Test
    void renamesColumnWhenToldAndKeepsTheValues() throws Exception {
        String declared = USERS.replace("name     text", "full_name text");

        Generated generated = generate(USERS, declared, false, "users.name=full_name").orElseThrow();

        assertThat(generated.main().body()).isEqualTo("""
                -- The rename was given with -Drename.
                -- squawk-ignore renaming-column
                ALTER TABLE users RENAME COLUMN name TO full_name;
                """);
        assertThat(generated.main().undoBody()).isEqualTo("ALTER TABLE users RENAME COLUMN full_name TO name;\n");
        try (Connection db = databaseWithRows(generated.main().body())) {
            assertThat(strings(db, "SELECT full_name FROM users ORDER BY id")).containsExactly("alice", "bob");
        }
    }

    @Test
    void renamesTableWhenTold() throws Exception {
        Generated generated = generate(USERS, USERS.replace("TABLE users", "TABLE people"), false, "users=people")
                .orElseThrow();

        assertThat(generated.main().body()).isEqualTo("""
                -- The rename was given with -Drename.
                -- squawk-ignore renaming-table
                ALTER TABLE users RENAME TO people;
                """);
        assertThat(generated.main().undoBody()).isEqualTo("ALTER TABLE people RENAME TO users;\n");
    }

    @Test
    void refusesARenameOfAColumnThatDoesNotExist() {
        assertThatThrownBy(() -> generate(USERS, USERS, false, "users.nick=handle"))
                .isInstanceOf(DevToolsException.class)
                .hasMessage("-Drename=users.nick=handle: table users has no column nick before the change.");
    }

    @Test
    void refusesWhatItWritesNoDdlForNamingThePartToWriteByHand() {
        String declared = USERS + "CREATE RULE users_no_delete AS ON DELETE TO users DO INSTEAD NOTHING;";

        assertThatThrownBy(() -> generate(USERS, declared, false))
                .isInstanceOf(DevToolsException.class)
                .hasMessage("Refused, nothing was written: this generator writes no DDL for one part of the change:"
                        + " rule users_no_delete on users is new; this generator writes no DDL for it: write it by hand"
                        + " with CREATE RULE. To write a part by hand: ./mvnw schemakit:new"
                        + " -Dmessage=\"<description>\" starts a migration and its undo script, and ./mvnw"
                        + " schemakit:migrate then writes the rest. (If that part needs what the rest creates, take it out of"
                        + " schema.sql first, migrate the rest, then put it back and write its migration.)");
    }

    @Test
    void saysUpToDateWhenTheDeclaredSchemaIsWhatTheMigrationsBuild() throws Exception {
        String sameInOtherWords = """
                CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, email text NOT NULL);
                """.replace("PRIMARY KEY", "CONSTRAINT users_pkey PRIMARY KEY");

        assertThat(generate(USERS, sameInOtherWords, false)).isEmpty();
    }

    @Test
    void verificationReportsWhatAScriptLeavesDifferent() throws Exception {
        try (Workbench workbench = workbench(USERS,
                USERS.replace("email    text NOT NULL,", "email text NOT NULL, bio text,"))) {
            List<String> remaining = workbench.verify("ALTER TABLE users ADD COLUMN bio varchar(10);",
                    "ALTER TABLE users DROP COLUMN bio;");

            assertThat(remaining).containsExactly("""
                    after the migration, the declared schema still differs by:
                    ALTER TABLE users ALTER COLUMN bio TYPE text;
                    """);
        }
    }

    private Optional<Generated> generate(String firstMigration, String declared, boolean allowDestructive,
            String... renames) throws IOException {
        try (Workbench workbench = workbench(firstMigration, declared)) {
            return MigrationGenerator.generate(workbench, List.of(renames).stream().map(Rename::parse).toList(),
                    allowDestructive);
        }
    }

    private Workbench workbench(String firstMigration, String declared) throws IOException {
        Path migrations = Files.createDirectories(dir.resolve("migration"));
        Files.writeString(migrations.resolve("V1__first.sql"), firstMigration);
        return Workbench.open(postgres, migrations, declared, "schema.sql");
    }

    /** A database with the first migration (users), alice and bob, and then {@code migration} applied. */
    private Connection databaseWithRows(String migration) throws SQLException {
        return database(USERS,
                "INSERT INTO users (name, email) VALUES ('alice', 'alice@example.com'), ('bob', 'bob@example.com')",
                migration);
    }

    private Connection database(String firstMigration, String rows, String migration) throws SQLException {
        String url = postgres.createDatabase("with_rows");
        Connection db = DriverManager.getConnection(url, postgres.getUsername(), postgres.getPassword());
        try (Statement statement = db.createStatement()) {
            statement.execute(firstMigration);
            statement.execute(rows);
            statement.execute(migration);
        }
        return db;
    }

    private static List<String> strings(Connection db, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
