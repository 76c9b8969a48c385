package dev.schemakit.service.db;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.schemakit.schema.MigrationFiles;

/**
 * {@code db new}: writes the next numbered migration, {@code <dir>/migration/V<n>__<name>.sql},
 * and its undo script, {@code <dir>/undo/V<n>__<name>.sql}. No database is involved.
 */
final class NewMigration {

    /** The migrations folder of the source tree, relative to the project root. */
    static final Path DEFAULT_DIR = Path.of("schema", "src", "main", "resources", "db");

    private final PrintStream out;

    NewMigration(PrintStream out) {
        this.out = out;
    }

    /**
     * Creates both files. The version is the highest major version among the existing migrations
     * plus one (1 when there are none).
     *
     * @param name the file name part, {@link MigrationFiles#name} of the description, not empty
     * @throws DbCommandException when the folder is missing or the name is taken
     */
    void create(String description, String name, Path dir) {
        Path migrations = dir.resolve("migration");
        Path undos = dir.resolve("undo");
        if (!Files.isDirectory(migrations)) {
            throw new DbCommandException("No migrations folder " + migrations + "; pass the folder that holds"
                    + " migration/ with --dir (default " + DEFAULT_DIR + ", relative to the project root).");
        }
        List<Path> existing;
        try {
            existing = MigrationFiles.list(migrations);
        } catch (IOException e) {
            throw new DbCommandException("Cannot list " + migrations + ": " + e.getMessage());
        }
        Optional<Path> sameName = MigrationFiles.named(existing, name);
        if (sameName.isPresent()) {
            throw new DbCommandException("A migration named " + name + " already exists: " + sameName.get()
                    + ". Describe the new change differently.");
        }
        int version = MigrationFiles.nextVersion(existing);
        String file = "V" + version + "__" + name + ".sql";
        Path migration = migrations.resolve(file);
        Path undo = undos.resolve(file);
        if (Files.exists(undo)) {
            throw new DbCommandException("An undo script " + undo + " already exists without its migration;"
                    + " remove it or describe the new change differently.");
        }
        String label = "V" + version + ": " + description.strip();
        try {
            Files.createDirectories(undos);
            MigrationFiles.create(migration, """
                    -- %s
                    -- One change per file; name every constraint and index. Never edit it once released:
                    -- add another migration. The undo script is %s.
                    """.formatted(label, dir.relativize(undo)));
            MigrationFiles.create(undo, """
                    -- Undoes %s (db downgrade runs it in one transaction).
                    -- Reverse every statement of the migration, last first.
                    """.formatted(file));
        } catch (FileAlreadyExistsException e) {
            throw new DbCommandException("File " + e.getFile() + " already exists; nothing was overwritten.");
        } catch (IOException e) {
            throw new DbCommandException("Cannot write the migration files in " + dir + ": " + e.getMessage());
        }
        out.println("created " + migration);
        out.println("created " + undo);
    }
}
