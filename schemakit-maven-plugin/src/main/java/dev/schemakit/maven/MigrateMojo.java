package dev.schemakit.maven;

import java.util.List;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.schemakit.devtools.Migrate;
import dev.schemakit.devtools.Rename;

/**
 * Writes the next migration, {@code V<n>__<message>.sql}, that takes the database the migrations
 * build to the declared schema, and its undo script. Both are checked first on a throwaway
 * PostgreSQL: applied after the last migration, the new one must give exactly the declared schema,
 * and its undo script must bring back the schema before; otherwise nothing is written.
 */
@Mojo(name = "migrate", threadSafe = true)
public class MigrateMojo extends AbstractSchemakitMojo {

    /** What the migration does, e.g. {@code "add bio to users"}; it names the file. */
    @Parameter(property = "message")
    String message;

    /**
     * Renames, never guessed: {@code users.name=full_name} for a column, {@code users=people} for a
     * table, {@code post_status.published=public} for a value of an enum type; several separated by
     * commas.
     */
    @Parameter(property = "rename")
    List<String> renames = List.of();

    /** Whether changes that lose data (a dropped table or column, a narrowed type) may be written. */
    @Parameter(property = "allowDestructive", defaultValue = "false")
    boolean allowDestructive;

    @Override
    void run() {
        Migrate.run(sources(), message, renames.stream().map(Rename::parse).toList(), allowDestructive, comparison(),
                info(), info());
    }
}
