package dev.schemakit.devtools;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    @Option(names = "--lint", description = "also lint every migration with squawk (needs npx); a finding fails the"
            + " check unless the migration accepts it with a '-- squawk-ignore <rule>' line after its reason")
    boolean lint;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean agree;
        try (Workbench workbench = tree.open(spec.commandLine().getErr())) {
            Script difference = workbench.forward(List.of());
            agree = difference.isEmpty();
            if (agree) {
                out.println("declared schema matches the migrations");
            } else {
                err.println("db: " + tree.schema + " and the migrations in " + tree.migrations() + " disagree. The"
                        + " DDL from the migrations' schema to the declared one is below; write it as a migration"
                        + " with scripts/db migrate -m \"<description>\", or correct " + tree.schema + ".");
                err.print(difference.text());
            }
        }
        // Both checks run, so that CI reports every problem at once.
        if (lint && !Lint.check(tree.migrationFiles(), out)) {
            err.println("db: squawk found the problems above in the migrations. Fix each in its migration, or"
                    + " accept it there: a comment with the reason, then '-- squawk-ignore <rule>' on the line"
                    + " before the statement (https://squawkhq.com/docs/rules).");
            return 1;
        }
        return agree ? 0 : 1;
    }
}
