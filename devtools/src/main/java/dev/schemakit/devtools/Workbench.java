package dev.schemakit.devtools;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.flywaydb.core.api.FlywayException;

import dev.schemakit.devtools.catalog.CatalogReader;
import dev.schemakit.flyway.QuietFlywayLogCreator;
import dev.schemakit.flyway.SchemakitFlyway;
import dev.schemakit.throwaway.ThrowawayPostgres;
import dev.schemakit.devtools.catalog.Column;
import dev.schemakit.devtools.catalog.Schema;
import dev.schemakit.devtools.catalog.Table;
import dev.schemakit.devtools.diff.CatalogCasts;
import dev.schemakit.devtools.diff.Plan;
import dev.schemakit.devtools.diff.SchemaDiff;

/**
 * Two throwaway databases on one PostgreSQL: {@code from_migrations}, with the migrations
 * applied by Flyway, and {@code declared}, with the declared schema run as one script. Everything
 * the diff, migrate and check commands compare is read from these two catalogs.
 */
public final class Workbench implements AutoCloseable {

    private final ThrowawayPostgres postgres;
    private final boolean ownsPostgres;
    private final List<String> databases;
    private final Connection migrated;
    private final Connection declared;
    private final Schema migratedSchema;
    private final Schema declaredSchema;

    private Workbench(ThrowawayPostgres postgres, boolean ownsPostgres, List<String> databases, Connection migrated,
            Connection declared) throws SQLException {
        this.postgres = postgres;
        this.ownsPostgres = ownsPostgres;
        this.databases = databases;
        this.migrated = migrated;
        this.declared = declared;
        this.migratedSchema = CatalogReader.read(migrated);
        this.declaredSchema = CatalogReader.read(declared);
    }

    /**
     * Starts PostgreSQL, applies the migrations in {@code migrationsFolder} to one database and
     * {@code declaredSql} to another; closing the workbench stops PostgreSQL.
     *
     * @throws DevToolsException when a migration or the declared schema does not apply
     */
    public static Workbench open(Path migrationsFolder, String declaredSql, String declaredLabel) {
        return open(ThrowawayPostgres.builder(), migrationsFolder, declaredSql, declaredLabel);
    }

    /**
     * As {@link #open(Path, String, String)}, on the PostgreSQL that {@code database} starts.
     */
    public static Workbench open(ThrowawayPostgres.Builder database, Path migrationsFolder, String declaredSql,
            String declaredLabel) {
        ThrowawayPostgres postgres;
        try {
            postgres = database.role("devtools").start();
        } catch (ThrowawayPostgres.UnavailableException e) {
            throw new DevToolsException(e.getMessage());
        }
        try {
            return open(postgres, true, migrationsFolder, declaredSql, declaredLabel);
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
        return open(postgres, false, migrationsFolder, declaredSql, declaredLabel);
    }

    private static Workbench open(ThrowawayPostgres postgres, boolean owned, Path migrationsFolder, String declaredSql,
            String declaredLabel) {
        // Names of their own: on a server of the developer's, a plain from_migrations could be someone's.
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> databases = List.of("devtools_migrated_" + suffix, "devtools_declared_" + suffix);
        String migratedUrl = postgres.createDatabase(databases.get(0));
        String declaredUrl = postgres.createDatabase(databases.get(1));
        try {
            SchemakitFlyway.configure(Workbench.class.getClassLoader())
                    .dataSource(migratedUrl, postgres.getUsername(), postgres.getPassword())
                    .locations("filesystem:" + migrationsFolder.toAbsolutePath())
                    .loggers(QuietFlywayLogCreator.class.getName())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            drop(postgres, databases);
            throw new DevToolsException("The migrations in " + migrationsFolder + " do not apply to an empty"
                    + " database: " + oneLine(e.getMessage()) + " Fix that migration first.");
        }
        Connection migrated = null;
        Connection declared = null;
        try {
            migrated = DriverManager.getConnection(migratedUrl, postgres.getUsername(), postgres.getPassword());
            declared = DriverManager.getConnection(declaredUrl, postgres.getUsername(), postgres.getPassword());
            try (Statement statement = declared.createStatement()) {
                statement.execute(declaredSql);
            } catch (SQLException e) {
                throw new DevToolsException(declaredLabel + " does not apply to an empty database: "
                        + oneLine(e.getMessage()) + " Fix it and run the command again.");
            }
            return new Workbench(postgres, owned, databases, migrated, declared);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(migrated);
            closeQuietly(declared);
            drop(postgres, databases);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DevToolsException("Cannot use the throwaway database on " + postgres.getDescription() + ": "
                    + oneLine(e.getMessage()));
        }
    }

    private static void drop(ThrowawayPostgres postgres, List<String> databases) {
        try (Connection server = postgres.connect(postgres.getJdbcUrl());
                Statement statement = server.createStatement()) {
            for (String database : databases) {
                // Generated above from a UUID: a plain identifier.
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
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

    /** The schema the migrations build. */
    public Schema migratedSchema() {
        return migratedSchema;
    }

    /** The declared schema. */
    public Schema declaredSchema() {
        return declaredSchema;
    }

    /** The plan from the migrations' schema to the declared one, the renames first. */
    public Script forward(List<Rename> renames) {
        List<String> statements = renameStatements(migratedSchema, declaredSchema, renames);
        return new Script(statements, planAfter(migrated, statements, declaredSchema));
    }

    /** The plan from the declared schema back to the migrations' schema: {@code forward}'s undo. */
    public Script undo(List<Rename> renames) {
        List<String> statements = renameStatements(declaredSchema, migratedSchema, inverse(renames));
        return new Script(statements, planAfter(declared, statements, migratedSchema));
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
            Plan afterForward = SchemaDiff.between(CatalogReader.read(migrated), declaredSchema,
                    new CatalogCasts(migrated));
            if (!afterForward.isEmpty()) {
                remaining.add("after the migration, the declared schema still differs by:\n" + afterForward.script());
            }
            failure = apply(undo);
            if (failure.isPresent()) {
                remaining.add("the undo script fails: " + failure.get());
                return remaining;
            }
            Plan afterUndo = SchemaDiff.between(CatalogReader.read(migrated), migratedSchema,
                    new CatalogCasts(migrated));
            if (!afterUndo.isEmpty()) {
                remaining.add(
                        "after the undo script, the schema differs from the one before by:\n" + afterUndo.script());
            }
            return remaining;
        } catch (SQLException e) {
            throw new DevToolsException("Cannot read the throwaway database: " + oneLine(e.getMessage()));
        }
    }

    private Optional<String> apply(String script) throws SQLException {
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

    /** Runs {@code renames} on {@code database} in a transaction, reads it, diffs, rolls back. */
    private static Plan planAfter(Connection database, List<String> renames, Schema target) {
        try {
            database.setAutoCommit(false);
            try {
                try (Statement statement = database.createStatement()) {
                    for (String rename : renames) {
                        statement.execute(rename);
                    }
                }
                return SchemaDiff.between(CatalogReader.read(database), target, new CatalogCasts(database));
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
    private static List<String> renameStatements(Schema from, Schema to, List<Rename> renames) {
        List<String> statements = new ArrayList<>();
        List<Rename> ordered = new ArrayList<>(renames.stream().filter(r -> !r.isColumn()).toList());
        ordered.addAll(renames.stream().filter(Rename::isColumn).toList());
        for (Rename rename : ordered) {
            if (!rename.isColumn()) {
                Table old = table(from, rename.table(), rename, "has no table");
                Table target = table(to, rename.to(), rename, "has no table");
                if (from.tables().containsKey(rename.to())) {
                    throw new DevToolsException("--rename " + rename + ": table " + rename.to() + " exists already.");
                }
                statements.add("ALTER TABLE " + old.ident() + " RENAME TO " + target.ident() + ";");
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
            Column column = old.column(rename.column()).orElseThrow(() -> new DevToolsException("--rename " + rename
                    + ": table " + old.name() + " has no column " + rename.column() + " before the change."));
            Column renamed = target.column(rename.to()).orElseThrow(() -> new DevToolsException("--rename " + rename
                    + ": table " + target.name() + " has no column " + rename.to() + " after the change."));
            if (old.column(rename.to()).isPresent()) {
                throw new DevToolsException("--rename " + rename + ": table " + old.name() + " has a column "
                        + rename.to() + " already.");
            }
            statements.add("ALTER TABLE " + target.ident() + " RENAME COLUMN " + column.ident() + " TO "
                    + renamed.ident() + ";");
        }
        return statements;
    }

    private static Table table(Schema schema, String name, Rename rename, String problem) {
        Table table = schema.tables().get(name);
        if (table == null) {
            throw new DevToolsException("--rename " + rename + ": one side " + problem + " " + name
                    + "; the rename must name a table and column before the change, and the new name after it.");
        }
        return table;
    }

    /** The renames that undo {@code renames}, named as the changed schema names things. */
    private static List<Rename> inverse(List<Rename> renames) {
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
        drop(postgres, databases);
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
