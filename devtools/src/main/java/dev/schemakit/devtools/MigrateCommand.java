package dev.schemakit.devtools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.schemakit.devtools.MigrationGenerator.Generated;

@Command(name = "migrate",
        description = "Writes the next migration, migration/V<n>__<message>.sql, that takes the database the "
                + "migrations build to the declared schema, and its undo script, undo/V<n>__<message>.sql "
                + "(with new enum values before it and new indexes on existing tables after it, each in a "
                + "migration of its own). All are checked first on a throwaway database: the migrations must "
                + "leave no difference and each undo must bring back the schema before; otherwise nothing is "
                + "written.")
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    SourceTree tree;

    @Option(names = {"-m", "--message"}, required = true, paramLabel = "<description>",
            description = "what the migration does, e.g. \"add bio to users\"; it names the file")
    String message;

    @Option(names = "--rename", paramLabel = "<table.column=new_name>",
            description = "a rename, never guessed: users.name=full_name for a column, users=people for a table")
    List<String> renames = new ArrayList<>();

    @Option(names = "--allow-destructive",
            description = "write changes that lose data (a dropped table or column, a narrowed type)")
    boolean allowDestructive;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Rename> parsed = renames.stream().map(Rename::parse).toList();
        MigrationWriter writer = new MigrationWriter(tree.migrations(), tree.undos(), "scripts/db migrate");
        writer.checkNameFree(message);
        PrintWriter out = spec.commandLine().getOut();
        Optional<Generated> generated;
        try (Workbench workbench = tree.open(spec.commandLine().getErr())) {
            generated = MigrationGenerator.generate(workbench, parsed, allowDestructive);
        }
        if (generated.isEmpty()) {
            out.println(tree.schema + " matches the migrations; nothing written.");
            return 0;
        }
        List<Path> written = writer.write(message, generated.get(), tree.schema.toString());
        written.forEach(file -> out.println("wrote " + file));
        List<Path> migrations = written.stream()
                .filter(f -> f.startsWith(tree.migrations()) && f.toString().endsWith(".sql"))
                .toList();
        // The lint is advice here (db check --lint enforces it): the files are written either way.
        if (Lint.available()) {
            out.println("squawk on " + migrations.stream().map(f -> f.getFileName().toString())
                    .collect(Collectors.joining(", ")) + ":");
            try {
                if (!Lint.check(migrations, out)) {
                    out.println("Fix each finding, or accept it in the file: a comment with the reason, then"
                            + " '-- squawk-ignore <rule>' on the line before the statement; db check --lint fails"
                            + " until then.");
                }
            } catch (DevToolsException e) {
                out.println("lint skipped: " + e.getMessage());
            }
        }
        out.println(
                "Review them, then ./mvnw generate-sources updates the jOOQ classes and scripts/db upgrade applies them.");
        return 0;
    }
}
