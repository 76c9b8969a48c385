package dev.schemakit.devtools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * The migration files of a folder, named as Flyway reads them ({@code V<n>[.<m>...]__<name>.sql}),
 * for the goals that add the next one, {@code new} and {@code migrate}.
 */
public final class MigrationFiles {

    private static final Pattern MIGRATION_FILE = Pattern.compile("V(\\d+)(?:[._]\\d+)*__(.+)\\.sql");

    private MigrationFiles() {
    }

    /**
     * The file name part for a description: {@code "Add bio to users!"} becomes
     * {@code add_bio_to_users}. Empty when the description has no letter or digit.
     */
    public static String name(String description) {
        return description.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    /**
     * The migration files directly in {@code folder}, sorted by file name.
     *
     * @throws IOException when the folder cannot be listed
     */
    public static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> matcher(file).matches()).sorted().toList();
        }
    }

    /** The file among {@code migrations} (from {@link #list}) whose name part is {@code name}, if any. */
    public static Optional<Path> named(List<Path> migrations, String name) {
        return migrations.stream().filter(file -> nameOf(file).equals(name)).findFirst();
    }

    /** The highest major version among {@code migrations} (from {@link #list}) plus one; 1 when there are none. */
    public static int nextVersion(List<Path> migrations) {
        return migrations.stream().mapToInt(MigrationFiles::majorVersion).max().orElse(0) + 1;
    }

    /**
     * Writes a file that must not exist yet, in UTF-8.
     *
     * @throws java.nio.file.FileAlreadyExistsException when it exists: nothing is overwritten
     */
    public static void create(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    private static int majorVersion(Path migration) {
        Matcher matcher = matcher(migration);
        matcher.matches();
        return Integer.parseInt(matcher.group(1));
    }

    private static String nameOf(Path migration) {
        Matcher matcher = matcher(migration);
        matcher.matches();
        return matcher.group(2);
    }

    private static Matcher matcher(Path file) {
        return MIGRATION_FILE.matcher(file.getFileName().toString());
    }
}
