package dev.schemakit.devtools;

import java.io.PrintWriter;
import java.util.List;

import dev.schemakit.devtools.Workbench.Script;

/** Whether the declared schema is what the migrations build (drift), and optionally the lint. */
public final class DriftCheck {

    private DriftCheck() {
    }

    /**
     * Compares the declared schema with the schema the migrations build and, when {@code lint}, lints
     * every migration with squawk. Both run, so that one run reports every problem.
     *
     * @return the problems found, each a paragraph for the user with the DDL or findings after it;
     *         empty when there is none
     * @throws DevToolsException when the check itself cannot run
     */
    public static List<String> run(SchemaSources sources, boolean lint, PrintWriter out, PrintWriter log) {
        return run(sources, lint, Workbench.Options.defaults(), out, log);
    }

    /** As {@link #run(SchemaSources, boolean, PrintWriter, PrintWriter)}, with the workbench's options. */
    public static List<String> run(SchemaSources sources, boolean lint, Workbench.Options options, PrintWriter out,
            PrintWriter log) {
        List<String> problems = new java.util.ArrayList<>();
        try (Workbench workbench = sources.open(log, options)) {
            Script difference = workbench.forward(List.of());
            if (difference.isEmpty()) {
                out.println("declared schema matches the migrations");
            } else {
                problems.add(sources.schema() + " and the migrations in " + sources.migrations() + " disagree. The"
                        + " DDL from the migrations' schema to the declared one is below; write it as a migration"
                        + " with ./mvnw schemakit:migrate -Dmessage=\"<description>\", or correct "
                        + sources.schema() + ".\n" + difference.text());
            }
        }
        if (lint && !Lint.check(sources.migrationFiles(), out)) {
            problems.add("squawk found the problems above in the migrations. Fix each in its migration, or accept"
                    + " it there: a comment with the reason, then '-- squawk-ignore <rule>' on the line before the"
                    + " statement (https://squawkhq.com/docs/rules).");
        }
        return problems;
    }
}
