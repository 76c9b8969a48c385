package dev.schemakit.devtools.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.schemakit.devtools.DevToolsException;
import dev.schemakit.devtools.GeneratorFixture;
import dev.schemakit.devtools.GeneratorFixture.Outcome;
import dev.schemakit.devtools.MigrationGenerator.Migration;
import dev.schemakit.devtools.SharedPostgres;
import dev.schemakit.devtools.Workbench;

/** Schemas besides public, extensions, and what the generator writes no DDL for. */
@ExtendWith(SharedPostgres.class)
class SchemasTest {

    private static final String USERS = """
            CREATE TABLE users (
                id   bigint GENERATED ALWAYS AS IDENTITY,
                name text NOT NULL,
                CONSTRAINT users_pkey PRIMARY KEY (id)
            );
            """;

    private static final String AUDIT = USERS + """
            CREATE SCHEMA audit;
            CREATE TABLE audit.log (
                at   timestamptz NOT NULL DEFAULT now(),
                what text NOT NULL
            );
            """;

    @TempDir
    Path dir;

    private GeneratorFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new GeneratorFixture(SharedPostgres.get(), dir);
    }

    @Test
    void createsSchemaWithATableAndAViewOverAnotherSchema() throws Exception {
        String declared = USERS + """
                CREATE SCHEMA reporting;
                CREATE TABLE reporting.daily (day date NOT NULL, signups bigint NOT NULL);
                CREATE VIEW reporting.named_users AS SELECT id, name FROM public.users;
                """;

        Outcome outcome = fixture.generate(USERS, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                CREATE SCHEMA reporting;
                CREATE TABLE reporting.daily (
                    day date NOT NULL,
                    signups bigint NOT NULL
                );
                CREATE VIEW reporting.named_users AS
                SELECT id,
                    name
                   FROM users;
                """);
        assertThat(outcome.get().main().undoBody()).isEqualTo("""
                DROP VIEW reporting.named_users;
                DROP TABLE reporting.daily;
                DROP SCHEMA reporting;
                """);
        fixture.replay(USERS, outcome, "add reporting");
    }

    @Test
    void seesAChangeInAnotherSchemaThatOnceWentUnnoticed() throws Exception {
        Outcome outcome = fixture.generate(AUDIT, AUDIT.replace("what text NOT NULL", "what text NOT NULL, who text"),
                false);

        assertThat(outcome.migrations()).isEqualTo("ALTER TABLE audit.log ADD COLUMN who text;\n");
        fixture.replay(AUDIT, outcome, "who did it");
    }

    @Test
    void refusesADifferenceInASchemaOutsideTheListNamingIt() throws Exception {
        GeneratorFixture publicOnly = fixture.with(new Workbench.Options(List.of("public"), List.of()));

        assertThatThrownBy(() -> publicOnly.generate(AUDIT, AUDIT.replace("what text NOT NULL",
                "what text NOT NULL, who text"), false))
                .isInstanceOf(DevToolsException.class)
                .hasMessageStartingWith("Refused, nothing was written: this generator writes no DDL for one part of the"
                        + " change: table audit.log changed in schema audit, which is not compared (the schema list is"
                        + " public): add audit to the list (-Dschemas=audit,public), or write that change by hand. To"
                        + " write a part by hand:");
    }

    @Test
    void writesNothingOnlyWhenNothingDiffersInAnySchema() throws Exception {
        assertThat(fixture.generate(AUDIT, AUDIT, false).generated()).isEmpty();
    }

    @Test
    void createsExtensionThenBuildsTheIndexThatUsesItConcurrentlyOutsideATransaction() throws Exception {
        String declared = USERS + """
                CREATE EXTENSION pg_trgm;
                CREATE INDEX users_name_trgm_idx ON users USING gin (name gin_trgm_ops);
                """;

        Outcome outcome = fixture.generate(USERS, declared, false);

        assertThat(outcome.get().migrations()).extracting(Migration::suffix, Migration::transactional)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", true),
                        org.assertj.core.groups.Tuple.tuple("_indexes", false));
        assertThat(outcome.get().migrations().get(0).body())
                .isEqualTo("CREATE EXTENSION pg_trgm WITH SCHEMA public VERSION '1.6';\n");
        assertThat(outcome.get().migrations().get(1).script()).isEqualTo("""
                -- Give up after 5 s waiting for a lock, and stop a statement after 5 min; raise them for a
                -- large table. Outside a transaction they last for the session, so the end resets them.
                SET lock_timeout = '5s';
                SET statement_timeout = '5min';

                DROP INDEX CONCURRENTLY IF EXISTS users_name_trgm_idx;
                CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_trgm_idx ON users USING gin (name gin_trgm_ops);

                RESET lock_timeout;
                RESET statement_timeout;
                """);
        assertThat(outcome.get().migrations().get(1).undoBody()).isEqualTo("DROP INDEX users_name_trgm_idx;\n");
        List<Path> written = fixture.replay(USERS, outcome, "search names");
        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly("V2__search_names.sql",
                "V3__search_names_indexes.sql", "V3__search_names_indexes.sql.conf", "V2__search_names.sql",
                "V3__search_names_indexes.sql");
        assertThat(Files.readString(written.get(2))).isEqualTo("executeInTransaction=false\n");
    }

    @Test
    void updatesExtensionAndUndoesItByCreatingTheOldVersionWhenNothingUsesIt() throws Exception {
        String base = USERS + "CREATE EXTENSION hstore VERSION '1.7';";

        Outcome outcome = fixture.generate(base, base.replace("'1.7'", "'1.8'"), false);

        assertThat(outcome.migrations()).isEqualTo("ALTER EXTENSION hstore UPDATE TO '1.8';\n");
        assertThat(outcome.get().main().undoBody()).isEqualTo("""
                DROP EXTENSION hstore;
                CREATE EXTENSION hstore WITH SCHEMA public VERSION '1.7';
                """);
        fixture.replay(base, outcome, "newer hstore");
    }

    @Test
    void refusesAnExtensionUpdateItCannotUndoWhileAColumnUsesTheExtension() {
        String base = USERS + "CREATE EXTENSION hstore VERSION '1.7'; ALTER TABLE users ADD COLUMN attrs hstore;";

        assertThatThrownBy(() -> fixture.generate(base, base.replace("'1.7'", "'1.8'"), false))
                .isInstanceOf(DevToolsException.class)
                .hasMessageStartingWith("Refused, nothing was written: the undo script would have to reverse what this"
                        + " generator writes no DDL for: extension hstore goes from version 1.8 to 1.7, which"
                        + " PostgreSQL has no update path for, while column users.attrs uses it; write that part by"
                        + " hand. To write a part by hand:");
    }

    @Test
    void refusesAChangedStatisticsObjectNamingTheStatementToWrite() {
        String base = USERS + "CREATE STATISTICS users_stats (dependencies) ON id, name FROM users;";

        assertThatThrownBy(() -> fixture.generate(base, base.replace("(dependencies)", "(ndistinct)"), false))
                .isInstanceOf(DevToolsException.class)
                .hasMessageStartingWith("Refused, nothing was written: this generator writes no DDL for one part of the"
                        + " change: statistics users_stats changed; this generator writes no DDL for it: write it by"
                        + " hand with ALTER STATISTICS, or DROP STATISTICS and CREATE STATISTICS. To write a part"
                        + " by hand:");
    }
}
