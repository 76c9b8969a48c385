package dev.schemakit.devtools.catalog;

import java.util.Map;

/**
 * One database schema as PostgreSQL itself renders it: every text here comes from the catalog's
 * own functions (format_type, pg_get_expr, pg_get_constraintdef, pg_get_indexdef), so two
 * schemas built by different DDL compare equal exactly when PostgreSQL considers them the same.
 *
 * @param tables the ordinary tables by name, without Flyway's history table
 * @param others every other object of the schema (views, sequences of their own, functions,
 *               triggers, types, policies, extensions) by a label such as {@code view active_users},
 *               mapped to its definition. The generator writes no DDL for them; it only notices when
 *               they differ, so such a change is never silently missed.
 */
public record Schema(Map<String, Table> tables, Map<String, String> others) {
}
