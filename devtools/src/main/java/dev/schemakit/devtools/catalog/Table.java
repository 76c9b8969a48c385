package dev.schemakit.devtools.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A table (ordinary or partitioned): columns in their order, constraints and the indexes that
 * back no constraint, by name, and how it is laid out.
 *
 * @param name           as messages show it: qualified outside the home schema
 * @param ident          the name as it must be written in SQL (quoted and qualified where needed)
 * @param schema         the schema it is in
 * @param comment        {@code null} when there is none
 * @param partitionKey   {@code RANGE (created_on)} for a partitioned table, else {@code null}
 * @param partitionOf    the parent's name when this is a partition, else {@code null}
 * @param partitionBound {@code FOR VALUES ...} of a partition, else {@code null}
 * @param inherits       the names of the tables it inherits from (not partitioning), in order
 * @param layout         what else {@code ALTER TABLE} sets: row-level security, storage
 *                       parameters, logging, replica identity, access method, tablespace; each
 *                       key's value {@code null} when it is PostgreSQL's default
 * @param grants         privileges on the table and its columns, the owner's aside
 * @param owner          the owning role, {@code null} when it is the role that runs the migrations
 */
public record Table(String name, String ident, String schema, List<Column> columns,
        Map<String, Constraint> constraints, Map<String, Index> indexes, String comment, String partitionKey,
        String partitionOf, String partitionBound, List<String> inherits, Map<String, String> layout,
        Set<Grant> grants, String owner) {

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public boolean isPartition() {
        return partitionOf != null;
    }

    /** Whether its columns come from a parent, by partitioning or inheritance. */
    public boolean hasParent() {
        return partitionOf != null || !inherits.isEmpty();
    }
}
