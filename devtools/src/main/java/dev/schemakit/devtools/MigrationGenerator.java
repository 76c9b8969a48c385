package dev.schemakit.devtools;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.schemakit.devtools.Workbench.Script;

/**
 * Writes the migration from the migrations' schema to the declared one, and its undo, and checks
 * both on the workbench before handing them out: the migration must leave no difference, the
 * undo must bring back the schema before.
 */
public final class MigrationGenerator {

    /**
     * What every generated script starts with: Flyway and db downgrade run a script in one
     * transaction, which SET LOCAL lasts for.
     */
    static final String PREAMBLE = """
            -- Give up after 5 s waiting for a lock rather than queue the application's queries behind
            -- this script, and stop a statement after 5 min; raise them for a large table.
            SET LOCAL lock_timeout = '5s';
            SET LOCAL statement_timeout = '5min';

            """;

    private MigrationGenerator() {
    }

    /**
     * The verified migration and undo, or empty when the declared schema is what the migrations build.
     *
     * @throws DevToolsException refusing, with every reason, when a difference is one this generator
     *                           writes no DDL for, when a change loses data and {@code allowDestructive}
     *                           is false, or when the check on the workbench fails
     */
    public static Optional<Generated> generate(Workbench workbench, List<Rename> renames, boolean allowDestructive) {
        Script forward = workbench.forward(renames);
        if (forward.isEmpty()) {
            return Optional.empty();
        }
        if (!forward.plan().unsupported().isEmpty()) {
            throw new DevToolsException("Refused, nothing was written: the declared schema differs in what this"
                    + " generator writes no DDL for: " + String.join("; ", forward.plan().unsupported())
                    + ". Write this change by hand with scripts/db new \"<description>\".");
        }
        if (!allowDestructive && !forward.plan().destructive().isEmpty()) {
            throw new DevToolsException("Refused, nothing was written: " + forward.plan().destructive().size()
                    + (forward.plan().destructive().size() == 1 ? " change loses" : " changes lose") + " data: "
                    + String.join("; ", forward.plan().destructive())
                    + ". Run again with --allow-destructive to write "
                    + (forward.plan().destructive().size() == 1 ? "it as it is." : "them as they are."));
        }
        Script undo = workbench.undo(renames);
        if (!undo.plan().unsupported().isEmpty()) {
            throw new DevToolsException("Refused, nothing was written: the undo script would have to reverse what"
                    + " this generator writes no DDL for: " + String.join("; ", undo.plan().unsupported()) + ".");
        }
        List<String> remaining = workbench.verify(PREAMBLE + forward.text(), PREAMBLE + undo.text());
        if (!remaining.isEmpty()) {
            throw new DevToolsException("Refused, nothing was written: the generated migration did not check out"
                    + " on the throwaway database: " + String.join("\n", remaining)
                    + "\nThe migration was:\n" + forward.text() + "The undo script was:\n" + undo.text()
                    + "Write this change by hand with scripts/db new \"<description>\".");
        }
        List<String> undoNotes = new ArrayList<>(undo.plan().notes());
        undo.plan().destructive().stream()
                .map(d -> "undoing " + d.replaceFirst(" \\(if it was renamed.*\\)$", ""))
                .forEach(undoNotes::add);
        return Optional.of(new Generated(forward.text(), undo.text(), forward.plan().notes(), undoNotes,
                forward.plan().destructive()));
    }

    /**
     * A verified migration and its undo.
     *
     * @param notes       what a reviewer of the migration should look at
     * @param undoNotes   what a reviewer of the undo script should look at (what it loses, among others)
     * @param destructive the changes of the migration that lose data, written because they were allowed
     */
    public record Generated(String migration, String undo, List<String> notes, List<String> undoNotes,
            List<String> destructive) {

        /** The lines to put at the top of the migration, each starting with {@code -- }. */
        String reviewLines(List<String> items) {
            return items.stream().map(n -> "-- Review: " + n + ".\n").collect(Collectors.joining());
        }
    }
}
