package dev.schemakit.maven.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.schemakit.maven.it.MavenBuild.Result;

/** The development goals as a user types them, in the project and from the root of a larger build. */
// What these builds prove does not depend on where PostgreSQL comes from (.ci/run runs them once).
@Tag("any-postgres")
class DevelopmentGoalsIT {

    private static final String SCHEMA = "src/main/sql/schema.sql";

    @Test
    void migrateWritesTheMigrationThatCheckAcceptsOnceTheClassesAreGenerated() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "goals-migrate-check");
        MavenBuild.run(project, "generate-sources").succeeded();
        Files.writeString(project.resolve(SCHEMA), Files.readString(project.resolve(SCHEMA))
                .replace("body text   NOT NULL,", "body text   NOT NULL,\n    title text,"));

        Result migrate = MavenBuild.run(project, "schemakit:migrate", "-Dmessage=add title to notes").succeeded();

        Path migration = project.resolve("src/main/resources/db/migration/V2__add_title_to_notes.sql");
        assertThat(migrate.output())
                .contains("[INFO] compared on a throwaway PostgreSQL: ")
                .contains("[INFO] wrote " + migration + "\n")
                .contains("[INFO] wrote " + project.resolve("src/main/resources/db/undo/V2__add_title_to_notes.sql"));
        assertThat(migration).content().contains("ALTER TABLE notes ADD COLUMN title text;");

        Result stale = MavenBuild.run(project, "schemakit:check").failed();

        assertThat(stale.output()).contains("The jOOQ classes in com.example.notes.db are older than the migrations:"
                + " V2__add_title_to_notes.sql is newer than the classes. Run ./mvnw generate-sources to regenerate"
                + " them.");

        Result check = MavenBuild.run(project, "generate-sources", "schemakit:check").succeeded();

        assertThat(check.output())
                .contains("[INFO] generated classes in com.example.notes.db match the migrations")
                .contains("[INFO] declared schema matches the migrations");
    }

    @Test
    void checkReportsDriftAsTheDdlThatWouldFixIt() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "goals-drift");
        Files.writeString(project.resolve(SCHEMA),
                Files.readString(project.resolve(SCHEMA)) + "CREATE INDEX notes_body_idx ON notes (body);\n");

        Result diff = MavenBuild.run(project, "schemakit:diff").succeeded();
        Result check = MavenBuild.run(project, "generate-sources", "schemakit:check").failed();

        // An index on an existing table is built concurrently, in a migration outside a transaction.
        assertThat(diff.output()).contains("[INFO] DROP INDEX CONCURRENTLY IF EXISTS notes_body_idx;\n"
                + "[INFO] CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_body_idx ON notes USING btree (body);");
        assertThat(check.output())
                .contains(project.resolve(SCHEMA) + " and the migrations in "
                        + project.resolve("src/main/resources/db/migration") + " disagree.")
                .contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_body_idx ON notes USING btree (body);")
                .doesNotContain("\tat ");
        assertThat(project.resolve("src/main/resources/db/migration")).isDirectoryNotContaining("glob:**/V2*");
    }

    @Test
    void rolesReachTheThrowawayServerAndSchemasLimitWhatIsWritten() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "goals-roles-schemas");
        Files.writeString(project.resolve(SCHEMA), Files.readString(project.resolve(SCHEMA))
                + "GRANT SELECT ON notes TO app_reader;\n"
                + "CREATE SCHEMA reporting;\nCREATE TABLE reporting.daily (day date NOT NULL);\n");

        Result withoutRoles = MavenBuild.run(project, "schemakit:diff").failed();
        Result publicOnly = MavenBuild.run(project, "schemakit:diff", "-Droles=app_reader", "-Dschemas=public")
                .succeeded();
        Result migrate = MavenBuild.run(project, "schemakit:migrate", "-Dmessage=daily report",
                "-Droles=app_reader").succeeded();
        Result generateWithoutRoles = MavenBuild.run(project, "generate-sources").failed();
        Result generate = MavenBuild.run(project, "generate-sources", "-Droles=app_reader").succeeded();

        assertThat(withoutRoles.output()).contains("ERROR: role \"app_reader\" does not exist. Roles belong to the"
                + " server, not to a schema: name it in the roles option (-Droles=app_reader), and the throwaway"
                + " server gets it before anything is applied.");
        assertThat(publicOnly.output()).contains("[INFO] GRANT SELECT ON TABLE notes TO app_reader;\n")
                .contains("[INFO] -- not written: table reporting.daily is new in schema reporting, which is not"
                        + " compared (the schema list is public): add reporting to the list"
                        + " (-Dschemas=public,reporting)")
                .doesNotContain("CREATE TABLE reporting.daily");
        assertThat(migrate.output()).contains("[INFO] wrote "
                + project.resolve("src/main/resources/db/migration/V2__daily_report.sql"));
        assertThat(project.resolve("src/main/resources/db/migration/V2__daily_report.sql")).content()
                .contains("GRANT SELECT ON TABLE notes TO app_reader;")
                .contains("CREATE TABLE reporting.daily (");
        assertThat(generateWithoutRoles.output()).contains("Migration V2__daily_report.sql failed")
                .contains("(-Droles=app_reader)");
        assertThat(generate.output()).contains("schemakit: 2 migrations applied, 1 table generated in"
                + " com.example.notes.db");
    }

    @Test
    void newCreatesAMigrationAndItsUndoScript() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "goals-new");

        Result created = MavenBuild.run(project, "schemakit:new", "-Dmessage=Backfill note titles").succeeded();

        assertThat(created.output())
                .contains("[INFO] created "
                        + project.resolve("src/main/resources/db/migration/V2__backfill_note_titles.sql"))
                .contains(
                        "[INFO] created " + project.resolve("src/main/resources/db/undo/V2__backfill_note_titles.sql"));

        Result again = MavenBuild.run(project, "schemakit:new", "-Dmessage=backfill note titles").failed();

        assertThat(again.output()).contains("A migration named backfill_note_titles already exists: ");

        MavenBuild.run(project, "schemakit:new", "-Dmessage=index note bodies", "-DoutsideTransaction").succeeded();

        assertThat(project.resolve("src/main/resources/db/migration/V3__index_note_bodies.sql.conf")).content()
                .contains("executeInTransaction=false");
    }

    @Test
    void fromTheRootOfAMultiModuleBuildTheGoalsActInTheModuleThatDeclaresThePlugin() throws Exception {
        Path project = MavenBuild.copyOf("multi-module", "goals-multi-module");
        Path schema = project.resolve("db/" + SCHEMA);
        Files.writeString(schema, Files.readString(schema).replace("name text   NOT NULL,",
                "name text   NOT NULL,\n    price_cents integer,"));

        Result migrate = MavenBuild.run(project, "schemakit:migrate", "-Dmessage=add price to products").succeeded();
        Result build = MavenBuild.run(project, "compile", "schemakit:check").succeeded();

        assertThat(migrate.output()).contains("[INFO] wrote "
                + project.resolve("db/src/main/resources/db/migration/V2__add_price_to_products.sql"));
        assertThat(project.resolve("src")).doesNotExist();
        assertThat(build.output())
                .contains("schemakit: 2 migrations applied, 1 table generated in com.example.shop.db")
                .contains("[INFO] declared schema matches the migrations");
        assertThat(project.resolve("app/target/classes/com/example/app/Catalog.class")).exists();
    }

    @Test
    void helpListsTheGoalsAndTheirParameters() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "goals-help");

        Result help = MavenBuild.run(project, "schemakit:help").succeeded();
        Result detail = MavenBuild.run(project, "schemakit:help", "-Dgoal=migrate").succeeded();

        assertThat(help.output()).contains("[INFO] schemakit:check", "[INFO] schemakit:diff",
                "[INFO] schemakit:generate",
                "[INFO] schemakit:help", "[INFO] schemakit:migrate", "[INFO] schemakit:new");
        assertThat(detail.output())
                .contains("[INFO]   message (-Dmessage)")
                .contains("[INFO]   allowDestructive (-DallowDestructive), default false")
                .doesNotContain("[INFO] schemakit:generate");
    }
}
