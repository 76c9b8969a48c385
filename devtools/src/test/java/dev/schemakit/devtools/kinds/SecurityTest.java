package dev.schemakit.devtools.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.schemakit.devtools.DevToolsException;
import dev.schemakit.devtools.GeneratorFixture;
import dev.schemakit.devtools.GeneratorFixture.Outcome;
import dev.schemakit.devtools.SharedPostgres;
import dev.schemakit.devtools.Workbench;

/** Row-level security, policies, privileges and owners, and the roles they name. */
@ExtendWith(SharedPostgres.class)
class SecurityTest {

    private static final String NOTES = """
            CREATE TABLE notes (
                id    bigint GENERATED ALWAYS AS IDENTITY,
                owner text NOT NULL DEFAULT current_user,
                body  text NOT NULL,
                CONSTRAINT notes_pkey PRIMARY KEY (id)
            );
            CREATE FUNCTION note_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM notes';
            """;

    @TempDir
    Path dir;

    private GeneratorFixture fixture;

    @BeforeEach
    void fixture() throws Exception {
        fixture = new GeneratorFixture(SharedPostgres.get(), dir)
                .with(new Workbench.Options(List.of(), List.of("app_reader", "app_writer")));
    }

    @Test
    void enablesRowLevelSecurityWithAPolicyForARole() throws Exception {
        String declared = NOTES + """
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE notes FORCE ROW LEVEL SECURITY;
                CREATE POLICY notes_own ON notes FOR SELECT TO app_reader USING (owner = current_user);
                """;

        Outcome outcome = fixture.generate(NOTES, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE notes FORCE ROW LEVEL SECURITY;
                CREATE POLICY notes_own ON notes FOR SELECT TO app_reader USING ((owner = CURRENT_USER));
                """);
        assertThat(outcome.get().main().undoBody()).isEqualTo("""
                DROP POLICY notes_own ON notes;
                ALTER TABLE notes DISABLE ROW LEVEL SECURITY;
                ALTER TABLE notes NO FORCE ROW LEVEL SECURITY;
                """);
        fixture.replay(NOTES, outcome, "own notes only");
    }

    @Test
    void recreatesAChangedPolicy() throws Exception {
        String base = NOTES + "CREATE POLICY notes_own ON notes FOR SELECT TO app_reader USING (owner = current_user);";

        Outcome outcome = fixture.generate(base, base.replace("FOR SELECT TO app_reader", "FOR ALL TO app_writer")
                + "ALTER POLICY notes_own ON notes WITH CHECK (owner = current_user);", false);

        assertThat(outcome.migrations()).isEqualTo("""
                DROP POLICY notes_own ON notes;
                CREATE POLICY notes_own ON notes FOR ALL TO app_writer USING ((owner = CURRENT_USER))\
                 WITH CHECK ((owner = CURRENT_USER));
                """);
        fixture.replay(base, outcome, "writers own notes");
    }

    @Test
    void grantsAndRevokesOnTablesColumnsAndFunctions() throws Exception {
        String declared = NOTES + """
                GRANT SELECT, INSERT ON notes TO app_writer;
                GRANT SELECT (id, body) ON notes TO app_reader;
                REVOKE EXECUTE ON FUNCTION note_count() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION note_count() TO app_reader WITH GRANT OPTION;
                """;

        Outcome outcome = fixture.generate(NOTES, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                GRANT INSERT ON TABLE notes TO app_writer;
                GRANT SELECT (body) ON TABLE notes TO app_reader;
                GRANT SELECT (id) ON TABLE notes TO app_reader;
                GRANT SELECT ON TABLE notes TO app_writer;
                REVOKE EXECUTE ON FUNCTION note_count() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION note_count() TO app_reader WITH GRANT OPTION;
                """);
        assertThat(outcome.get().main().undoBody()).isEqualTo("""
                REVOKE INSERT ON TABLE notes FROM app_writer;
                REVOKE SELECT (body) ON TABLE notes FROM app_reader;
                REVOKE SELECT (id) ON TABLE notes FROM app_reader;
                REVOKE SELECT ON TABLE notes FROM app_writer;
                REVOKE EXECUTE ON FUNCTION note_count() FROM app_reader;
                GRANT EXECUTE ON FUNCTION note_count() TO PUBLIC;
                """);
        fixture.replay(NOTES, outcome, "grant to the app");
    }

    @Test
    void grantsOnANewTableAfterCreatingIt() throws Exception {
        String declared = NOTES + """
                CREATE TABLE tags (name text NOT NULL);
                GRANT SELECT ON tags TO app_reader;
                ALTER TABLE tags OWNER TO app_writer;
                """;

        Outcome outcome = fixture.generate(NOTES, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                CREATE TABLE tags (
                    name text NOT NULL
                );
                GRANT SELECT ON TABLE tags TO app_reader;
                ALTER TABLE tags OWNER TO app_writer;
                """);
        fixture.replay(NOTES, outcome, "add tags");
    }

    @Test
    void refusesADeclaredSchemaThatCreatesARole() {
        assertThatThrownBy(() -> fixture.generate(NOTES, NOTES + "CREATE ROLE auditor NOLOGIN;", false))
                .isInstanceOf(DevToolsException.class)
                .hasMessage("schema.sql creates the role auditor: roles belong to the server, not to a schema, and a"
                        + " migration does not create them. Remove the CREATE ROLE and name the role in the roles"
                        + " option instead (-Droles=auditor): the throwaway server then has it, and your servers"
                        + " have it already.");
    }

    @Test
    void namesTheRolesOptionWhenARoleIsMissing() {
        GeneratorFixture withoutRoles = new GeneratorFixture(SharedPostgres.get(), dir);

        assertThatThrownBy(() -> withoutRoles.generate(NOTES, NOTES + "GRANT SELECT ON notes TO nobody_here;", false))
                .isInstanceOf(DevToolsException.class)
                .hasMessage("schema.sql does not apply to an empty database: ERROR: role \"nobody_here\" does not"
                        + " exist. Roles belong to the server, not to a schema: name it in the roles option"
                        + " (-Droles=nobody_here), and the throwaway server gets it before anything is applied.");
    }
}
