package dev.schemakit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * Runs {@code ./mvnw generate-sources} on a copy of this project, as a user would, and checks
 * what the build prints and what it leaves behind. The copy keeps these builds away from the
 * build that runs this test.
 */
class CodegenBuildTest {

    private static final Path ROOT = Path.of(System.getProperty("project.root")).toAbsolutePath().normalize();
    private static final String REMOVED_LABEL = "dev.schemakit.role";

    @TempDir
    static Path project;

    @BeforeAll
    static void copyProject() throws IOException {
        for (String file : List.of("mvnw", "pom.xml", ".mvn/jvm.config", ".mvn/wrapper/maven-wrapper.properties")) {
            copy(ROOT.resolve(file), project.resolve(file));
        }
        // Every module's POM: Maven reads the whole reactor even when it builds one module.
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path pom : modules.map(m -> m.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
                copy(pom, project.resolve(ROOT.relativize(pom)));
            }
        }
        // Downloaded by ./mvnw on first use; copied when there, so the copy need not fetch it.
        Path wrapperJar = ROOT.resolve(".mvn/wrapper/maven-wrapper.jar");
        if (Files.exists(wrapperJar)) {
            copy(wrapperJar, project.resolve(".mvn/wrapper/maven-wrapper.jar"));
        }
        for (String dir : List.of("schema/src", "generated-model/src/build", "throwaway-postgres/src/main")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    copy(file, project.resolve(ROOT.relativize(file)));
                }
            }
        }
    }

    @Test
    void embeddedServerGeneratesTheSameClassesAsThisBuild() throws Exception {
        Build build = maven(Map.of(), "-Dcodegen.force=true", "-Dschemakit.database=embedded");

        assertThat(build.exitCode).as(build.output).isZero();
        assertThat(build.output)
                .containsPattern("(?m)^\\[INFO\\] +\\[echo\\] Codegen: embedded PostgreSQL on port \\d+ "
                        + "\\(data .*\\) \\(schemakit.database=embedded\\), ready in [0-9.]+ s$");
        assertThat(sources(project.resolve("generated-model/target/generated-sources/jooq")))
                .isNotEmpty()
                .isEqualTo(sources(Path.of(System.getProperty("codegen.output"))));
    }

    @Test
    void withoutDockerSaysSoAndUsesTheEmbeddedServer() throws Exception {
        Build build = withoutDocker("-Dcodegen.force=true");

        assertThat(build.exitCode).as(build.output).isZero();
        assertThat(build.output)
                .contains("Codegen: embedded PostgreSQL on port ")
                .contains("(no usable Docker: no Docker engine answered), ready in ")
                .contains("5 migrations applied, 1 tables generated, the embedded server removed");
        assertThat(generated("tables/Users.java")).contains("IS_ACTIVE").contains("VERSION");
    }

    @Test
    void dockerAskedForWhereThereIsNoneFailsWithOneParagraphNamingTheFixes() throws Exception {
        Build build = withoutDocker("-Dcodegen.force=true", "-Dschemakit.database=docker");

        assertThat(build.exitCode).isNotZero();
        assertThat(build.output)
                .containsPattern(
                        "(?m)^\\[ERROR\\] +\\[echo\\] A Docker PostgreSQL was asked for \\(schemakit.database=docker\\), "
                                + "but no Docker engine answered\\. Start Docker .* leave schemakit.database unset to use the "
                                + "embedded PostgreSQL\\.$")
                .doesNotContainPattern("\\tat [a-z]+\\.");
    }

    @Test
    void dockerThatCannotProvideTheImageIsNoDocker() throws Exception {
        Build build = maven(Map.of("SCHEMAKIT_POSTGRES_IMAGE", "schemakit-test/no-such-image:17"),
                "-Dcodegen.force=true");

        assertThat(build.exitCode).as(build.output).isZero();
        assertThat(build.output)
                .containsPattern("Codegen: embedded PostgreSQL on port \\d+ \\(data .*\\) \\(no usable Docker: "
                        + "(no Docker engine answered|the Docker engine cannot provide \\S*schemakit-test/no-such-image:17 .*)\\), ready in");
    }

    @Test
    void existingServerGetsAThrowawayDatabaseThatIsDroppedAfterwards() throws Exception {
        Build build = maven(Map.of(), "-Dcodegen.force=true",
                "-Dcodegen.jdbc.url=" + TestDatabase.server().getJdbcUrl(),
                "-Dcodegen.jdbc.user=" + TestDatabase.server().getUsername(),
                "-Dcodegen.jdbc.password=" + TestDatabase.server().getPassword());

        assertThat(build.exitCode).as(build.output).isZero();
        assertThat(build.output).contains("5 migrations applied, 1 tables generated");
        assertThat(generated("tables/Users.java")).contains("IS_ACTIVE").contains("VERSION");
        assertThat(codegenDatabases()).isEmpty();
    }

    @Test
    void skipsWhenNothingChangedAndRegeneratesWhenAMigrationIsAdded() throws Exception {
        assertThat(viaServer().exitCode).isZero();

        Build again = viaServer();
        assertThat(again.exitCode).isZero();
        assertThat(again.output).contains("jOOQ classes are up to date").doesNotContain("ready in");

        Build changed = withMigration(Map.of("V6__add_bio_to_users.sql", "ALTER TABLE users ADD COLUMN bio text;\n"),
                CodegenBuildTest::viaServer);
        assertThat(changed.exitCode).as(changed.output).isZero();
        assertThat(changed.output).contains("6 migrations applied");
        assertThat(generated("tables/Users.java")).contains("public final TableField<UsersRecord, String> BIO");
    }

    @Test
    void migrationOutsideATransactionDoesNotWaitOnFlywaysLock() throws Exception {
        // CREATE INDEX CONCURRENTLY cannot run in a transaction, and waits for every transaction
        // that began before it: with Flyway's default lock, its own, so the build would hang.
        Build build = withMigration(Map.of(
                "V6__index_users_email.sql", "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n",
                "V6__index_users_email.sql.conf", "executeInTransaction=false\n"),
                CodegenBuildTest::viaServer);

        assertThat(build.exitCode).as(build.output).isZero();
        assertThat(build.output).contains("6 migrations applied, 1 tables generated");
        assertThat(generated("Indexes.java")).contains("USERS_EMAIL_IDX");
    }

    @Test
    void failedMigrationLeavesNoDatabaseOnTheServer() throws Exception {
        Build build = withBrokenMigration(CodegenBuildTest::viaServer);

        assertThat(build.exitCode).isNotZero();
        assertThat(build.output).contains("no_such_table");
        awaitEmpty(CodegenBuildTest::codegenDatabases);
    }

    @Test
    void failedMigrationLeavesNoServerRunning() throws Exception {
        Build build = withBrokenMigration(() -> maven(Map.of(), "-Dcodegen.force=true"));

        assertThat(build.exitCode).isNotZero();
        assertThat(build.output).contains("ready in").contains("no_such_table");
        Matcher embedded = Pattern.compile("Codegen: embedded PostgreSQL on port \\d+ \\(data ([^)]+)\\)")
                .matcher(build.output);
        if (embedded.find()) {
            Path data = Path.of(embedded.group(1));
            awaitEmpty(() -> Files.exists(data) ? List.of(data.toString()) : List.of());
        } else {
            assertThat(build.output).contains("Codegen: container ");
            awaitEmpty(CodegenBuildTest::codegenContainers);
        }
    }

    /** Runs {@code build} with a V6 migration that fails on any database. */
    private static Build withBrokenMigration(ThrowingSupplier<Build> build) throws Exception {
        return withMigration(Map.of("V6__broken.sql", "ALTER TABLE no_such_table ADD COLUMN x int;\n"), build);
    }

    /**
     * Runs {@code build} with {@code files} (name to content) added to the copied project's
     * migrations, and removes them afterwards, so that each test starts from the same four.
     */
    private static Build withMigration(Map<String, String> files, ThrowingSupplier<Build> build) throws Exception {
        Path migrations = project.resolve("schema/src/main/resources/db/migration");
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(migrations.resolve(file.getKey()), file.getValue());
            }
            return build.get();
        } finally {
            for (String name : files.keySet()) {
                Files.deleteIfExists(migrations.resolve(name));
            }
        }
    }

    private static Build viaServer() throws Exception {
        return maven(Map.of(),
                "-Dcodegen.jdbc.url=" + TestDatabase.server().getJdbcUrl(),
                "-Dcodegen.jdbc.user=" + TestDatabase.server().getUsername(),
                "-Dcodegen.jdbc.password=" + TestDatabase.server().getPassword());
    }

    private static Build maven(Map<String, String> env, String... args) throws Exception {
        return maven(List.of(), env, args);
    }

    /**
     * The build in a mount namespace where /run is empty: Testcontainers finds the engine through
     * its socket there whatever DOCKER_HOST says, so this is a host without Docker.
     */
    private static Build withoutDocker(String... args) throws Exception {
        return maven(List.of("unshare", "--mount", "sh", "-c", "mount -t tmpfs tmpfs /run && exec \"$@\"", "sh"),
                Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock"), args);
    }

    private static Build maven(List<String> wrapper, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of("./mvnw", "-B", "-o", "generate-sources", "-pl", "generated-model", "-am"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Build(process.exitValue(), output);
    }

    /** Every generated file under {@code root}, by relative path, with its content. */
    private static Map<String, String> sources(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                files.put(root.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    private static String generated(String file) throws IOException {
        return Files.readString(project.resolve("generated-model/target/generated-sources/jooq/dev/schemakit/model")
                .resolve(file));
    }

    private static List<String> codegenDatabases() throws Exception {
        try (Connection connection = TestDatabase.connect(TestDatabase.server().getJdbcUrl())) {
            return DSL.using(connection)
                    .select(DSL.field(DSL.name("datname"), String.class))
                    .from(DSL.table(DSL.name("pg_database")))
                    .where(DSL.field(DSL.name("datname"), String.class).startsWith("codegen_"))
                    .fetch(0, String.class);
        }
    }

    private static List<String> codegenContainers() {
        return DockerClientFactory.instance().client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(REMOVED_LABEL, "codegen"))
                .exec()
                .stream()
                .map(c -> c.getId())
                .toList();
    }

    /** The database process removes the database just after Maven has exited. */
    private static void awaitEmpty(ThrowingSupplier<List<String>> left) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> found = left.get();
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = left.get();
        }
        assertThat(found).as("left behind").isEmpty();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private record Build(int exitCode, String output) {
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
