package dev.schemakit.devtools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code db diff | migrate | check}: the development-time schema commands, run from the project
 * root by {@code scripts/db}. Exit status 0 when the command succeeded, 1 when it refused, failed
 * or found a difference, 2 for arguments it does not accept. A failure is one paragraph on
 * stderr, never a stack trace.
 */
@Command(name = "db", subcommands = {DiffCommand.class, MigrateCommand.class, DriftCheckCommand.class},
        description = "Development-time schema commands. They compare the declared schema "
                + "(schema/src/main/sql/schema.sql) with what the migrations "
                + "(schema/src/main/resources/db/migration) build, each applied to a throwaway PostgreSQL "
                + "database; no database of yours is touched.")
public final class DevTools implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** Without a command: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs {@code db <args>}, writing to {@code out} and {@code err}; returns the exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new DevTools());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof DevToolsException) {
                err.println("db: " + e.getMessage());
            } else {
                err.println("db: unexpected failure: " + e);
            }
            err.flush();
            return 1;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }
}
