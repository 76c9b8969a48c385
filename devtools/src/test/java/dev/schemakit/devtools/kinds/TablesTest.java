package dev.schemakit.devtools.kinds;

import static dev.schemakit.devtools.GeneratorFixture.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.schemakit.devtools.DevToolsException;
import dev.schemakit.devtools.GeneratorFixture;
import dev.schemakit.devtools.GeneratorFixture.Outcome;
import dev.schemakit.devtools.SharedPostgres;

/** Partitioned and inheriting tables, generated and identity columns, renamed constraints and indexes, comments. */
@ExtendWith(SharedPostgres.class)
class TablesTest {

    private static final String USERS = """
            CREATE TABLE users (
                id   bigint GENERATED ALWAYS AS IDENTITY,
                name text NOT NULL,
                CONSTRAINT users_pkey PRIMARY KEY (id)
            );
            """;

    private static final String EVENTS = USERS + """
            CREATE TABLE events (
                happened_on date NOT NULL,
                kind        text NOT NULL
            ) PARTITION BY RANGE (happened_on);
            CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE INDEX events_kind_idx ON events (kind);
            """;

    @TempDir
    Path dir;

    private GeneratorFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new GeneratorFixture(SharedPostgres.get(), dir);
    }

    @Test
    void createsPartitionedTableWithItsPartitionAndIndex() throws Exception {
        Outcome outcome = fixture.generate(USERS, EVENTS, false);

        assertThat(outcome.migrations()).isEqualTo("""
                CREATE TABLE events (
                    happened_on date NOT NULL,
                    kind text NOT NULL
                ) PARTITION BY RANGE (happened_on);
                CREATE TABLE events_2024 PARTITION OF events
                    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE INDEX events_kind_idx ON events USING btree (kind);
                """);
        assertThat(outcome.get().main().undoBody()).isEqualTo("""
                DROP TABLE events_2024;
                DROP TABLE events;
                """);
        fixture.replay(USERS, outcome, "add events");
    }

    @Test
    void addsPartitionToAnExistingTableAndMovesABound() throws Exception {
        String declared = EVENTS.replace("TO ('2025-01-01')", "TO ('2024-07-01')")
                + "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');";

        Outcome outcome = fixture.generate(EVENTS, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                ALTER TABLE events DETACH PARTITION events_2024;
                CREATE TABLE events_2025 PARTITION OF events
                    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
                """);
        assertThat(outcome.get().main().notes()).containsExactly("attaching events_2024 as a partition fails while"
                + " one of its rows is outside FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')");
        fixture.replay(EVENTS, outcome, "events of 2025");
    }

    @Test
    void refusesToRepartitionATableNamingWhatToWriteByHand() {
        String declared = EVENTS.replace("PARTITION BY RANGE (happened_on)", "PARTITION BY LIST (kind)")
                .replace("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", "FOR VALUES IN ('click')");

        assertThatThrownBy(() -> fixture.generate(EVENTS, declared, false))
                .isInstanceOf(DevToolsException.class)
                .hasMessageStartingWith("Refused, nothing was written: this generator writes no DDL for one part of"
                        + " the change: table events changes its partition key from RANGE (happened_on) to LIST (kind):"
                        + " PostgreSQL cannot change that in place; write that part by hand: create the new table, copy"
                        + " the rows, drop the old one, rename the new one. To write a part by hand:");
    }

    @Test
    void createsInheritingTableAndAddsAColumnToTheParentOnly() throws Exception {
        String declared = USERS + "CREATE TABLE admins (since date NOT NULL) INHERITS (users);";
        Outcome created = fixture.generate(USERS, declared, false);

        assertThat(created.migrations()).isEqualTo("""
                CREATE TABLE admins (
                    since date NOT NULL
                ) INHERITS (users);
                """);
        fixture.replay(USERS, created, "add admins");

        Outcome added = fixture.generate(declared, declared.replace("name text NOT NULL,",
                "name text NOT NULL, bio text,"), false);
        assertThat(added.migrations()).isEqualTo("ALTER TABLE users ADD COLUMN bio text;\n");
        fixture.replay(declared, added, "add bio");
    }

    @Test
    void addsGeneratedColumnAndChangesItsExpressionInPlace() throws Exception {
        String declared = USERS + "ALTER TABLE users ADD COLUMN name_length integer GENERATED ALWAYS AS"
                + " (char_length(name)) STORED;";
        Outcome added = fixture.generate(USERS, declared, false);

        assertThat(added.migrations()).isEqualTo("""
                -- The declared schema asks for this type; its values are computed for every row.
                -- squawk-ignore adding-field-with-default, prefer-bigint-over-int
                ALTER TABLE users ADD COLUMN name_length integer GENERATED ALWAYS AS (char_length(name)) STORED;
                """);
        fixture.replay(USERS, added, "add name length");

        Outcome changed = fixture.generate(declared, declared.replace("char_length(name)", "octet_length(name)"),
                false);
        assertThat(changed.migrations()).isEqualTo("""
                -- The values are computed again for every row.
                -- squawk-ignore changing-column-type
                ALTER TABLE users ALTER COLUMN name_length SET EXPRESSION AS (octet_length(name));
                """);
        assertThat(changed.get().main().undoBody())
                .isEqualTo("ALTER TABLE users ALTER COLUMN name_length SET EXPRESSION AS (char_length(name));\n");
        fixture.replay(declared, changed, "count bytes");
        try (Connection db = fixture.database(declared, "INSERT INTO users (name) VALUES ('zoë')",
                changed.get().main().script())) {
            assertThat(strings(db, "SELECT name_length::text FROM users")).containsExactly("4");
        }
    }

    @Test
    void changesIdentityOptionsInPlace() throws Exception {
        String declared = USERS.replace("GENERATED ALWAYS AS IDENTITY",
                "GENERATED BY DEFAULT AS IDENTITY (START WITH 1000 INCREMENT BY 10)");

        Outcome outcome = fixture.generate(USERS, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                ALTER TABLE users ALTER COLUMN id SET GENERATED BY DEFAULT;
                ALTER TABLE users ALTER COLUMN id SET INCREMENT BY 10 SET MINVALUE 1 SET MAXVALUE 9223372036854775807\
                 SET START WITH 1000 SET CACHE 1 SET NO CYCLE;
                """);
        fixture.replay(USERS, outcome, "ids from 1000");
    }

    @Test
    void renamesConstraintAndIndexThatKeepTheirDefinition() throws Exception {
        String base = USERS + """
                ALTER TABLE users ADD CONSTRAINT users_name_check CHECK (name <> '');
                CREATE INDEX users_name_idx ON users (name);
                """;
        String declared = base.replace("users_name_check", "users_name_not_empty")
                .replace("users_name_idx", "users_by_name");

        Outcome outcome = fixture.generate(base, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                ALTER TABLE users RENAME CONSTRAINT users_name_check TO users_name_not_empty;
                ALTER INDEX users_name_idx RENAME TO users_by_name;
                """);
        fixture.replay(base, outcome, "clearer names");
    }

    @Test
    void commentsOnEveryKindChangeInPlace() throws Exception {
        String base = USERS + """
                CREATE SCHEMA reporting;
                CREATE TYPE mood AS ENUM ('happy', 'sad');
                CREATE DOMAIN short_text AS text CONSTRAINT short_text_check CHECK (length(VALUE) < 10);
                CREATE SEQUENCE tickets;
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
                CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
                CREATE VIEW reporting.names AS SELECT name FROM users;
                CREATE MATERIALIZED VIEW name_counts AS SELECT name, count(*) AS n FROM users GROUP BY name;
                CREATE INDEX users_name_idx ON users (name);
                CREATE POLICY users_all ON users USING (true);
                """;
        String declared = base + """
                COMMENT ON SCHEMA reporting IS 'For the reports.';
                COMMENT ON TYPE mood IS 'How one feels.';
                COMMENT ON DOMAIN short_text IS 'Under ten characters.';
                COMMENT ON CONSTRAINT short_text_check ON DOMAIN short_text IS 'The limit.';
                COMMENT ON SEQUENCE tickets IS 'Ticket numbers.';
                COMMENT ON FUNCTION touch() IS 'Stamps the row.';
                COMMENT ON TRIGGER users_touch ON users IS 'On every update.';
                COMMENT ON VIEW reporting.names IS 'Every name.';
                COMMENT ON COLUMN reporting.names.name IS 'As given.';
                COMMENT ON MATERIALIZED VIEW name_counts IS 'Names by count.';
                COMMENT ON INDEX users_name_idx IS 'For lookups by name.';
                COMMENT ON POLICY users_all ON users IS 'Everyone sees everything.';
                COMMENT ON CONSTRAINT users_pkey ON users IS 'The key.';
                """;

        Outcome outcome = fixture.generate(base, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                COMMENT ON CONSTRAINT users_pkey ON users IS 'The key.';
                COMMENT ON INDEX users_name_idx IS 'For lookups by name.';
                COMMENT ON CONSTRAINT short_text_check ON DOMAIN short_text IS 'The limit.';
                COMMENT ON DOMAIN short_text IS 'Under ten characters.';
                COMMENT ON TYPE mood IS 'How one feels.';
                COMMENT ON FUNCTION touch() IS 'Stamps the row.';
                COMMENT ON MATERIALIZED VIEW name_counts IS 'Names by count.';
                COMMENT ON POLICY users_all ON users IS 'Everyone sees everything.';
                COMMENT ON SCHEMA reporting IS 'For the reports.';
                COMMENT ON SEQUENCE tickets IS 'Ticket numbers.';
                COMMENT ON TRIGGER users_touch ON users IS 'On every update.';
                COMMENT ON COLUMN reporting.names.name IS 'As given.';
                COMMENT ON VIEW reporting.names IS 'Every name.';
                """);
        fixture.replay(base, outcome, "explain everything");
    }
}
