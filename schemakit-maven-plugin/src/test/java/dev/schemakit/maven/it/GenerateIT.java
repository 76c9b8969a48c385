package dev.schemakit.maven.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import dev.schemakit.maven.it.MavenBuild.Result;
import dev.schemakit.throwaway.ThrowawayPostgres;

/** The generate goal in the builds of a project that adopted the plugin with nothing but its package. */
class GenerateIT {

    private static final String GENERATED = "target/generated-sources/jooq/com/example/notes/db/";
    private static final Pattern EMBEDDED_DATA = Pattern.compile("embedded PostgreSQL on port \\d+ \\(data ([^)]+)\\)");

    private static ThrowawayPostgres server;

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void generatesAndCompilesThenSkipsWhenUnchangedAndRegeneratesAfterAChange() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "generate-skip-regenerate");

        Result first = MavenBuild.run(project, "compile").succeeded();

        assertThat(first.output())
                .containsPattern("\\[INFO\\] schemakit: (embedded PostgreSQL on port \\d+ \\(data [^)]+\\)|container"
                        + " .+) \\((no usable Docker: .+|a Docker engine answered and has .+)\\), ready in [0-9.]+ s\\n")
                .containsPattern("\\[INFO\\] schemakit: 1 migration applied, 1 table generated in com.example.notes.db,"
                        + " (the embedded server|the container) removed; [0-9.]+ s in all\\n");
        assertThat(project.resolve(GENERATED + "tables/Notes.java")).exists();
        assertThat(project.resolve("target/classes/com/example/notes/Notes.class")).exists();
        assertThat(project.resolve("target/classes/com/example/notes/db/migrations.sha256")).content()
                .endsWith("  V1__create_notes.sql\n");
        assertNothingLeftBehind(first);

        Result again = MavenBuild.run(project, "compile").succeeded();

        assertThat(again.output())
                .contains("[INFO] schemakit: the jOOQ classes in com.example.notes.db are up to date with the"
                        + " migrations; no database started (-Dschemakit.force=true regenerates them).")
                .doesNotContain("ready in");

        Files.writeString(project.resolve("src/main/resources/db/migration/V2__add_title_to_notes.sql"),
                "ALTER TABLE notes ADD COLUMN title text;\n");
        Files.writeString(project.resolve("src/main/resources/db/migration/V3__create_audit_events.sql"),
                "CREATE SCHEMA audit;\nCREATE TABLE audit.events (id bigint PRIMARY KEY);\n");
        Result changed = MavenBuild.run(project, "compile").succeeded();

        assertThat(changed.output())
                .contains("schemakit: 3 migrations applied, 1 table generated")
                .contains("[WARNING] schemakit: schema audit holds 1 table or view that no class is generated"
                        + " for; list it under <generator><database><schemata> to generate them.");
        assertThat(project.resolve(GENERATED + "tables/Notes.java")).content()
                .contains("public final TableField<NotesRecord, String> TITLE");
    }

    @Test
    void aFailingMigrationFailsTheBuildInOneParagraphAndLeavesNothingBehind() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "generate-failing-migration");
        Files.writeString(project.resolve("src/main/resources/db/migration/V2__broken.sql"),
                "ALTER TABLE no_such_table ADD COLUMN x int;\n");

        Result build = MavenBuild.run(project, "generate-sources").failed();

        assertThat(build.output())
                .contains("on project notes: Migration V2__broken.sql failed at line 1: ERROR: relation"
                        + " \"no_such_table\" does not exist (SQLSTATE 42P01). Fix that migration and build again;"
                        + " nothing was generated, and the throwaway database was removed. -> [Help 1]")
                .doesNotContain("\tat ");
        assertThat(project.resolve(GENERATED)).doesNotExist();
        assertNothingLeftBehind(build);
    }

    @Test
    void withoutDockerItSaysSoAndUsesTheEmbeddedServer() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "generate-without-docker");

        Result build = MavenBuild.withoutDocker(project, "generate-sources").succeeded();

        assertThat(build.output())
                .containsPattern("schemakit: embedded PostgreSQL on port \\d+ \\(data [^)]+\\) \\(no usable Docker: no"
                        + " Docker engine answered\\), ready in")
                .contains("the embedded server removed")
                .doesNotContain("[ERROR]")
                .doesNotContain("Testcontainers");
        assertNothingLeftBehind(build);
    }

    @Test
    void dockerAskedForWhereThereIsNoneFailsInOneParagraphNamingTheFixes() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "generate-docker-asked");

        Result build = MavenBuild.withoutDocker(project, "generate-sources", "-Dschemakit.database=docker").failed();

        assertThat(build.output())
                .containsPattern("on project notes: A Docker PostgreSQL was asked for \\(schemakit.database=docker\\),"
                        + " but no Docker engine answered\\. Start Docker .* leave schemakit.database unset to use the"
                        + " embedded PostgreSQL\\. -> \\[Help 1\\]")
                .doesNotContain("\tat ");
    }

    @Test
    void aNamedServerGetsAThrowawayDatabaseThatIsDroppedAfterwards() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "generate-named-server");
        ThrowawayPostgres named = server();

        Result build = MavenBuild.run(project, "generate-sources",
                "-Dschemakit.database.url=" + named.getJdbcUrl(),
                "-Dschemakit.database.user=" + named.getUsername(),
                "-Dschemakit.database.password=" + named.getPassword()).succeeded();

        assertThat(build.output())
                .containsPattern(
                        "schemakit: database codegen_\\w+ on [^ ]+ \\(schemakit.database.url is set\\), ready in")
                .containsPattern("1 migration applied, 1 table generated in com.example.notes.db, database"
                        + " codegen_\\w+ dropped");
        assertThat(codegenDatabases(named)).isEmpty();
    }

    @Test
    void withoutAPackageItSaysWhichSettingToAdd() throws Exception {
        Path project = MavenBuild.copyOf("minimal", "generate-no-package");
        Files.writeString(project.resolve("pom.xml"), Files.readString(project.resolve("pom.xml"))
                .replace("<packageName>com.example.notes.db</packageName>", ""));

        Result build = MavenBuild.run(project, "generate-sources").failed();

        assertThat(build.output()).contains("on project notes: The schemakit plugin needs the package of the classes"
                + " it generates: add <packageName>com.example.db</packageName> (your package) to its"
                + " <configuration>. -> [Help 1]");
    }

    /** Neither the embedded server's folder, nor a container, nor a database outlives the build. */
    private static void assertNothingLeftBehind(Result build) throws Exception {
        Matcher embedded = EMBEDDED_DATA.matcher(build.output());
        if (embedded.find()) {
            assertThat(Path.of(embedded.group(1))).doesNotExist();
        } else {
            assertThat(build.output()).contains("schemakit: container ");
            assertThat(DockerClientFactory.instance().client().listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of("dev.schemakit.role", "codegen"))
                    .exec()).isEmpty();
        }
    }

    private static synchronized ThrowawayPostgres server() {
        if (server == null) {
            server = ThrowawayPostgres.start();
        }
        return server;
    }

    private static List<String> codegenDatabases(ThrowawayPostgres server) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = server.connect(server.getJdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE 'codegen\\_%'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
