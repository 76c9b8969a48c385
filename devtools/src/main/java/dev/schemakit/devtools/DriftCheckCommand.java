package dev.schemakit.devtools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.schemakit.devtools.Workbench.Script;

@Command(name = "check",
        description = "Fails, printing the difference as DDL, when the declared schema and the schema the "
                + "migrations build disagree.")
final class DriftCheckCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    SourceTree tree;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workbench workbench = tree.open()) {
            Script difference = workbench.forward(java.util.List.of());
            if (!difference.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("db: " + tree.schema + " and the migrations in " + tree.migrations() + " disagree. The"
                        + " DDL from the migrations' schema to the declared one is below; write it as a migration"
                        + " with scripts/db migrate -m \"<description>\", or correct " + tree.schema + ".");
                err.print(difference.text());
                return 1;
            }
        }
        out.println("declared schema matches the migrations");
        return 0;
    }
}
