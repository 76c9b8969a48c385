package dev.schemakit.devtools.catalog;

import java.util.Map;
import java.util.Set;

/**
 * One database's schemas as PostgreSQL itself renders them: every text here comes from the
 * catalog's own functions (format_type, pg_get_expr, pg_get_constraintdef, pg_get_indexdef,
 * pg_get_viewdef, pg_get_functiondef, pg_get_triggerdef), so two databases built by different DDL
 * compare equal exactly when PostgreSQL considers them the same.
 *
 * @param home         the schema whose objects are named without qualification (normally {@code public})
 * @param tables       the tables by name (qualified outside the home schema), without Flyway's history table
 * @param objects      every other object the generator writes DDL for, by {@link DbObject#label()}
 * @param others       every object of a kind the generator writes no DDL for (rules, aggregates,
 *                     operators, statistics, foreign tables, ...), by a label such as
 *                     {@code rule posts_log on posts}, mapped to its definition: only compared, so
 *                     that such a difference is named and never silently missed
 * @param dependencies for each label, the labels it depends on (pg_depend); a column is
 *                     {@code column <table>.<column>}
 * @param schemas      the names of the schemas that hold the application's objects
 */
public record Schema(String home, Map<String, Table> tables, Map<String, DbObject> objects, Map<String, String> others,
        Map<String, Set<String>> dependencies, Set<String> schemas) {
}
