package dev.schemakit.devtools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates the next migration file and its undo script, for a change written by hand: the
 * migration is {@code V<n>__<description>.sql}, {@code n} being the highest existing version plus
 * one, and its undo script has the same name in the undo folder.
 */
public final class NewMigration {

    private NewMigration() {
    }

    /**
     * Creates both files and prints their paths to {@code out}.
     *
     * @return the migration created
     * @throws DevToolsException when the folder is missing or the name is taken; nothing is written
     */
    public static Path create(SchemaSources sources, String description, PrintWriter out) {
        String name = Migrate.fileName(description);
        Path migrations = sources.requireMigrations();
        List<Path> existing = sources.migrationFiles();
        MigrationFiles.named(existing, name).ifPresent(f -> {
            throw new DevToolsException("A migration named " + name + " already exists: " + f
                    + ". Describe the new change differently.");
        });
        int version = MigrationFiles.nextVersion(existing);
        String file = "V" + version + "__" + name + ".sql";
        Path migration = migrations.resolve(file);
        Path undo = sources.undo().resolve(file);
        if (Files.exists(undo)) {
            throw new DevToolsException("An undo script " + undo + " already exists without its migration;"
                    + " remove it or describe the new change differently.");
        }
        try {
            Files.createDirectories(sources.undo());
            MigrationFiles.create(migration, """
                    -- V%d: %s
                    -- One change per file; name every constraint and index. Never edit it once released:
                    -- add another migration. The undo script is %s.
                    """.formatted(version, description.strip(), undo.getParent().getFileName().resolve(file)));
            MigrationFiles.create(undo, """
                    -- Undoes %s (db downgrade runs it in one transaction).
                    -- Reverse every statement of the migration, last first.
                    """.formatted(file));
        } catch (FileAlreadyExistsException e) {
            throw new DevToolsException("File " + e.getFile() + " already exists; nothing was overwritten.");
        } catch (IOException e) {
            throw new DevToolsException("Cannot write the migration files: " + e.getMessage());
        }
        out.println("created " + migration);
        out.println("created " + undo);
        return migration;
    }
}
