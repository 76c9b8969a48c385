package dev.schemakit.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.codegen.GenerationTool;

import dev.schemakit.devtools.ServerRoles;
import dev.schemakit.flyway.MigrationChecksums;
import dev.schemakit.flyway.QuietFlywayLogCreator;
import dev.schemakit.flyway.SchemakitFlyway;
import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * Generates the jOOQ classes of the schema the migrations build: starts a throwaway PostgreSQL,
 * applies the migrations with Flyway, runs jOOQ's code generator on it, and removes the database
 * again, also when a step fails. Skipped when nothing it reads has changed since the last run: the
 * migrations, these settings, the plugin, jOOQ and the JDK. Next to the classes it writes
 * {@code <package as a path>/migrations.sha256}, which the service's {@code db check} compares with
 * the migrations a jar ships.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractCodegenMojo {

    /** Leaves the classes as they are, generated or not. */
    @Parameter(property = "schemakit.skip", defaultValue = "false")
    boolean skip;

    /** Generates even when nothing changed. */
    @Parameter(property = "schemakit.force", defaultValue = "false")
    boolean force;

    @Override
    void run() throws MojoFailureException {
        CodegenSettings settings = settings();
        warnOnOtherJooq();
        // Also when nothing is generated: the classes of an earlier run must compile.
        project.addCompileSourceRoot(settings.outputDirectory().toString());
        addResources();
        if (skip) {
            getLog().info("schemakit: generation skipped (schemakit.skip)");
            return;
        }
        if (!Files.isDirectory(migrations.toPath())) {
            throw new MojoFailureException("There is no migrations folder " + migrations + ". Write the first"
                    + " migration there (V1__create_<table>.sql), or set <migrations> in the schemakit plugin's"
                    + " configuration to the folder that holds them.");
        }
        String fingerprint = fingerprint(settings);
        Path fingerprintFile = fingerprintFile(settings);
        Path packageFolder = settings.outputDirectory().resolve(settings.packageName().replace('.', '/'));
        if (!force && read(fingerprintFile).filter(fingerprint::equals).isPresent()
                && Files.isDirectory(packageFolder)) {
            getLog().info("schemakit: the jOOQ classes in " + settings.packageName() + " are up to date with the"
                    + " migrations; no database started (-Dschemakit.force=true regenerates them).");
            return;
        }
        try {
            // A run that fails half way must not leave the old fingerprint next to half-written classes.
            Files.deleteIfExists(fingerprintFile);
        } catch (IOException e) {
            throw new MojoFailureException("Cannot remove " + fingerprintFile + ": " + e.getMessage());
        }
        generate(settings);
        try {
            Files.createDirectories(listingFile(settings).getParent());
            Files.writeString(listingFile(settings),
                    MigrationChecksums.format(MigrationChecksums.of(migrations.toPath())));
            Files.createDirectories(fingerprintFile.getParent());
            // Written last, so that it only ever stands next to complete output.
            Files.writeString(fingerprintFile, fingerprint + "\n");
        } catch (IOException e) {
            throw new MojoFailureException("The jOOQ classes were generated, but " + fingerprintFile.getParent()
                    + " cannot be written: " + e.getMessage());
        }
    }

    private void generate(CodegenSettings settings) throws MojoFailureException {
        long start = System.nanoTime();
        ThrowawayPostgres postgres = postgres().role("codegen").start();
        getLog().info("schemakit: " + postgres.getDescription() + ", ready in " + seconds(start) + " s");
        int applied;
        MojoFailureException failure = null;
        List<String> createdRoles = List.of();
        try {
            createdRoles = createRoles(postgres);
            long step = System.nanoTime();
            applied = migrate(postgres, settings);
            getLog().debug("schemakit: migrations applied in " + seconds(step) + " s");
            step = System.nanoTime();
            reportSchemasLeftOut(postgres, settings);
            runJooq(postgres, settings);
            getLog().debug("schemakit: jOOQ generated the classes in " + seconds(step) + " s");
        } catch (MojoFailureException e) {
            failure = e;
            throw e;
        } finally {
            dropRoles(postgres, createdRoles);
            try {
                postgres.close();
            } catch (RuntimeException e) {
                MojoFailureException removal = new MojoFailureException("The throwaway database ("
                        + postgres.getDescription() + ") could not be removed: " + Failures.describe(e)
                        + ". Remove it by hand: docker rm -f on the container labelled dev.schemakit.role=codegen,"
                        + " the embedded server's folder under " + System.getProperty("java.io.tmpdir")
                        + "/embedded-pg, or DROP DATABASE on the codegen_... database.");
                if (failure == null) {
                    throw removal;
                }
                failure.addSuppressed(removal);
            }
        }
        getLog().info("schemakit: " + applied + (applied == 1 ? " migration" : " migrations") + " applied, "
                + count(generatedTables(settings), "table") + " generated in " + settings.packageName() + ", "
                + removed(postgres) + "; " + seconds(start) + " s in all");
    }

    private List<String> createRoles(ThrowawayPostgres postgres) throws MojoFailureException {
        try (Connection connection = postgres.connect(postgres.getJdbcUrl())) {
            return ServerRoles.createMissing(connection, roles);
        } catch (SQLException e) {
            throw new MojoFailureException("Cannot create the roles " + roles + " on the throwaway database ("
                    + postgres.getDescription() + "): " + Failures.describe(e) + ". Check the roles option;"
                    + " nothing was generated, and the throwaway database was removed.");
        }
    }

    /** A server of the user's keeps no role of the build's; a container or embedded server goes whole. */
    private static void dropRoles(ThrowawayPostgres postgres, List<String> created) {
        if (created.isEmpty() || postgres.getKind() != ThrowawayPostgres.Kind.SERVER) {
            return;
        }
        try (Connection connection = postgres.connect(postgres.getJdbcUrl())) {
            ServerRoles.drop(connection, created);
        } catch (SQLException e) {
            // The roles stay, NOLOGIN and named as the user asked: harmless.
        }
    }

    private int migrate(ThrowawayPostgres postgres, CodegenSettings settings) throws MojoFailureException {
        Flyway flyway = SchemakitFlyway.configure(getClass().getClassLoader())
                .configuration(settings.flywayProperties())
                .dataSource(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword())
                .locations("filesystem:" + migrations.getAbsolutePath())
                .loggers(QuietFlywayLogCreator.class.getName())
                .load();
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (FlywayException e) {
            String role = ServerRoles.hint(e.getMessage());
            throw new MojoFailureException(Failures.migration(e) + " " + (role.isEmpty()
                    ? "Fix that migration and build again; nothing was generated, and the throwaway database was"
                            + " removed."
                    : role + " Nothing was generated, and the throwaway database was removed."));
        }
    }

    private void runJooq(ThrowawayPostgres postgres, CodegenSettings settings) throws MojoFailureException {
        try (Connection connection = postgres.connect(postgres.getJdbcUrl())) {
            GenerationTool tool = new GenerationTool();
            tool.setClassLoader(getClass().getClassLoader());
            tool.setConnection(connection);
            tool.run(settings.jooqConfiguration());
        } catch (Exception e) {
            throw new MojoFailureException("jOOQ's code generator failed: " + Failures.describe(e) + ". Check the"
                    + " <generator> settings of the schemakit plugin; the throwaway database was removed.");
        }
    }

    /**
     * Says which schemas hold tables that the generator does not read: the migrations made them, so
     * leaving them out without a word would hide them.
     */
    private void reportSchemasLeftOut(ThrowawayPostgres postgres, CodegenSettings settings) {
        Map<String, Integer> relations = new TreeMap<>();
        try (Connection connection = postgres.connect(postgres.getJdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT n.nspname, count(*)
                        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
                          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                          AND n.nspname NOT LIKE 'pg\\_%'
                        GROUP BY n.nspname""")) {
            while (rows.next()) {
                relations.put(rows.getString(1), rows.getInt(2));
            }
        } catch (SQLException e) {
            getLog().debug("could not list the schemas: " + e.getMessage());
            return;
        }
        relations.keySet().removeAll(settings.generatedSchemas());
        relations.forEach((schema, count) -> getLog().warn("schemakit: schema " + schema + " holds "
                + count(count, "table or view", "tables or views") + " that no class is generated for; list it"
                + " under <generator><database><schemata> to generate them."));
    }

    /**
     * Generated classes must run on the jOOQ that generated them: a project on another jOOQ gets
     * classes that may not compile, or that fail at run time.
     */
    private void warnOnOtherJooq() {
        project.getDependencies().stream()
                .filter(d -> "org.jooq".equals(d.getGroupId()) && d.getArtifactId().startsWith("jooq")
                        && d.getVersion() != null && !d.getVersion().equals(org.jooq.Constants.FULL_VERSION))
                .findFirst()
                .ifPresent(d -> getLog().warn("schemakit: this project uses " + d.getGroupId() + ":"
                        + d.getArtifactId() + ":" + d.getVersion() + ", but the classes are generated by jOOQ "
                        + org.jooq.Constants.FULL_VERSION + "; use that version, or give the plugin a <dependency> on"
                        + " org.jooq:jooq-codegen of yours."));
    }

    private void addResources() {
        String folder = resourcesFolder().toString();
        if (project.getResources().stream().noneMatch(r -> folder.equals(r.getDirectory()))) {
            Resource resource = new Resource();
            resource.setDirectory(folder);
            project.addResource(resource);
        }
    }

    /** The classes of tables and views generated, in every schema's package. */
    private static int generatedTables(CodegenSettings settings) {
        Path root = settings.outputDirectory().resolve(settings.packageName().replace('.', '/'));
        try (Stream<Path> files = Files.walk(root)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".java")
                    && f.getParent().getFileName().toString().equals("tables")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String removed(ThrowawayPostgres postgres) {
        return switch (postgres.getKind()) {
            case DOCKER -> "the container removed";
            case EMBEDDED -> "the embedded server removed";
            case SERVER -> "database " + postgres.getDatabaseName() + " dropped";
        };
    }

    private static String count(int n, String one) {
        return count(n, one, one + "s");
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String seconds(long start) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9);
    }
}
