package dev.schemakit.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.schemakit.devtools.MigrationGenerator.Generated;
import dev.schemakit.devtools.catalog.CatalogReader;
import dev.schemakit.devtools.catalog.Schema;
import dev.schemakit.devtools.diff.CatalogCasts;
import dev.schemakit.devtools.diff.Plan;
import dev.schemakit.devtools.diff.SchemaDiff;
import dev.schemakit.flyway.SchemakitFlyway;
import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * A first migration and a declared schema, and what comes of them: the generated migrations,
 * written by {@link MigrationWriter} into a folder of their own, and replayed there as a user's
 * build would (Flyway applies the files; the undo scripts run last first, each in a transaction,
 * as db downgrade runs them).
 */
public final class GeneratorFixture {

    private final ThrowawayPostgres postgres;
    private final Path dir;
    private Workbench.Options options = Workbench.Options.defaults();

    public GeneratorFixture(ThrowawayPostgres postgres, Path dir) {
        this.postgres = postgres;
        this.dir = dir;
    }

    /**
     * Compares only {@code schemas} and has {@code roles} on the server: made here, as an
     * operator would make them, so that they outlive the workbench for the replay.
     */
    public GeneratorFixture with(Workbench.Options options) throws SQLException {
        this.options = options;
        try (Connection server = postgres.connect(postgres.getJdbcUrl());
                Statement statement = server.createStatement()) {
            for (String role : options.roles()) {
                // Roles of the tests' own: plain identifiers.
                statement.execute("DO $$ BEGIN CREATE ROLE " + role + " NOLOGIN; EXCEPTION WHEN duplicate_object"
                        + " THEN NULL; END $$");
            }
        }
        return this;
    }

    /** What the generator makes of a change, with both schemas as the workbench read them. */
    public record Outcome(Optional<Generated> generated, Schema before, Schema declared) {

        public Generated get() {
            return generated.orElseThrow();
        }

        /** Every migration's statements, one after the other. */
        public String migrations() {
            return String.join("", get().migrations().stream().map(m -> m.body()).toList());
        }
    }

    public Outcome generate(String firstMigration, String declared, boolean allowDestructive, String... renames)
            throws IOException {
        Path migrations = Files.createDirectories(dir.resolve("workbench-" + UUID.randomUUID()).resolve("migration"));
        Files.writeString(migrations.resolve("V1__first.sql"), firstMigration);
        try (Workbench workbench = Workbench.open(postgres, migrations, declared, "schema.sql", options)) {
            Optional<Generated> generated = MigrationGenerator.generate(workbench,
                    List.of(renames).stream().map(Rename::parse).toList(), allowDestructive);
            return new Outcome(generated, workbench.migratedSchema(), workbench.declaredSchema());
        }
    }

    /**
     * Writes the migrations after {@code firstMigration}, applies them with Flyway to a new
     * database and checks it is exactly the declared schema; then runs the undo scripts last first
     * and checks it is exactly the schema before.
     *
     * @return the files written
     */
    public List<Path> replay(String firstMigration, Outcome outcome, String message) throws IOException, SQLException {
        Path root = dir.resolve("replay-" + UUID.randomUUID());
        Path migrations = Files.createDirectories(root.resolve("migration"));
        Files.writeString(migrations.resolve("V1__first.sql"), firstMigration);
        List<Path> written = new MigrationWriter(migrations, root.resolve("undo"), "./mvnw schemakit:migrate")
                .write(message, outcome.get(), "schema.sql");
        String name = "replay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = postgres.createDatabase(name);
        try {
            SchemakitFlyway.configure()
                    .dataSource(url, postgres.getUsername(), postgres.getPassword())
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .load()
                    .migrate();
            try (Connection db = DriverManager.getConnection(url, postgres.getUsername(), postgres.getPassword())) {
                assertThat(difference(db, outcome.declared())).as("what the migrations leave different").isEmpty();
                List<Path> undos = new ArrayList<>(written.stream()
                        .filter(p -> p.getParent().getFileName().toString().equals("undo")).sorted().toList());
                java.util.Collections.reverse(undos);
                for (Path undo : undos) {
                    db.setAutoCommit(false);
                    try (Statement statement = db.createStatement()) {
                        statement.execute(Files.readString(undo));
                    }
                    db.commit();
                    db.setAutoCommit(true);
                }
                assertThat(difference(db, outcome.before())).as("what the undo scripts leave different").isEmpty();
            }
        } finally {
            try (Connection server = postgres.connect(postgres.getJdbcUrl());
                    Statement statement = server.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
        return written;
    }

    private static String difference(Connection db, Schema expected) throws SQLException {
        Plan plan = SchemaDiff.between(CatalogReader.read(db), expected, new CatalogCasts(db));
        return plan.script();
    }

    /** A database with {@code scripts} run on it, one after the other. */
    public Connection database(String... scripts) throws SQLException {
        String url = postgres.createDatabase("rows_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        Connection db = DriverManager.getConnection(url, postgres.getUsername(), postgres.getPassword());
        try (Statement statement = db.createStatement()) {
            for (String script : scripts) {
                statement.execute(script);
            }
        }
        return db;
    }

    public static List<String> strings(Connection db, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
