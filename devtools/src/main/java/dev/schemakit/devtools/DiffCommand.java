package dev.schemakit.devtools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.schemakit.devtools.Workbench.Script;

@Command(name = "diff",
        description = "Prints the DDL that takes the database the migrations build to the declared schema, "
                + "without checking it or writing anything. Changes that lose data are marked.")
final class DiffCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    SourceTree tree;

    @Option(names = "--rename", paramLabel = "<table.column=new_name>",
            description = "a rename, never guessed: users.name=full_name for a column, users=people for a table")
    List<String> renames = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Rename> parsed = renames.stream().map(Rename::parse).toList();
        try (Workbench workbench = tree.open(spec.commandLine().getErr())) {
            Script script = workbench.forward(parsed);
            var out = spec.commandLine().getOut();
            if (script.isEmpty()) {
                out.println("-- " + tree.schema + " matches the migrations; nothing to do.");
                return 0;
            }
            script.plan().destructive().forEach(d -> out.println("-- loses data: " + d + "."));
            script.plan().notes().forEach(n -> out.println("-- review: " + n + "."));
            out.print(script.text());
            return 0;
        }
    }
}
