package dev.schemakit.devtools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.schemakit.devtools.MigrationGenerator.Generated;

/**
 * Writes the next migration, {@code V<n>__<message>.sql}, that takes the database the migrations
 * build to the declared schema, and its undo script (with new enum values before it and new
 * indexes on existing tables after it, each in a migration of its own). All are checked first on a
 * throwaway database: the migrations must leave no difference and each undo script must bring back
 * the schema before; otherwise nothing is written.
 */
public final class Migrate {

    private Migrate() {
    }

    /**
     * Writes the migrations and their undo scripts, printing what it wrote to {@code out}.
     *
     * @param message          what the migration does, e.g. "add bio to users"; it names the file
     * @param renames          renames, never guessed
     * @param allowDestructive whether changes that lose data may be written
     * @return the first migration written; empty when the declared schema is what the migrations build
     * @throws DevToolsException refusing, with the reason and the fix, when nothing was written
     */
    public static Optional<Path> run(SchemaSources sources, String message, List<Rename> renames,
            boolean allowDestructive, PrintWriter out, PrintWriter log) {
        return run(sources, message, renames, allowDestructive, Workbench.Options.defaults(), out, log);
    }

    /** As {@link #run(SchemaSources, String, List, boolean, PrintWriter, PrintWriter)}, with the workbench's options. */
    public static Optional<Path> run(SchemaSources sources, String message, List<Rename> renames,
            boolean allowDestructive, Workbench.Options options, PrintWriter out, PrintWriter log) {
        fileName(message);
        MigrationWriter writer = new MigrationWriter(sources.requireMigrations(), sources.undo(),
                "schemakit:migrate");
        writer.checkNameFree(message);
        Optional<Generated> generated;
        try (Workbench workbench = sources.open(log, options)) {
            generated = MigrationGenerator.generate(workbench, renames, allowDestructive);
        }
        if (generated.isEmpty()) {
            out.println(sources.schema() + " matches the migrations; nothing written.");
            return Optional.empty();
        }
        List<Path> written = writer.write(message, generated.get(), sources.schema().getFileName().toString());
        written.forEach(file -> out.println("wrote " + file));
        List<Path> migrations = written.stream()
                .filter(f -> f.startsWith(sources.migrations()) && f.toString().endsWith(".sql"))
                .toList();
        // The lint is advice here (schemakit:check -Dlint enforces it): the files are written either way.
        if (Lint.available()) {
            out.println("squawk on " + migrations.stream().map(f -> f.getFileName().toString())
                    .collect(Collectors.joining(", ")) + ":");
            try {
                if (!Lint.check(migrations, out)) {
                    out.println("Fix each finding, or accept it in the file: a comment with the reason, then"
                            + " '-- squawk-ignore <rule>' on the line before the statement; schemakit:check -Dlint"
                            + " fails until then.");
                }
            } catch (DevToolsException e) {
                out.println("lint skipped: " + e.getMessage());
            }
        }
        out.println("Review " + (migrations.size() == 1 ? "both" : "them")
                + "; then ./mvnw generate-sources updates the jOOQ classes.");
        return Optional.of(migrations.get(0));
    }

    /** {@code "Add bio to users!"} becomes {@code add_bio_to_users}. */
    static String fileName(String description) {
        if (description == null || description.isBlank()) {
            throw new DevToolsException("Say what the migration does: -Dmessage=\"add bio to users\" names the file"
                    + " V<n>__add_bio_to_users.sql.");
        }
        return MigrationWriter.name(description);
    }
}
