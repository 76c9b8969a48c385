package dev.schemakit.devtools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates the next migration file and its undo script, for a change written by hand: the
 * migration is {@code V<n>__<description>.sql}, {@code n} being the highest existing version plus
 * one, and its undo script has the same name in the undo folder. Both start from the template a
 * generated migration has (the lock and statement timeouts first), so that they are lint-clean as
 * they are.
 */
public final class NewMigration {

    private NewMigration() {
    }

    /**
     * Creates both files, for a migration Flyway runs in a transaction, and prints their paths to {@code out}.
     *
     * @return the migration created
     * @throws DevToolsException when the folder is missing or the name is taken; nothing is written
     */
    public static Path create(SchemaSources sources, String description, PrintWriter out) {
        return create(sources, description, true, out);
    }

    /**
     * As {@link #create(SchemaSources, String, PrintWriter)}; when not {@code transactional}, the
     * migration runs outside a transaction (for {@code CREATE INDEX CONCURRENTLY}), and its
     * {@code .sql.conf} saying so is written too.
     */
    public static Path create(SchemaSources sources, String description, boolean transactional, PrintWriter out) {
        Migrate.fileName(description);
        List<Path> written = new MigrationWriter(sources.requireMigrations(), sources.undo(), "schemakit:new")
                .writeNew(description, transactional);
        written.forEach(file -> out.println("created " + file));
        return written.get(0);
    }
}
