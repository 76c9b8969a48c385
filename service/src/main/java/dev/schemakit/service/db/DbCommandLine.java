package dev.schemakit.service.db;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.flywaydb.core.api.MigrationVersion;
import org.jooq.Log;
import org.jooq.tools.JooqLogger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code db <command> [options]}: the database commands of the service jar. Exit status 0 when the
 * command succeeded, 1 when it refused or failed, 2 for arguments it does not accept (picocli's
 * codes). Every failure is one paragraph on stderr, never a stack trace.
 */
@Command(name = "db",
        addMethodSubcommands = false,
        description = {
                "Database commands, against the service's database (DATASOURCES_DEFAULT_URL, "
                        + "DATASOURCES_DEFAULT_USERNAME, DATASOURCES_DEFAULT_PASSWORD) and the migrations this jar "
                        + "ships (classpath:db/migration, undo scripts in classpath:db/undo). They never start the "
                        + "HTTP server.",
                "'db <command> --help' describes a command."},
        synopsisSubcommandLabel = "<command>",
        descriptionHeading = "%n",
        optionListHeading = "%n",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:ok", "1:refused or failed", "2:bad arguments"})
public final class DbCommandLine implements Callable<Integer> {

    /** The commands' methods, in the order the help lists them (picocli would sort them by name). */
    private static final List<
            String> COMMANDS = List.of("upgrade", "downgrade", "history", "current", "check");

    /** Goals of the Maven plugin, which a user of the older scripts may still type here. */
    private static final List<String> DEVELOPMENT_COMMANDS = List.of("diff", "migrate", "new");

    private static final String YES = "use the default database (localhost:5432/postgres) when "
            + "DATASOURCES_DEFAULT_URL is not set; refused otherwise";

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<DatabaseSettings> settings;
    private final String undoLocation;

    DbCommandLine(PrintStream out, PrintStream err, Supplier<DatabaseSettings> settings, String undoLocation) {
        this.out = out;
        this.err = err;
        this.settings = settings;
        this.undoLocation = undoLocation;
    }

    /** Runs {@code db <args>} against the configured database; returns the exit status. */
    public static int run(String... args) {
        // jOOQ's one-off "database version is supported" line would land among the command's output.
        JooqLogger.globalThreshold(Log.Level.WARN);
        return new DbCommandLine(System.out, System.err, DatabaseSettings::fromConfiguration,
                Migrations.DEFAULT_UNDO_LOCATION).execute(args);
    }

    int execute(String... args) {
        CommandLine commandLine = new CommandLine(this);
        for (String method : COMMANDS) {
            CommandLine command = new CommandLine(CommandLine.getCommandMethods(getClass(), method).get(0));
            command.getCommandSpec().usageMessage().descriptionHeading("%n").parameterListHeading("%n")
                    .optionListHeading("%n");
            commandLine.addSubcommand(command);
        }
        return commandLine
                .registerConverter(MigrationVersion.class, DbCommandLine::version)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler(DbCommandLine::usageError)
                .setExecutionExceptionHandler(DbCommandLine::failure)
                .execute(args);
    }

    /** {@code db} alone: the usage, on stderr, as for any other arguments it does not accept. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    @Command(name = "upgrade",
            description = {"Applies the pending migrations (--sql prints them instead).",
                    "In version order, each in its own transaction, and "
                            + "prints each one applied; the first line names the database. Refuses a migration that "
                            + "holds only comments."})
    void upgrade(
            @Option(names = "--target", paramLabel = "<version>",
                    description = "stop after this version (default: the newest)") MigrationVersion target,
            @Option(names = "--sql", description = "print the SQL that would run, each file after a "
                    + "'-- V<n>: <description>' line unless it starts with one; change nothing") boolean sql,
            @Option(names = "--yes", description = YES) boolean yes) {
        if (sql) {
            migrations().printUpgradeSql(target);
        } else {
            new Migrations(changing("upgrading", yes), undoLocation, out).upgrade(target);
        }
    }

    @Command(name = "downgrade",
            description = {"Undoes the newest applied migrations with their undo scripts (db/undo).",
                    "Newest first, by running each one's undo script "
                            + "(db/undo/<same file name as the migration>) in one transaction together with removing its "
                            + "row from flyway_schema_history; the first line names the database. Refuses, changing "
                            + "nothing, when an undo script is missing or an applied migration was edited since."})
    void downgrade(
            @Option(names = "--steps", paramLabel = "<n>", converter = PositiveInt.class,
                    description = "undo this many migrations (default 1)") Integer steps,
            @Option(names = "--target", paramLabel = "<version>",
                    description = "undo every migration above this version; 0 undoes all") MigrationVersion target,
            @Option(names = "--yes", description = YES) boolean yes) {
        if (steps != null && target != null) {
            throw new ParameterException(spec.subcommands().get("downgrade"),
                    "downgrade takes --steps or --target, not both.");
        }
        new Migrations(changing("downgrading", yes), undoLocation, out)
                .downgrade(steps == null ? 1 : steps, target);
    }

    @Command(name = "history",
            description = "Lists every migration, applied or pending: version, description, when it was installed, "
                    + "state.")
    void history() {
        migrations().history();
    }

    @Command(name = "current", description = "Prints the version the database is at and its description, or 'none'.")
    void current() {
        migrations().current();
    }

    @Command(name = "check",
            description = {"Fails when the database or the generated classes differ from the migrations.",
                    "Exits 1 naming each difference, or 0 when there is none, between the migrations and "
                            + "(1) the jOOQ classes in this build, which must have been generated from exactly these "
                            + "migration files, and (2) the database: a migration edited after it was applied, an applied "
                            + "migration whose file is gone, a migration older than the current version that was never "
                            + "applied, a migration that holds only comments. Pending migrations newer than the current "
                            + "version are listed but are not a difference."})
    void check(@Option(names = "--generated-only",
            description = "check only (1); needs no database") boolean generatedOnly) {
        new GeneratedModelCheck(GeneratedModelCheck.DEFAULT_LISTING, GeneratedModelCheck.DEFAULT_MIGRATIONS, out)
                .check();
        if (!generatedOnly) {
            migrations().check();
        }
    }

    private Migrations migrations() {
        return new Migrations(settings.get(), undoLocation, out);
    }

    /**
     * The database a command is about to change, named on the first line of its output. The
     * default of application.yml is refused unless {@code yes}: on a developer machine,
     * localhost:5432/postgres can be a server nobody meant.
     */
    private DatabaseSettings changing(String action, boolean yes) {
        DatabaseSettings database = settings.get();
        if (!database.urlGiven() && !yes) {
            throw new DbCommandException("Refused, nothing was changed: no database was named, and the default is "
                    + database.describe() + ", which may be another server than the one meant. Set"
                    + " DATASOURCES_DEFAULT_URL (and _USERNAME, _PASSWORD) to the database to change, or pass --yes"
                    + " to use the default.");
        }
        String migrations = database.migrationLocations().stream()
                .map(location -> location.replaceFirst("^filesystem:", ""))
                .collect(Collectors.joining(", "));
        out.println(action + " " + database.describe() + " with the migrations of " + migrations);
        return database;
    }

    /** One line naming what is wrong with the arguments and where the usage is. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched && command.getParent() == null
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            String name = unmatched.getUnmatched().get(0);
            String commands = String.join(", ", command.getSubcommands().keySet()).replaceFirst(", (\\w+)$",
                    " and $1");
            message = DEVELOPMENT_COMMANDS.contains(name)
                    ? "'" + name + "' is a development command, of the source tree, not of the service jar: run"
                            + " ./mvnw schemakit:" + name + " in the project (./mvnw schemakit:help lists the goals)."
                            + " This jar's commands are " + commands
                    : "Unknown command '" + name + "'; the commands are " + commands;
        }
        message = message.endsWith(".") ? message : message + ".";
        command.getErr().println("db: " + message + " See '" + command.getCommandSpec().qualifiedName()
                + " --help'.");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A refusal or failure the commands name gets its message alone; anything else is still one line. */
    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        command.getErr().println(e instanceof DbCommandException
                ? "db: " + e.getMessage()
                : "db: unexpected failure: " + e);
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    private static MigrationVersion version(String text) {
        if (!text.matches("\\d+([._]\\d+)*")) {
            throw new TypeConversionException("'" + text + "' is not a version such as 2 or 2.1.");
        }
        return MigrationVersion.fromVersion(text);
    }

    /** A whole number of at least 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {

        @Override
        public Integer convert(String text) {
            if (text.matches("0*[1-9]\\d{0,8}")) {
                return Integer.valueOf(text);
            }
            throw new TypeConversionException("'" + text + "' is not a whole number of at least 1.");
        }
    }
}
