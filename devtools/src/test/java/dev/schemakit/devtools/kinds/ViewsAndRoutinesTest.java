package dev.schemakit.devtools.kinds;

import static dev.schemakit.devtools.GeneratorFixture.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.schemakit.devtools.GeneratorFixture;
import dev.schemakit.devtools.GeneratorFixture.Outcome;
import dev.schemakit.devtools.SharedPostgres;

/** Views, materialized views, functions, procedures and triggers, and what depends on what. */
@ExtendWith(SharedPostgres.class)
class ViewsAndRoutinesTest {

    private static final String USERS = """
            CREATE TABLE users (
                id        bigint GENERATED ALWAYS AS IDENTITY,
                name      text NOT NULL,
                score     integer NOT NULL DEFAULT 0,
                updated   timestamptz,
                CONSTRAINT users_pkey PRIMARY KEY (id)
            );
            """;

    private static final String VIEW = USERS + """
            CREATE VIEW top_users AS SELECT id, name, score FROM users WHERE score > 10;
            COMMENT ON VIEW top_users IS 'Users worth a look.';
            """;

    private static final String TOUCH = USERS + """
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.updated := now();
                RETURN NEW;
            END $$;
            CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
            """;

    @TempDir
    Path dir;

    private GeneratorFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new GeneratorFixture(SharedPostgres.get(), dir);
    }

    @Test
    void createsViewWithItsComment() throws Exception {
        Outcome outcome = fixture.generate(USERS, VIEW, false);

        assertThat(outcome.migrations()).isEqualTo("""
                CREATE VIEW top_users AS
                SELECT id,
                    name,
                    score
                   FROM users
                  WHERE (score > 10);
                COMMENT ON VIEW top_users IS 'Users worth a look.';
                """);
        assertThat(outcome.get().main().undoBody()).isEqualTo("DROP VIEW top_users;\n");
        fixture.replay(USERS, outcome, "add top users");
    }

    @Test
    void recreatesAChangedViewAndTheViewsOnIt() throws Exception {
        String base = VIEW + "CREATE VIEW top_names AS SELECT name FROM top_users;";

        Outcome outcome = fixture.generate(base, base.replace("score > 10", "score > 100"), false);

        assertThat(outcome.migrations()).isEqualTo("""
                DROP VIEW top_names;
                DROP VIEW top_users;
                CREATE VIEW top_users AS
                SELECT id,
                    name,
                    score
                   FROM users
                  WHERE (score > 100);
                CREATE VIEW top_names AS
                SELECT name
                   FROM top_users;
                COMMENT ON VIEW top_users IS 'Users worth a look.';
                """);
        fixture.replay(base, outcome, "fewer top users");
    }

    @Test
    void dropsAndRecreatesTheViewAroundTheTypeChangeOfAColumnItReads() throws Exception {
        Outcome outcome = fixture.generate(VIEW, VIEW.replace("score     integer", "score     bigint"), false);

        assertThat(outcome.migrations()).isEqualTo("""
                DROP VIEW top_users;
                ALTER TABLE users ALTER COLUMN score DROP DEFAULT;
                -- The declared schema changes the type; the table is rewritten under a lock.
                -- squawk-ignore changing-column-type
                ALTER TABLE users ALTER COLUMN score TYPE bigint;
                ALTER TABLE users ALTER COLUMN score SET DEFAULT 0;
                CREATE VIEW top_users AS
                SELECT id,
                    name,
                    score
                   FROM users
                  WHERE (score > 10);
                COMMENT ON VIEW top_users IS 'Users worth a look.';
                """);
        fixture.replay(VIEW, outcome, "bigger scores");
        try (Connection db = fixture.database(VIEW, "INSERT INTO users (name, score) VALUES ('alice', 11)",
                outcome.get().main().script())) {
            assertThat(strings(db, "SELECT name || ':' || pg_typeof(score) FROM top_users"))
                    .containsExactly("alice:bigint");
        }
    }

    @Test
    void createsMaterializedViewWithItsIndex() throws Exception {
        String declared = USERS + """
                CREATE MATERIALIZED VIEW score_totals AS SELECT name, sum(score) AS total FROM users GROUP BY name;
                CREATE UNIQUE INDEX score_totals_name_key ON score_totals (name);
                """;

        Outcome outcome = fixture.generate(USERS, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                CREATE MATERIALIZED VIEW score_totals AS
                SELECT name,
                    sum(score) AS total
                   FROM users
                  GROUP BY name
                  WITH DATA;
                -- The index is built inside the migration's transaction, with its materialized view.
                -- squawk-ignore require-concurrent-index-creation
                CREATE UNIQUE INDEX score_totals_name_key ON score_totals USING btree (name);
                """);
        assertThat(outcome.get().main().undoBody()).isEqualTo("""
                DROP INDEX score_totals_name_key;
                DROP MATERIALIZED VIEW score_totals;
                """);
        fixture.replay(USERS, outcome, "add score totals");
    }

    @Test
    void createsFunctionAndTriggerAndReplacesTheBodyInPlace() throws Exception {
        Outcome created = fixture.generate(USERS, TOUCH, false);

        assertThat(created.migrations()).isEqualTo("""
                SET LOCAL check_function_bodies = off;
                CREATE OR REPLACE FUNCTION public.touch()
                 RETURNS trigger
                 LANGUAGE plpgsql
                AS $function$
                BEGIN
                    NEW.updated := now();
                    RETURN NEW;
                END $function$;
                CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
                """);
        assertThat(created.get().main().undoBody()).isEqualTo("""
                DROP TRIGGER users_touch ON users;
                DROP FUNCTION touch();
                """);
        fixture.replay(USERS, created, "touch users");

        Outcome replaced = fixture.generate(TOUCH, TOUCH.replace("now()", "clock_timestamp()"), false);
        assertThat(replaced.migrations()).isEqualTo("""
                SET LOCAL check_function_bodies = off;
                CREATE OR REPLACE FUNCTION public.touch()
                 RETURNS trigger
                 LANGUAGE plpgsql
                AS $function$
                BEGIN
                    NEW.updated := clock_timestamp();
                    RETURN NEW;
                END $function$;
                """);
        fixture.replay(TOUCH, replaced, "touch with the clock");
        try (Connection db = fixture.database(TOUCH, "INSERT INTO users (name) VALUES ('alice')",
                replaced.get().main().script(), "UPDATE users SET score = 1")) {
            assertThat(strings(db, "SELECT (updated IS NOT NULL)::text FROM users")).containsExactly("true");
        }
    }

    @Test
    void dropsAndRecreatesAFunctionWhoseSignatureChangesWithTheViewThatCallsIt() throws Exception {
        String base = USERS + """
                CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT upper(t)';
                CREATE VIEW loud_users AS SELECT shout(name) AS name FROM users;
                """;
        String declared = base.replace("shout(t text)", "shout(t text, times integer DEFAULT 1)")
                .replace("'SELECT upper(t)'", "'SELECT repeat(upper(t), times)'");

        Outcome outcome = fixture.generate(base, declared, false);

        assertThat(outcome.migrations()).startsWith("""
                DROP VIEW loud_users;
                DROP FUNCTION shout(text);
                SET LOCAL check_function_bodies = off;
                CREATE OR REPLACE FUNCTION public.shout(t text, times integer DEFAULT 1)
                """).endsWith("""
                CREATE VIEW loud_users AS
                SELECT shout(name) AS name
                   FROM users;
                """);
        fixture.replay(base, outcome, "shout more");
    }

    @Test
    void createsProcedure() throws Exception {
        String declared = USERS + """
                CREATE PROCEDURE reset_scores() LANGUAGE sql AS 'UPDATE users SET score = 0';
                COMMENT ON PROCEDURE reset_scores() IS 'Start the season again.';
                """;

        Outcome outcome = fixture.generate(USERS, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                SET LOCAL check_function_bodies = off;
                CREATE OR REPLACE PROCEDURE public.reset_scores()
                 LANGUAGE sql
                AS $procedure$UPDATE users SET score = 0$procedure$;
                COMMENT ON PROCEDURE reset_scores() IS 'Start the season again.';
                """);
        assertThat(outcome.get().main().undoBody()).isEqualTo("DROP PROCEDURE reset_scores();\n");
        fixture.replay(USERS, outcome, "add reset scores");
    }

    @Test
    void disablesTriggerInPlaceAndRecreatesOneWhoseEventChanges() throws Exception {
        Outcome disabled = fixture.generate(TOUCH, TOUCH + "ALTER TABLE users DISABLE TRIGGER users_touch;", false);
        assertThat(disabled.migrations()).isEqualTo("ALTER TABLE users DISABLE TRIGGER users_touch;\n");
        assertThat(disabled.get().main().undoBody()).isEqualTo("ALTER TABLE users ENABLE TRIGGER users_touch;\n");
        fixture.replay(TOUCH, disabled, "no touching");

        Outcome changed = fixture.generate(TOUCH, TOUCH.replace("BEFORE UPDATE", "BEFORE INSERT OR UPDATE"), false);
        assertThat(changed.migrations()).isEqualTo("""
                DROP TRIGGER users_touch ON users;
                CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
                """);
        fixture.replay(TOUCH, changed, "touch on insert");
    }
}
