package dev.schemakit.maven;

import java.io.File;
import java.io.PrintWriter;
import java.util.List;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import dev.schemakit.devtools.DevToolsException;
import dev.schemakit.devtools.SchemaSources;
import dev.schemakit.devtools.Workbench;
import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * What every goal shares: where the schema sources are, and which throwaway PostgreSQL to use.
 * The settings belong in the plugin's {@code <configuration>} (not an execution's), so that the
 * goals run from the command line see them too.
 */
abstract class AbstractSchemakitMojo extends AbstractMojo {

    /** The Flyway migrations, {@code V<n>__<what>.sql}. */
    @Parameter(property = "schemakit.migrations", defaultValue = "${project.basedir}/src/main/resources/db/migration")
    File migrations;

    /** The undo scripts, each named as the migration it undoes; by default {@code undo} beside the migrations folder. */
    @Parameter(property = "schemakit.undo")
    File undo;

    /** The declared schema: a SQL script that builds the schema as it should be. */
    @Parameter(property = "schemakit.schema", defaultValue = "${project.basedir}/src/main/sql/schema.sql")
    File schema;

    /**
     * Where the throwaway PostgreSQL comes from: {@code docker}, {@code embedded} or {@code server}.
     * Unset: a server when {@code databaseUrl} is set, else Docker when an engine answers and has the
     * image, else the embedded PostgreSQL 17. The build log says which, and why.
     */
    @Parameter(property = "schemakit.database")
    String database;

    /**
     * An existing server to create the throwaway database on (and drop it from), as a JDBC URL of a
     * database the user may connect to: {@code jdbc:postgresql://HOST:PORT/postgres}. The user needs
     * the CREATEDB privilege.
     */
    @Parameter(property = "schemakit.database.url")
    String databaseUrl;

    /** The user for {@code databaseUrl}. */
    @Parameter(property = "schemakit.database.user")
    String databaseUser;

    /** The password for {@code databaseUrl}. */
    @Parameter(property = "schemakit.database.password")
    String databasePassword;

    /**
     * The schemas that {@code diff}, {@code migrate} and {@code check} write DDL for, e.g.
     * {@code public,reporting}; by default every schema the migrations or the declared schema have.
     * A difference in a schema left out is refused, not ignored.
     */
    @Parameter(property = "schemas")
    List<String> schemas = List.of();

    /**
     * The roles the declared schema grants to or names in policies, e.g. {@code app_reader,app_writer}.
     * Roles belong to the server, so migrations do not create them: the throwaway server gets them
     * (without login) before anything is applied, and your servers are expected to have them.
     */
    @Parameter(property = "roles")
    List<String> roles = List.of();

    /** The PostgreSQL image a Docker engine runs; {@code postgres:17} by default. */
    @Parameter(property = "schemakit.postgres.image")
    String image;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution mojoExecution;

    /** The throwaway PostgreSQL these settings ask for, not started yet. */
    ThrowawayPostgres.Builder postgres() {
        Libraries.quiet();
        return ThrowawayPostgres.builder().kind(database).server(databaseUrl, databaseUser, databasePassword)
                .image(image);
    }

    SchemaSources sources() {
        File undoFolder = undo != null ? undo : new File(migrations.getParentFile(), "undo");
        return new SchemaSources(schema.toPath(), migrations.toPath(), undoFolder.toPath(), postgres());
    }

    /** What the workbench compares, and the roles its server needs. */
    Workbench.Options comparison() {
        return new Workbench.Options(schemas, roles);
    }

    /** Lines written to it go to the build's log at INFO, one log line each. */
    PrintWriter info() {
        return new PrintWriter(new LogWriter(line -> getLog().info(line)), true);
    }

    /** A refusal or failure of the development commands, as Maven reports a build failure. */
    static MojoFailureException failure(DevToolsException e) {
        return new MojoFailureException(e.getMessage());
    }

    /**
     * Whether this project is the one a development goal acts on. Run from the root of a multi-module
     * build, Maven runs a goal in every module: it acts in the modules that declare the plugin in
     * {@code <build><plugins>}, and where none does (a one-module project, or the plugin named on the
     * command line) in the project Maven was started in.
     */
    boolean actsHere() {
        String key = mojoExecution.getMojoDescriptor().getPluginDescriptor().getPluginLookupKey();
        if (declaresPlugin(project, key)) {
            return true;
        }
        boolean declaredElsewhere = session.getProjects().stream().anyMatch(p -> declaresPlugin(p, key));
        if (declaredElsewhere || !project.isExecutionRoot()) {
            getLog().debug(project.getArtifactId() + " does not declare the schemakit plugin; skipped");
            return false;
        }
        return true;
    }

    private static boolean declaresPlugin(MavenProject project, String key) {
        return project.getBuildPlugins().stream().anyMatch(plugin -> plugin.getKey().equals(key));
    }

    /** What the goal does, once {@link #actsHere()} said yes. */
    abstract void run() throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (actsHere()) {
            try {
                run();
            } catch (DevToolsException e) {
                throw failure(e);
            } catch (ThrowawayPostgres.UnavailableException e) {
                throw new MojoFailureException(e.getMessage());
            } finally {
                Libraries.disarmTestcontainersShutdownPrune();
            }
        }
    }
}
