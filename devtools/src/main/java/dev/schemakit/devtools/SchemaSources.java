package dev.schemakit.devtools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * Where a project's schema sources are: the declared schema, the migrations folder and the folder
 * of their undo scripts.
 *
 * @param schema     the declared schema, a SQL script that builds the schema as it should be
 * @param migrations the Flyway migrations, {@code V<n>__<what>.sql}
 * @param undo       the undo scripts, each named as the migration it undoes
 * @param database   which throwaway PostgreSQL to compare on; {@code ThrowawayPostgres.builder()}
 *                   with the user's settings
 */
public record SchemaSources(Path schema, Path migrations, Path undo, ThrowawayPostgres.Builder database) {

    /**
     * The migrations folder.
     *
     * @throws DevToolsException when it does not exist
     */
    public Path requireMigrations() {
        if (!Files.isDirectory(migrations)) {
            throw new DevToolsException("There is no migrations folder " + migrations + ". Create it, or set"
                    + " <migrations> in the schemakit plugin's configuration to the folder that holds them.");
        }
        return migrations;
    }

    /** The migration files, in name order. */
    public List<Path> migrationFiles() {
        try {
            return MigrationFiles.list(requireMigrations());
        } catch (IOException e) {
            throw new DevToolsException("Cannot list " + migrations + ": " + e.getMessage());
        }
    }

    /** The declared schema's text. */
    public String declaredSql() {
        try {
            return Files.readString(schema, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DevToolsException("There is no declared schema " + schema + ". Write the schema as it should"
                    + " be there (CREATE TABLE ... as plain PostgreSQL DDL), or set <schema> in the schemakit"
                    + " plugin's configuration to the file that holds it.");
        } catch (IOException e) {
            throw new DevToolsException("Cannot read the declared schema " + schema + ": " + e.getMessage());
        }
    }

    /**
     * Starts the throwaway databases with the migrations and the declared schema applied, and says on
     * {@code log} which PostgreSQL they are on.
     */
    public Workbench open(PrintWriter log) {
        return open(log, Workbench.Options.defaults());
    }

    /**
     * As {@link #open(PrintWriter)}, comparing only the schemas {@code options} lists (all when
     * none) and with the roles it names made on the throwaway server.
     */
    public Workbench open(PrintWriter log, Workbench.Options options) {
        Path folder = requireMigrations();
        String sql = declaredSql();
        Workbench workbench = Workbench.open(database, folder, sql, schema.toString(), options);
        log.println("compared on a throwaway PostgreSQL: " + workbench.description());
        return workbench;
    }
}
