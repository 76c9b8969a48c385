package dev.schemakit.devtools.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table: columns in their order, constraints and the indexes that back no constraint, by name.
 *
 * @param ident   the name as it must be written in SQL (quoted where needed)
 * @param comment {@code null} when there is none
 */
public record Table(String name, String ident, List<Column> columns, Map<String, Constraint> constraints,
        Map<String, Index> indexes, String comment) {

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
