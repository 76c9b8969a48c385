package dev.schemakit.maven;

import java.util.List;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.schemakit.devtools.Diff;
import dev.schemakit.devtools.Rename;

/**
 * Prints the DDL that takes the database the migrations build to the declared schema, without
 * checking it or writing anything; changes that lose data are marked. Both are built on a throwaway
 * PostgreSQL; no database of yours is touched.
 */
@Mojo(name = "diff", threadSafe = true)
public class DiffMojo extends AbstractSchemakitMojo {

    /**
     * Renames, never guessed: {@code users.name=full_name} for a column, {@code users=people} for a
     * table, {@code post_status.published=public} for a value of an enum type; several separated by
     * commas.
     */
    @Parameter(property = "rename")
    List<String> renames = List.of();

    @Override
    void run() {
        Diff.run(sources(), renames.stream().map(Rename::parse).toList(), comparison(), info(), info());
    }
}
