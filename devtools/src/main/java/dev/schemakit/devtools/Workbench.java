package dev.schemakit.devtools;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.flywaydb.core.api.FlywayException;

import dev.schemakit.devtools.catalog.CatalogReader;
import dev.schemakit.devtools.catalog.Column;
import dev.schemakit.devtools.catalog.DbObject;
import dev.schemakit.devtools.catalog.Kind;
import dev.schemakit.devtools.catalog.Schema;
import dev.schemakit.devtools.catalog.Table;
import dev.schemakit.devtools.diff.CatalogCasts;
import dev.schemakit.devtools.diff.Plan;
import dev.schemakit.devtools.diff.SchemaDiff;
import dev.schemakit.devtools.diff.SchemaDiff.Mode;
import dev.schemakit.flyway.QuietFlywayLogCreator;
import dev.schemakit.flyway.SchemakitFlyway;
import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * Two throwaway databases on one PostgreSQL: {@code from_migrations}, with the migrations
 * applied by Flyway, and {@code declared}, with the declared schema run as one script. Everything
 * the diff, migrate and check commands compare is read from these two catalogs.
 *
 * <p>Roles belong to the server, not to a database: the declared schema must not create them.
 * The roles its privileges and policies name are given as {@link Options#roles()}, and the
 * workbench creates them (without login) on the throwaway server before anything is applied.
 */
public final class Workbench implements AutoCloseable {

    private final ThrowawayPostgres postgres;
    private final boolean ownsPostgres;
    private final List<String> databases;
    private final List<String> createdRoles;
    private final Connection migrated;
    private final Connection declared;
    private final Schema migratedSchema;
    private final Schema declaredSchema;
    private final Options options;
    private final String declaredLabel;

    private Workbench(ThrowawayPostgres postgres, boolean ownsPostgres, List<String> databases,
            List<String> createdRoles, Connection migrated, Connection declared, Options options, String declaredLabel)
            throws SQLException {
        this.postgres = postgres;
        this.ownsPostgres = ownsPostgres;
        this.databases = databases;
        this.createdRoles = createdRoles;
        this.migrated = migrated;
        this.declared = declared;
        this.options = options;
        this.declaredLabel = declaredLabel;
        this.migratedSchema = CatalogReader.read(migrated);
        this.declaredSchema = CatalogReader.read(declared);
    }

    /**
     * What the comparison covers beyond the defaults.
     *
     * @param schemas the schemas to write DDL for; empty for every schema either side has. An
     *                object that differs in another schema is reported and refused, never ignored.
     * @param roles   roles the declared schema and the migrations grant to or name in policies;
     *                the workbench creates the missing ones, without login, on the throwaway server
     */
    public record Options(List<String> schemas, List<String> roles) {

        public Options {
            schemas = List.copyOf(schemas);
            roles = List.copyOf(roles);
        }

        /** Every schema compared, no roles made. */
        public static Options defaults() {
            return new Options(List.of(), List.of());
        }

        /** The compared schemas as the diff takes them: {@code null} for all. */
        Set<String> comparedSchemas() {
            return schemas.isEmpty() ? null : new TreeSet<>(schemas);
        }
    }

    /**
     * Starts PostgreSQL, applies the migrations in {@code migrationsFolder} to one database and
     * {@code declaredSql} to another; closing the workbench stops PostgreSQL.
     *
     * @throws DevToolsException when a migration or the declared schema does not apply
     */
    public static Workbench open(Path migrationsFolder, String declaredSql, String declaredLabel) {
        return open(ThrowawayPostgres.builder(), migrationsFolder, declaredSql, declaredLabel, Options.defaults());
    }

    /** As {@link #open(Path, String, String)}, with {@code options}. */
    public static Workbench open(Path migrationsFolder, String declaredSql, String declaredLabel, Options options) {
        return open(ThrowawayPostgres.builder(), migrationsFolder, declaredSql, declaredLabel, options);
    }

    /**
     * As {@link #open(Path, String, String)}, on the PostgreSQL that {@code database} starts.
     */
    public static Workbench open(ThrowawayPostgres.Builder database, Path migrationsFolder, String declaredSql,
            String declaredLabel) {
        return open(database, migrationsFolder, declaredSql, declaredLabel, Options.defaults());
    }

    /** As {@link #open(ThrowawayPostgres.Builder, Path, String, String)}, with {@code options}. */
    public static Workbench open(ThrowawayPostgres.Builder database, Path migrationsFolder, String declaredSql,
            String declaredLabel, Options options) {
        ThrowawayPostgres postgres;
        try {
            postgres = database.role("devtools").start();
        } catch (ThrowawayPostgres.UnavailableException e) {
            throw new DevToolsException(e.getMessage());
        }
        try {
            return open(postgres, true, migrationsFolder, declaredSql, declaredLabel, options);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /**
     * As {@link #open(Path, String, String)}, on a running PostgreSQL that closing the workbench
     * leaves running.
     */
    public static Workbench open(ThrowawayPostgres postgres, Path migrationsFolder, String declaredSql,
            String declaredLabel) {
        return open(postgres, false, migrationsFolder, declaredSql, declaredLabel, Options.defaults());
    }

    /** As {@link #open(ThrowawayPostgres, Path, String, String)}, with {@code options}. */
    public static Workbench open(ThrowawayPostgres postgres, Path migrationsFolder, String declaredSql,
            String declaredLabel, Options options) {
        return open(postgres, false, migrationsFolder, declaredSql, declaredLabel, options);
    }

    private static Workbench open(ThrowawayPostgres postgres, boolean owned, Path migrationsFolder, String declaredSql,
            String declaredLabel, Options options) {
        // Names of their own: on a server of the developer's, a plain from_migrations could be someone's.
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> databases = List.of("devtools_migrated_" + suffix, "devtools_declared_" + suffix);
        String migratedUrl = postgres.createDatabase(databases.get(0));
        String declaredUrl = postgres.createDatabase(databases.get(1));
        List<String> createdRoles = new ArrayList<>();
        try {
            try (Connection server = postgres.connect(postgres.getJdbcUrl())) {
                createdRoles.addAll(ServerRoles.createMissing(server, options.roles()));
            }
            SchemakitFlyway.configure(Workbench.class.getClassLoader())
                    .dataSource(migratedUrl, postgres.getUsername(), postgres.getPassword())
                    .locations("filesystem:" + migrationsFolder.toAbsolutePath())
                    .loggers(QuietFlywayLogCreator.class.getName())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            drop(postgres, databases, createdRoles);
            throw new DevToolsException("The migrations in " + migrationsFolder + " do not apply to an empty"
                    + " database: " + oneLine(e.getMessage()) + fix(e.getMessage(), "Fix that migration first."));
        } catch (SQLException e) {
            drop(postgres, databases, createdRoles);
            throw new DevToolsException("Cannot create the roles " + options.roles() + " on the throwaway database on "
                    + postgres.getDescription() + ": " + oneLine(e.getMessage()));
        }
        Connection migrated = null;
        Connection declared = null;
        try {
            migrated = DriverManager.getConnection(migratedUrl, postgres.getUsername(), postgres.getPassword());
            declared = DriverManager.getConnection(declaredUrl, postgres.getUsername(), postgres.getPassword());
            Set<String> rolesBefore = ServerRoles.names(declared);
            try (Statement statement = declared.createStatement()) {
                statement.execute(declaredSql);
            } catch (SQLException e) {
                throw new DevToolsException(declaredLabel + " does not apply to an empty database: "
                        + oneLine(e.getMessage()) + fix(e.getMessage(), "Fix it and run the command again."));
            }
            Set<String> rolesAfter = ServerRoles.names(declared);
            rolesAfter.removeAll(rolesBefore);
            if (!rolesAfter.isEmpty()) {
                createdRoles.addAll(rolesAfter);
                throw new DevToolsException(declaredLabel + " creates the role" + (rolesAfter.size() == 1 ? " " : "s ")
                        + String.join(", ", rolesAfter) + ": roles belong to the server, not to a schema, and a"
                        + " migration does not create them. Remove the CREATE ROLE and name the role in the roles"
                        + " option instead (-Droles=" + String.join(",", rolesAfter) + "): the throwaway server"
                        + " then has it, and your servers have it already.");
            }
            return new Workbench(postgres, owned, databases, createdRoles, migrated, declared, options, declaredLabel);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(migrated);
            closeQuietly(declared);
            drop(postgres, databases, createdRoles);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DevToolsException("Cannot use the throwaway database on " + postgres.getDescription() + ": "
                    + oneLine(e.getMessage()));
        }
    }

    /** The fix to name after PostgreSQL's error: a missing role is one to give, not a mistake in the SQL. */
    private static String fix(String error, String otherwise) {
        String role = ServerRoles.hint(error);
        return role.isEmpty() ? " " + otherwise : ". " + role;
    }

    private static void drop(ThrowawayPostgres postgres, List<String> databases, List<String> roles) {
        try (Connection server = postgres.connect(postgres.getJdbcUrl());
                Statement statement = server.createStatement()) {
            for (String database : databases) {
                // Generated above from a UUID: a plain identifier.
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            ServerRoles.drop(server, roles);
        } catch (SQLException e) {
            // A server of the kind that outlives the workbench keeps them; their names say whose they are.
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the database is thrown away anyway
            }
        }
    }

    /** Which PostgreSQL the databases are on, and why that one. */
    public String description() {
        return postgres.getDescription();
    }

    /** How the declared schema is named in messages, such as its file. */
    public String declaredLabel() {
        return declaredLabel;
    }

    /** The schema the migrations build. */
    public Schema migratedSchema() {
        return migratedSchema;
    }

    /** The declared schema. */
    public Schema declaredSchema() {
        return declaredSchema;
    }

    /**
     * The plan from the migrations' schema to the declared one, the renames first, split as a
     * forward migration is (see {@link Mode#STEPS}).
     */
    public Script forward(List<Rename> renames) {
        List<String> statements = renameStatements(migratedSchema, declaredSchema, renames, true);
        return new Script(statements, statements.isEmpty() ? diff(migratedSchema, declaredSchema, Mode.STEPS)
                : planAfter(migrated, statements, declaredSchema, Mode.STEPS));
    }

    /** The plan from the declared schema back to the migrations' schema: {@code forward}'s undo, as one script. */
    public Script undo(List<Rename> renames) {
        List<String> statements = renameStatements(declaredSchema, migratedSchema, inverse(renames), false);
        if (statements.isEmpty()) {
            return new Script(statements, SchemaDiff.between(declaredSchema, migratedSchema, new CatalogCasts(declared),
                    Mode.SINGLE, options.comparedSchemas()));
        }
        return new Script(statements, planAfter(declared, statements, migratedSchema, Mode.SINGLE));
    }

    /**
     * Applies {@code forward} to the migrations' database and compares it with the declared schema,
     * then applies {@code undo} and compares it with the schema before. Both databases are left
     * as they were found only when the check passes; the workbench is meant to be closed after.
     *
     * @return what differs after each step; empty when both compare equal
     */
    public List<String> verify(String forward, String undo) {
        List<String> remaining = new ArrayList<>();
        try {
            Optional<String> failure = apply(forward);
            if (failure.isPresent()) {
                return List.of("the migration fails: " + failure.get());
            }
            Plan afterForward = diff(CatalogReader.read(migrated), declaredSchema);
            if (!afterForward.isEmpty()) {
                remaining.add("after the migration, the declared schema still differs by:\n" + afterForward.script());
            }
            failure = apply(undo);
            if (failure.isPresent()) {
                remaining.add("the undo script fails: " + failure.get());
                return remaining;
            }
            Plan afterUndo = diff(CatalogReader.read(migrated), migratedSchema);
            if (!afterUndo.isEmpty()) {
                remaining.add(
                        "after the undo script, the schema differs from the one before by:\n" + afterUndo.script());
            }
            return remaining;
        } catch (SQLException e) {
            throw new DevToolsException("Cannot read the throwaway database: " + oneLine(e.getMessage()));
        }
    }

    /** The single-script plan between two states of the migrations' database. */
    Plan diff(Schema from, Schema to) {
        return diff(from, to, Mode.SINGLE);
    }

    private Plan diff(Schema from, Schema to, Mode mode) {
        return SchemaDiff.between(from, to, new CatalogCasts(migrated), mode, options.comparedSchemas());
    }

    /** The schema of the migrations' database as it is now. */
    Schema readMigrated() {
        try {
            return CatalogReader.read(migrated);
        } catch (SQLException e) {
            throw new DevToolsException("Cannot read the throwaway database: " + oneLine(e.getMessage()));
        }
    }

    /** Runs {@code script} on the migrations' database in one transaction; the error when it fails. */
    Optional<String> apply(String script) throws SQLException {
        migrated.setAutoCommit(false);
        try (Statement statement = migrated.createStatement()) {
            statement.execute(script);
            migrated.commit();
            return Optional.empty();
        } catch (SQLException e) {
            migrated.rollback();
            return Optional.of(oneLine(e.getMessage()));
        } finally {
            migrated.setAutoCommit(true);
        }
    }

    /** Runs {@code statements} on the migrations' database one by one, outside a transaction, as Flyway does with
     * a migration that says {@code executeInTransaction=false}; the error when one fails. */
    Optional<String> applyOutsideTransaction(List<String> statements) throws SQLException {
        try (Statement statement = migrated.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(oneLine(e.getMessage()));
        }
    }

    /**
     * The rename statements that take {@code from} to {@code to}, and the plan for the rest after
     * them; with renames, read on the migrations' database as it is now, which must be {@code from}
     * (the renames rolled back).
     */
    Script plan(Schema from, Schema to, List<Rename> renames, Mode mode) {
        List<String> statements = renameStatements(from, to, renames, mode == Mode.STEPS);
        return new Script(statements, statements.isEmpty() ? diff(from, to, mode)
                : planAfter(migrated, statements, to, mode));
    }

    /** Runs {@code renames} on {@code database} in a transaction, reads it, diffs, rolls back. */
    private Plan planAfter(Connection database, List<String> renames, Schema target, Mode mode) {
        try {
            database.setAutoCommit(false);
            try {
                try (Statement statement = database.createStatement()) {
                    for (String rename : renames) {
                        statement.execute(rename);
                    }
                }
                return SchemaDiff.between(CatalogReader.read(database), target, new CatalogCasts(database), mode,
                        options.comparedSchemas());
            } finally {
                database.rollback();
                database.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DevToolsException(
                    "Cannot compare the schemas on the throwaway database: " + oneLine(e.getMessage()));
        }
    }

    /**
     * The statements for {@code renames} (table renames first), each checked against both schemas.
     *
     * @throws DevToolsException naming the rename that does not fit
     */
    private static List<String> renameStatements(Schema from, Schema to, List<Rename> renames, boolean forward) {
        List<String> statements = new ArrayList<>();
        List<Rename> ordered = new ArrayList<>(renames.stream().filter(r -> !r.isColumn()).toList());
        ordered.addAll(renames.stream().filter(Rename::isColumn).toList());
        for (Rename rename : ordered) {
            if (!rename.isColumn()) {
                Table old = table(from, rename.table(), rename, "has no table");
                Table target = table(to, rename.to(), rename, "has no table");
                if (from.tables().containsKey(rename.to())) {
                    throw new DevToolsException("-Drename=" + rename + ": table " + rename.to() + " exists already.");
                }
                String bare = target.ident().substring(target.ident().lastIndexOf('.') + 1);
                statements.add(
                        (forward ? "-- The rename was given with -Drename.\n-- squawk-ignore renaming-table\n" : "")
                                + "ALTER TABLE "
                                + old.ident() + " RENAME TO "
                                + (target.schema().equals(to.home()) ? target.ident() : bare)
                                + ";");
                continue;
            }
            DbObject type = from.tables().containsKey(rename.table()) ? null
                    : from.objects().get(Kind.ENUM.label() + " " + rename.table());
            if (type != null) {
                statements.add(enumValueRename(type, to, rename, forward));
                continue;
            }
            // A column rename names its table as either side calls it.
            String tableBefore = renames.stream()
                    .filter(r -> !r.isColumn() && r.to().equals(rename.table()))
                    .map(Rename::table)
                    .findFirst()
                    .orElse(rename.table());
            String tableAfter = renames.stream()
                    .filter(r -> !r.isColumn() && r.table().equals(rename.table()))
                    .map(Rename::to)
                    .findFirst()
                    .orElse(rename.table());
            Table old = table(from, tableBefore, rename, "has no table");
            Table target = table(to, tableAfter, rename, "has no table");
            Column column = old.column(rename.column()).orElseThrow(() -> new DevToolsException("-Drename=" + rename
                    + ": table " + old.name() + " has no column " + rename.column() + " before the change."));
            Column renamed = target.column(rename.to()).orElseThrow(() -> new DevToolsException("-Drename=" + rename
                    + ": table " + target.name() + " has no column " + rename.to() + " after the change."));
            if (old.column(rename.to()).isPresent()) {
                throw new DevToolsException("-Drename=" + rename + ": table " + old.name() + " has a column "
                        + rename.to() + " already.");
            }
            statements.add((forward ? "-- The rename was given with -Drename.\n-- squawk-ignore renaming-column\n" : "")
                    + "ALTER TABLE "
                    + target.ident() + " RENAME COLUMN " + column.ident() + " TO " + renamed.ident() + ";");
        }
        return statements;
    }

    /** {@code ALTER TYPE ... RENAME VALUE}: the rows keep their value under its new label. */
    private static String enumValueRename(DbObject type, Schema to, Rename rename, boolean forward) {
        DbObject target = to.objects().get(type.label());
        if (!type.values().contains(rename.column())) {
            throw new DevToolsException("-Drename=" + rename + ": " + type.label() + " has no value '"
                    + rename.column() + "' before the change; its values are " + type.values() + ".");
        }
        if (target == null || !target.values().contains(rename.to())) {
            throw new DevToolsException("-Drename=" + rename + ": " + type.label() + " has no value '" + rename.to()
                    + "' after the change; the rename must name a value before the change and its label after it.");
        }
        if (type.values().contains(rename.to())) {
            throw new DevToolsException("-Drename=" + rename + ": " + type.label() + " has a value '" + rename.to()
                    + "' already.");
        }
        return (forward ? "-- The rename was given with -Drename.\n" : "") + "ALTER TYPE " + type.ident()
                + " RENAME VALUE " + SchemaDiff.literal(rename.column()) + " TO " + SchemaDiff.literal(rename.to())
                + ";";
    }

    private static Table table(Schema schema, String name, Rename rename, String problem) {
        Table table = schema.tables().get(name);
        if (table == null) {
            throw new DevToolsException("-Drename=" + rename + ": one side " + problem + " " + name
                    + "; the rename must name a table and column before the change, and the new name after it.");
        }
        return table;
    }

    /** The renames that undo {@code renames}, named as the changed schema names things. */
    static List<Rename> inverse(List<Rename> renames) {
        List<Rename> inverse = new ArrayList<>();
        for (Rename rename : renames) {
            if (rename.isColumn()) {
                String table = renames.stream()
                        .filter(r -> !r.isColumn() && r.table().equals(rename.table()))
                        .map(Rename::to)
                        .findFirst()
                        .orElse(rename.table());
                inverse.add(new Rename(table, rename.to(), rename.column()));
            } else {
                inverse.add(new Rename(rename.to(), null, rename.table()));
            }
        }
        return inverse;
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("-{5,}", " ").replaceAll("\\s+", " ").trim();
    }

    @Override
    public void close() {
        closeQuietly(migrated);
        closeQuietly(declared);
        drop(postgres, databases, createdRoles);
        if (ownsPostgres) {
            postgres.close();
        }
    }

    /** Renames followed by the plan for the rest. */
    public record Script(List<String> renames, Plan plan) {

        public boolean isEmpty() {
            return renames.isEmpty() && plan.isEmpty();
        }

        /** The whole script, one statement per line. */
        public String text() {
            StringBuilder text = new StringBuilder();
            renames.forEach(r -> text.append(r).append('\n'));
            return text.append(plan.script()).toString();
        }
    }
}
