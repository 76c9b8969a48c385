package dev.schemakit.service.db;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.flywaydb.core.api.MigrationVersion;
import org.jooq.Log;
import org.jooq.tools.JooqLogger;

/**
 * {@code db <command> [options]}: the database commands of the service jar. Exit status 0 when the
 * command succeeded, 1 when it refused or failed, 2 for arguments it does not accept. Every failure
 * is one paragraph on stderr, never a stack trace.
 */
public final class DbCommandLine {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String OVERVIEW = """
            Usage: db <command> [options]

            Database commands, against the service's database (DATASOURCES_DEFAULT_URL,
            DATASOURCES_DEFAULT_USERNAME, DATASOURCES_DEFAULT_PASSWORD) and the migrations of the
            schema jar (classpath:db/migration), or, run by scripts/db from the source tree, those of
            schema/src/main/resources/db. They never start the HTTP server.

            Commands:
              upgrade    apply the pending migrations (--sql prints them instead)
              downgrade  undo the newest applied migrations with their undo scripts (db/undo)
              history    list every migration, applied or pending
              current    print the version the database is at
              check      fail when the database or the generated classes differ from the migrations
              new        create the next migration file and its undo script

            'db <command> --help' describes a command. Exit status: 0 ok, 1 refused or failed,
            2 bad arguments.
            """;

    private static final Map<String, String> HELP = Map.of(
            "upgrade", """
                    Usage: db upgrade [--target <version>] [--sql] [--yes]

                    Applies the pending migrations in version order, each in its own transaction, and
                    prints each one applied; the first line names the database. Refuses a migration
                    that holds only comments.
                      --target <version>  stop after this version (default: the newest)
                      --sql               print the SQL that would run, each file after a
                                          '-- V<n>: <description>' line unless it starts with one;
                                          change nothing
                      --yes               use the default database (localhost:5432/postgres) when
                                          DATASOURCES_DEFAULT_URL is not set; refused otherwise
                    """,
            "downgrade", """
                    Usage: db downgrade [--steps <n> | --target <version>] [--yes]

                    Undoes the newest applied migrations, newest first, by running each one's undo
                    script (db/undo/<same file name as the migration>) in one transaction together with
                    removing its row from flyway_schema_history; the first line names the database.
                    Refuses, changing nothing, when an undo script is missing or an applied migration
                    was edited since.
                      --steps <n>         undo this many migrations (default 1)
                      --target <version>  undo every migration above this version; 0 undoes all
                      --yes               use the default database (localhost:5432/postgres) when
                                          DATASOURCES_DEFAULT_URL is not set; refused otherwise
                    """,
            "history", """
                    Usage: db history

                    Lists every migration, applied or pending: version, description, when it was
                    installed, state.
                    """,
            "current", """
                    Usage: db current

                    Prints the version the database is at and its description, or 'none'.
                    """,
            "check", """
                    Usage: db check [--generated-only]

                    Exits 1 naming each difference, or 0 when there is none, between the migrations
                    and (1) the jOOQ classes in this build, which must have been generated from
                    exactly these migration files, and (2) the database: a migration edited after it
                    was applied, an applied migration whose file is gone, a migration older than the
                    current version that was never applied, a migration that holds only comments.
                    Pending migrations newer than the current version are listed but are not a
                    difference.
                      --generated-only  check only (1); needs no database
                    """,
            "new", """
                    Usage: db new "<description>" [--dir <folder>]

                    Creates <folder>/migration/V<n>__<description>.sql, n being the highest existing
                    version plus one, and its undo script <folder>/undo/V<n>__<description>.sql. The
                    description becomes the file name: lower case, runs of other characters than
                    a-z and 0-9 replaced by '_'. Needs no database.
                      --dir <folder>  default schema/src/main/resources/db (run from the project root)
                    """);

    /**
     * System property naming the source tree's migrations folder (holding migration/ and undo/);
     * scripts/db sets it, so that a migration just written applies before any jar is rebuilt.
     */
    static final String SOURCE_FOLDER_PROPERTY = "schemakit.db.source";

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<DatabaseSettings> settings;
    private final String undoLocation;
    private final Path sourceFolder;

    DbCommandLine(PrintStream out, PrintStream err, Supplier<DatabaseSettings> settings, String undoLocation) {
        this(out, err, settings, undoLocation, null);
    }

    /**
     * @param sourceFolder a folder holding migration/ and undo/ to use instead of the jar's; null
     *                     for the jar's
     */
    DbCommandLine(PrintStream out, PrintStream err, Supplier<DatabaseSettings> settings, String undoLocation,
            Path sourceFolder) {
        this.out = out;
        this.err = err;
        this.settings = sourceFolder == null ? settings : () -> settings.get().withMigrationsFrom(sourceFolder);
        this.undoLocation = sourceFolder == null ? undoLocation : "filesystem:" + sourceFolder.resolve("undo");
        this.sourceFolder = sourceFolder;
    }

    /** Runs {@code db <args>} against the configured database; returns the exit status. */
    public static int run(String... args) {
        // jOOQ's one-off "database version is supported" line would land among the command's output.
        JooqLogger.globalThreshold(Log.Level.WARN);
        String source = System.getProperty(SOURCE_FOLDER_PROPERTY);
        return new DbCommandLine(System.out, System.err, DatabaseSettings::fromConfiguration,
                Migrations.DEFAULT_UNDO_LOCATION, source == null ? null : Path.of(source)).execute(args);
    }

    int execute(String... args) {
        try {
            return dispatch(args);
        } catch (UsageException e) {
            err.println("db: " + e.getMessage() + " See 'db --help'.");
            return USAGE;
        } catch (DbCommandException e) {
            err.println("db: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // A failure none of the commands anticipated: still one line, the stack trace is no help here.
            err.println("db: unexpected failure: " + e);
            return FAILED;
        }
    }

    private int dispatch(String[] args) {
        if (args.length == 0 || isHelp(args[0])) {
            (args.length == 0 ? err : out).print(OVERVIEW);
            return args.length == 0 ? USAGE : OK;
        }
        String command = args[0];
        if (!HELP.containsKey(command)) {
            throw new UsageException("Unknown command '" + command + "'; the commands are upgrade, downgrade,"
                    + " history, current, check and new.");
        }
        List<String> rest = List.of(args).subList(1, args.length);
        if (rest.stream().anyMatch(DbCommandLine::isHelp)) {
            out.print(HELP.get(command));
            return OK;
        }
        switch (command) {
            case "upgrade" -> {
                Options options = Options.parse(command, rest, Set.of("--target"), Set.of("--sql", "--yes"), 0);
                MigrationVersion target = options.version("--target");
                if (options.flag("--sql")) {
                    migrations().printUpgradeSql(target);
                } else {
                    DatabaseSettings database = changing("upgrading", options.flag("--yes"));
                    new Migrations(database, undoLocation, out).upgrade(target);
                }
            }
            case "downgrade" -> {
                Options options = Options.parse(command, rest, Set.of("--steps", "--target"), Set.of("--yes"), 0);
                if (options.has("--steps") && options.has("--target")) {
                    throw new UsageException("downgrade takes --steps or --target, not both.");
                }
                DatabaseSettings database = changing("downgrading", options.flag("--yes"));
                new Migrations(database, undoLocation, out)
                        .downgrade(options.positiveInt("--steps", 1), options.version("--target"));
            }
            case "history" -> {
                Options.parse(command, rest, Set.of(), Set.of(), 0);
                migrations().history();
            }
            case "current" -> {
                Options.parse(command, rest, Set.of(), Set.of(), 0);
                migrations().current();
            }
            case "check" -> {
                Options options = Options.parse(command, rest, Set.of(), Set.of("--generated-only"), 0);
                new GeneratedModelCheck(GeneratedModelCheck.DEFAULT_LISTING, GeneratedModelCheck.DEFAULT_MIGRATIONS,
                        sourceFolder == null ? null : sourceFolder.resolve("migration"), out).check();
                if (!options.has("--generated-only")) {
                    migrations().check();
                }
            }
            case "new" -> {
                Options options = Options.parse(command, rest, Set.of("--dir"), Set.of(), 1);
                Path dir = options.has("--dir") ? Path.of(options.value("--dir")) : NewMigration.DEFAULT_DIR;
                new NewMigration(out).create(options.positional().get(0), dir);
            }
            default -> throw new IllegalStateException(command);
        }
        return OK;
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

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /** A command's parsed arguments: {@code --name value}, {@code --name=value}, flags, positionals. */
    private record Options(String command, Map<String, String> values, List<String> positional) {

        static Options parse(String command, List<String> args, Set<String> valued, Set<String> flags,
                int positionals) {
            Map<String, String> values = new HashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--")) {
                    positional.add(arg);
                    continue;
                }
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                String value;
                if (flags.contains(name) && !arg.contains("=")) {
                    value = "true";
                } else if (!valued.contains(name)) {
                    throw new UsageException(command + " does not take the option " + name + ".");
                } else if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(command + ": " + name + " needs a value.");
                }
                if (values.put(name, value) != null) {
                    throw new UsageException(command + ": " + name + " is given twice.");
                }
            }
            if (positional.size() != positionals) {
                throw new UsageException(positionals == 0
                        ? command + " takes no argument '" + positional.get(0) + "'."
                        : command + " takes exactly " + positionals + " argument, the description in quotes;"
                                + " got " + positional.size() + ".");
            }
            return new Options(command, values, positional);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }

        String value(String name) {
            return values.get(name);
        }

        MigrationVersion version(String name) {
            String value = values.get(name);
            if (value == null) {
                return null;
            }
            if (!value.matches("\\d+([._]\\d+)*")) {
                throw new UsageException(command + ": " + name + " '" + value + "' is not a version such as 2 or 2.1.");
            }
            return MigrationVersion.fromVersion(value);
        }

        int positiveInt(String name, int defaultValue) {
            String value = values.get(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                int number = Integer.parseInt(value);
                if (number >= 1) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below, like a number below 1
            }
            throw new UsageException(command + ": " + name + " '" + value + "' is not a whole number of at least 1.");
        }
    }
}
