package dev.schemakit.service.db;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code db new}: writes the next numbered migration, {@code <dir>/migration/V<n>__<name>.sql},
 * and its undo script, {@code <dir>/undo/V<n>__<name>.sql}. No database is involved.
 */
final class NewMigration {

    /** The migrations folder of the source tree, relative to the project root. */
    static final Path DEFAULT_DIR = Path.of("schema", "src", "main", "resources", "db");

    private static final Pattern MIGRATION_FILE = Pattern.compile("V(\\d+)(?:[._]\\d+)*__(.+)\\.sql");

    private final PrintStream out;

    NewMigration(PrintStream out) {
        this.out = out;
    }

    /**
     * Creates both files. The version is the highest major version among the existing migrations
     * plus one (1 when there are none).
     *
     * @throws UsageException when the description is empty or has no letter or digit
     * @throws DbCommandException when the folder is missing or the name is taken
     */
    void create(String description, Path dir) {
        String name = fileName(description);
        Path migrations = dir.resolve("migration");
        Path undos = dir.resolve("undo");
        if (!Files.isDirectory(migrations)) {
            throw new DbCommandException("No migrations folder " + migrations + "; pass the folder that holds"
                    + " migration/ with --dir (default " + DEFAULT_DIR + ", relative to the project root).");
        }
        List<Path> existing = listMigrations(migrations);
        Optional<Path> sameName = existing.stream()
                .filter(file -> name(file).equals(name))
                .findFirst();
        if (sameName.isPresent()) {
            throw new DbCommandException("A migration named " + name + " already exists: " + sameName.get()
                    + ". Describe the new change differently.");
        }
        int version = existing.stream().mapToInt(NewMigration::majorVersion).max().orElse(0) + 1;
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
            write(migration, """
                    -- %s
                    -- One change per file; name every constraint and index. Never edit it once released:
                    -- add another migration. The undo script is %s.
                    """.formatted(label, dir.relativize(undo)));
            write(undo, """
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

    /** {@code "Add bio to users!"} becomes {@code add_bio_to_users}. */
    static String fileName(String description) {
        if (description == null || description.isBlank()) {
            throw new UsageException("The description is empty; say what the migration does, e.g."
                    + " db new \"add bio to users\".");
        }
        String name = description.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (name.isEmpty()) {
            throw new UsageException("The description \"" + description + "\" has no letters or digits to name"
                    + " the file with (only a-z and 0-9 are kept).");
        }
        return name;
    }

    private static List<Path> listMigrations(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> MIGRATION_FILE.matcher(file.getFileName().toString()).matches()).toList();
        } catch (IOException e) {
            throw new DbCommandException("Cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static int majorVersion(Path file) {
        Matcher matcher = MIGRATION_FILE.matcher(file.getFileName().toString());
        matcher.matches();
        return Integer.parseInt(matcher.group(1));
    }

    private static String name(Path file) {
        Matcher matcher = MIGRATION_FILE.matcher(file.getFileName().toString());
        matcher.matches();
        return matcher.group(2);
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }
}
