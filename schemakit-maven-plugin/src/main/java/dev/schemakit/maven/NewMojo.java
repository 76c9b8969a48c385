package dev.schemakit.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.schemakit.devtools.NewMigration;

/**
 * Creates the next migration file, {@code V<n>__<message>.sql}, and its undo script, for a change
 * written by hand. Needs no database.
 */
@Mojo(name = "new", threadSafe = true)
public class NewMojo extends AbstractSchemakitMojo {

    /** What the migration does, e.g. {@code "backfill user names"}; it names the file. */
    @Parameter(property = "message")
    String message;

    /**
     * Whether the migration runs outside a transaction, as {@code CREATE INDEX CONCURRENTLY} must:
     * its {@code .sql.conf} then says so to Flyway, and the template sets its timeouts per session.
     */
    @Parameter(property = "outsideTransaction", defaultValue = "false")
    boolean outsideTransaction;

    @Override
    void run() {
        NewMigration.create(sources(), message, !outsideTransaction, info());
    }
}
