package dev.schemakit.service.db;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

import dev.schemakit.flyway.QuietFlywayLogCreator;
import dev.schemakit.flyway.SchemakitFlyway;

/**
 * The database commands, on Flyway Community plus undo scripts. Undo scripts live in
 * {@code undoLocation} under the same file name as the forward migration, outside Flyway's
 * locations so Flyway never runs them. Every method either completes or throws
 * {@link DbCommandException} with the message to show; Flyway's and the driver's exceptions do not
 * escape.
 */
final class Migrations {

    /** Where the shipped migrations are: the schema jar's {@code db/migration}. */
    static final String DEFAULT_LOCATION = "classpath:db/migration";

    /** Where the shipped undo scripts are: the schema jar's {@code db/undo}. */
    static final String DEFAULT_UNDO_LOCATION = "classpath:db/undo";

    private static final Table<Record> SCHEMA_HISTORY = table(name("flyway_schema_history"));
    private static final Field<String> VERSION = field(name("version"), String.class);
    private static final DateTimeFormatter INSTALLED_ON = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final DatabaseSettings settings;
    private final String undoLocation;
    private final PrintStream out;

    Migrations(DatabaseSettings settings, String undoLocation, PrintStream out) {
        this.settings = settings;
        this.undoLocation = undoLocation;
        this.out = out;
    }

    /** Applies the pending migrations up to {@code target} (all when {@code null}). */
    void upgrade(MigrationVersion target) {
        Flyway flyway = flyway(target);
        checkTarget(target);
        requireAppliedMatchFiles(flyway, "upgrade");
        requireSql(Arrays.asList(info(flyway).pending()), "Refused to upgrade, nothing was changed: ");
        MigrateResult result;
        try {
            // Short lock waits, retried: a database under traffic keeps serving it meanwhile.
            result = new LockWaitingMigration(out).migrate(flyway);
        } catch (FlywayException e) {
            throw new DbCommandException("Upgrade failed: " + describe(e) + " The failed migration was rolled back;"
                    + " the database is at " + describeVersion(currentVersion(flyway)) + ".");
        }
        for (MigrateOutput applied : result.migrations) {
            out.printf("applied V%s: %s (%d ms)%n", applied.version, applied.description, applied.executionTime);
        }
        if (result.migrations.isEmpty()) {
            out.println("nothing to apply; the database is at " + describeVersion(currentVersion(flyway)));
        } else {
            out.println("the database is now at " + describeVersion(currentVersion(flyway)));
        }
    }

    /**
     * Prints the SQL {@link #upgrade} would run: each pending migration's file, after a
     * {@code -- V<n>: <description>} line, in the order Flyway would apply them. Runs nothing.
     */
    void printUpgradeSql(MigrationVersion target) {
        Flyway flyway = flyway(target);
        checkTarget(target);
        requireAppliedMatchFiles(flyway, "print the upgrade SQL");
        requireSql(Arrays.asList(info(flyway).pending()), "Refused to print the upgrade SQL: ");
        for (MigrationInfo pending : info(flyway).pending()) {
            if (!pending.isVersioned()) {
                continue;
            }
            String sql = readMigration(pending.getScript());
            // Files from schemakit:new and schemakit:migrate start with this line themselves.
            if (!sql.startsWith("-- V" + pending.getVersion() + ":")) {
                out.printf("-- V%s: %s%n", pending.getVersion(), pending.getDescription());
            }
            out.print(sql);
            if (!sql.endsWith("\n")) {
                out.println();
            }
        }
    }

    /**
     * Undoes the newest applied migrations: {@code steps} of them, or all above {@code target}
     * when that is given. Checks first, changing nothing, that every one of them has an undo
     * script and is unchanged since it was applied. Each undo script runs in one transaction with
     * the deletion of its version's schema history row, so a failure leaves the database at the
     * last version fully undone.
     */
    void downgrade(int steps, MigrationVersion target) {
        Flyway flyway = flyway(null);
        List<MigrationInfo> applied = appliedNewestFirst(flyway);
        List<MigrationInfo> toUndo = chooseToUndo(applied, steps, target);
        if (toUndo.isEmpty()) {
            out.println("nothing to undo; the database is at " + describeVersion(currentVersion(flyway)));
            return;
        }
        requireAppliedMatchFiles(flyway, "downgrade");
        List<String> undoScripts = new ArrayList<>();
        for (MigrationInfo migration : toUndo) {
            undoScripts.add(readUndo(migration).orElseThrow(() -> new DbCommandException(
                    "Downgrade refused, nothing was changed: V" + migration.getVersion() + " ("
                            + migration.getDescription() + ") has no undo script; expected "
                            + describeLocation(undoLocation, migration.getScript())
                            + ". Write it (it must reverse " + migration.getScript() + ") and run downgrade again.")));
        }
        for (int i = 0; i < toUndo.size(); i++) {
            undo(flyway, toUndo.get(i), undoScripts.get(i));
        }
        out.println("the database is now at " + describeVersion(currentVersion(flyway)));
    }

    /** Prints every migration, applied or pending, as a table. */
    void history() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Version", "Description", "Installed on", "State"});
        for (MigrationInfo migration : info(flyway(null)).all()) {
            rows.add(new String[] {
                    migration.getVersion() == null ? "" : migration.getVersion().toString(),
                    migration.getDescription(),
                    migration.getInstalledOn() == null ? ""
                            : INSTALLED_ON.format(migration.getInstalledOn().toInstant()),
                    migration.getState().getDisplayName()});
        }
        printTable(rows);
    }

    /**
     * Prints the version the database is at with its description, such as
     * {@code 2 (add is active to users)}, or {@code none}.
     */
    void current() {
        MigrationInfo current = info(flyway(null)).current();
        out.println(current == null || current.getVersion() == null
                ? "none"
                : current.getVersion() + " (" + current.getDescription() + ")");
    }

    /**
     * Compares the applied migrations with the files (Flyway validate): an edited migration, an
     * applied one whose file is gone, a file older than the current version that was never applied.
     * Pending migrations newer than the current version are not a difference; they are listed.
     */
    void check() {
        Flyway flyway = flyway(null);
        requireAppliedMatchFiles(flyway, null);
        requireSql(Arrays.stream(info(flyway).all()).filter(m -> m.getState().isResolved()).toList(),
                "The migrations are not ready: ");
        out.println("database matches the migrations");
        List<MigrationInfo> pending = Arrays.stream(info(flyway).pending()).filter(MigrationInfo::isVersioned).toList();
        if (!pending.isEmpty()) {
            out.println("pending (run db upgrade): " + pending.stream()
                    .map(m -> "V" + m.getVersion() + " " + m.getDescription())
                    .collect(Collectors.joining(", ")));
        }
    }

    /**
     * Refuses, naming them, migrations that hold only comments: a {@code schemakit:new} template never
     * filled in would otherwise be applied as a change that does nothing, and its version spent.
     */
    private void requireSql(List<MigrationInfo> migrations, String prefix) {
        List<String> empty = migrations.stream()
                .filter(m -> m.getScript() != null && onlyComments(readMigration(m.getScript())))
                .map(MigrationInfo::getScript)
                .toList();
        if (!empty.isEmpty()) {
            throw new DbCommandException(prefix + String.join(", ", empty) + (empty.size() == 1 ? " holds" : " hold")
                    + " only comments, no SQL. Write the change into " + (empty.size() == 1 ? "it" : "them")
                    + ", or delete " + (empty.size() == 1 ? "it and its undo script" : "them and their undo scripts")
                    + ".");
        }
    }

    static boolean onlyComments(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\n]*", "").isBlank();
    }

    private Flyway flyway(MigrationVersion target) {
        var configuration = SchemakitFlyway.configure(Migrations.class.getClassLoader())
                .dataSource(settings.url(), settings.username(), settings.password())
                .locations(settings.migrationLocations().toArray(String[]::new))
                .loggers(QuietFlywayLogCreator.class.getName());
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private org.flywaydb.core.api.MigrationInfoService info(Flyway flyway) {
        try {
            return flyway.info();
        } catch (FlywayException e) {
            throw new DbCommandException(describe(e));
        }
    }

    private Optional<MigrationVersion> currentVersion(Flyway flyway) {
        MigrationInfo current = info(flyway).current();
        return current == null || current.getVersion() == null ? Optional.empty() : Optional.of(current.getVersion());
    }

    private String describeVersion(Optional<MigrationVersion> version) {
        return version.map(v -> "version " + v).orElse("version 0 (no migration applied)");
    }

    /** An upgrade target must name a migration that exists, so a typo does not pass silently. */
    private void checkTarget(MigrationVersion target) {
        if (target == null) {
            return;
        }
        // Without a target: Flyway's info with an unknown one fails with a message of its own.
        boolean known = Arrays.stream(info(flyway(null)).all()).anyMatch(m -> target.equals(m.getVersion()));
        if (!known) {
            throw new DbCommandException("No migration has version " + target + "; "
                    + "db history lists the versions there are.");
        }
    }

    private List<MigrationInfo> appliedNewestFirst(Flyway flyway) {
        return Arrays.stream(info(flyway).applied())
                .filter(m -> m.isVersioned() && !m.getState().isFailed())
                .sorted(Comparator.comparing(MigrationInfo::getVersion).reversed())
                .toList();
    }

    private List<MigrationInfo> chooseToUndo(List<MigrationInfo> applied, int steps, MigrationVersion target) {
        if (target == null) {
            if (steps > applied.size()) {
                throw new DbCommandException("Downgrade refused, nothing was changed: cannot undo " + steps
                        + (steps == 1 ? " migration" : " migrations") + ", only " + applied.size() + " applied.");
            }
            return applied.subList(0, steps);
        }
        boolean zero = target.equals(MigrationVersion.fromVersion("0"));
        if (!zero && applied.stream().noneMatch(m -> m.getVersion().equals(target))) {
            throw new DbCommandException("Downgrade refused, nothing was changed: version " + target
                    + " is not applied, so the database cannot be brought back to it. The target is 0"
                    + " (undo everything) or an applied version; db history lists them.");
        }
        return applied.stream().filter(m -> m.getVersion().compareTo(target) > 0).toList();
    }

    /**
     * Flyway validate, not counting migrations that are merely pending (newer than the current
     * version); refuses with every difference when there is one. {@code refusedAction} names what
     * is refused; {@code null} for the check itself.
     */
    private void requireAppliedMatchFiles(Flyway flyway, String refusedAction) {
        Flyway validating = SchemakitFlyway.apply(Flyway.configure().configuration(flyway.getConfiguration()))
                .ignoreMigrationPatterns("*:pending")
                .load();
        ValidateResult result;
        try {
            result = validating.validateWithResult();
        } catch (FlywayException e) {
            throw new DbCommandException(describe(e));
        }
        if (result.validationSuccessful) {
            return;
        }
        String differences = result.invalidMigrations.stream()
                .map(Migrations::describeDifference)
                .collect(Collectors.joining("; "));
        if (differences.isEmpty() && result.errorDetails != null) {
            differences = oneLine(result.errorDetails.errorMessage);
        }
        String prefix = refusedAction == null
                ? "The database does not match the migrations: "
                : "Refused to " + refusedAction + ", nothing was changed: the database does not match the migrations: ";
        throw new DbCommandException(prefix + differences + ".");
    }

    private static String describeDifference(ValidateOutput invalid) {
        String migration = "V" + invalid.version + " (" + invalid.description + ")";
        if (invalid.errorDetails == null || !(invalid.errorDetails.errorCode instanceof CoreErrorCode code)) {
            return migration + ": "
                    + (invalid.errorDetails == null ? "invalid" : oneLine(invalid.errorDetails.errorMessage));
        }
        return switch (code) {
            case CHECKSUM_MISMATCH -> migration + " was changed after it was applied (its checksum differs from"
                    + " the one recorded in flyway_schema_history); restore the file and add a new migration instead";
            case APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED -> migration + " is applied but its file is missing";
            case RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED -> migration + " was never applied but is older than"
                    + " the current version (out of order)";
            case DESCRIPTION_MISMATCH -> migration + " was renamed after it was applied";
            case FAILED_VERSIONED_MIGRATION -> migration + " failed when it was applied";
            default -> migration + ": " + oneLine(invalid.errorDetails.errorMessage);
        };
    }

    private void undo(Flyway flyway, MigrationInfo migration, String undoScript) {
        String label = "V" + migration.getVersion() + " (" + migration.getDescription() + ")";
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(undoScript);
                }
                DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
                int deleted = dsl.deleteFrom(SCHEMA_HISTORY)
                        .where(VERSION.eq(migration.getVersion().getVersion()))
                        .execute();
                if (deleted != 1) {
                    throw new SQLException("expected one flyway_schema_history row for version "
                            + migration.getVersion() + ", found " + deleted);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw new DbCommandException(
                    "Undoing " + label + " with " + describeLocation(undoLocation, migration.getScript())
                            + " failed and was rolled back: " + sentence(sqlMessage(e)) + " The database is at "
                            + describeVersion(currentVersion(flyway)) + ".");
        }
        out.println("undid " + label.replaceFirst(" \\(", ": ").replaceFirst("\\)$", "")
                + " (" + migration.getScript() + ")");
    }

    private String readMigration(String script) {
        for (String location : settings.migrationLocations()) {
            Optional<String> sql = read(location, script);
            if (sql.isPresent()) {
                return sql.get();
            }
        }
        throw new DbCommandException(
                "Cannot read migration " + script + " from " + settings.migrationLocations() + ".");
    }

    private Optional<String> readUndo(MigrationInfo migration) {
        return migration.getScript() == null ? Optional.empty() : read(undoLocation, migration.getScript());
    }

    /** The file's text, as Flyway reads it: UTF-8 without a byte order mark. */
    private static Optional<String> read(String location, String script) {
        try {
            byte[] bytes;
            if (location.startsWith("filesystem:")) {
                Path file = Path.of(location.substring("filesystem:".length()), script);
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                bytes = Files.readAllBytes(file);
            } else {
                String resource = location.replaceFirst("^classpath:", "").replaceFirst("/$", "") + "/" + script;
                try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        return Optional.empty();
                    }
                    bytes = in.readAllBytes();
                }
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IOException e) {
            throw new DbCommandException("Cannot read " + describeLocation(location, script) + ": " + e.getMessage());
        }
    }

    private static String describeLocation(String location, String script) {
        return location.replaceFirst("/$", "") + "/" + script;
    }

    private void printTable(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            out.println(formatRow(rows.get(r), widths));
            if (r == 0) {
                out.println(formatRow(Arrays.stream(widths).mapToObj("-"::repeat).toArray(String[]::new), widths));
            }
        }
    }

    private static String formatRow(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == cells.length - 1 ? cells[i] : String.format("%-" + widths[i] + "s  ", cells[i]));
        }
        return line.toString().stripTrailing();
    }

    /**
     * One line for a Flyway failure: for a connection failure the driver's message with the URL;
     * otherwise Flyway's own message, whose separator lines and blocks are folded into one line,
     * followed by the driver's when Flyway's does not contain it.
     */
    private String describe(FlywayException e) {
        String driver = innermostSqlMessage(e);
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Unable to obtain connection")) {
            return "Cannot connect to the database " + settings.url() + " as " + settings.username() + ": "
                    + sentence(driver != null ? driver : oneLine(message));
        }
        String first = oneLine(message.lines().findFirst().orElse(""));
        return sentence(driver != null && !first.contains(driver) ? first + ": " + driver : first);
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static String sqlMessage(Throwable e) {
        String driver = innermostSqlMessage(e);
        return driver != null ? driver : oneLine(String.valueOf(e.getMessage()));
    }

    private static String innermostSqlMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                message = oneLine(t.getMessage());
            }
        }
        return message;
    }

    private static String oneLine(String text) {
        return text.replaceAll("-{5,}", " ").replaceAll("\\s+", " ").trim();
    }
}
