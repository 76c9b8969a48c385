package dev.schemakit.devtools;

import java.io.PrintWriter;
import java.util.List;

import dev.schemakit.devtools.Workbench.Script;

/**
 * The DDL that takes the database the migrations build to the declared schema, printed without
 * being checked or written anywhere. Changes that lose data are marked.
 */
public final class Diff {

    private Diff() {
    }

    /**
     * Prints the DDL, or a line saying there is none, to {@code out}; progress to {@code log}.
     *
     * @throws DevToolsException when the migrations or the declared schema do not apply
     */
    public static void run(SchemaSources sources, List<Rename> renames, PrintWriter out, PrintWriter log) {
        run(sources, renames, Workbench.Options.defaults(), out, log);
    }

    /** As {@link #run(SchemaSources, List, PrintWriter, PrintWriter)}, with the workbench's options. */
    public static void run(SchemaSources sources, List<Rename> renames, Workbench.Options options, PrintWriter out,
            PrintWriter log) {
        try (Workbench workbench = sources.open(log, options)) {
            Script script = workbench.forward(renames);
            if (script.isEmpty()) {
                out.println("-- " + sources.schema() + " matches the migrations; nothing to do.");
                return;
            }
            script.plan().destructive().forEach(d -> out.println("-- loses data: " + d + "."));
            script.plan().notes().forEach(n -> out.println("-- review: " + n + "."));
            out.print(script.text());
        }
    }
}
