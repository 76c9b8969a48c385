package dev.schemakit.devtools.catalog;

/**
 * A column.
 *
 * @param type            format_type's rendering, such as {@code character varying(80)}
 * @param typeOid         the type's oid, to look up casts between the old and the new type
 * @param typmod          the type modifier (-1 for none): length, precision and scale
 * @param typeCategory    pg_type.typcategory ({@code S} for strings, {@code N} for numbers, ...)
 * @param defaultValue    pg_get_expr of the default, {@code null} when there is none
 * @param identity        {@code ALWAYS}, {@code BY DEFAULT} or {@code null}
 * @param identityOptions the identity sequence's options that differ from PostgreSQL's defaults,
 *                        such as {@code START WITH 100}; empty when none or not an identity
 * @param identitySequence every option of the identity sequence, {@code AS bigint INCREMENT BY 1 ...};
 *                        {@code null} when not an identity
 * @param generated       the expression of a stored generated column, {@code null} otherwise
 * @param collation       the collation written in SQL when it is not the type's own, else {@code null}
 * @param serialType      {@code serial}, {@code bigserial} or {@code smallserial} when the column owns
 *                        the sequence its default draws from, as those pseudo-types create; else {@code null}
 * @param comment         {@code null} when there is none
 * @param inherited       whether it comes only from a parent table (partitioning or inheritance), so
 *                        that the parent's DDL makes and changes it
 * @param storage         {@code SET STORAGE}, {@code SET COMPRESSION} and {@code SET STATISTICS}
 *                        clauses that differ from the defaults, space separated; empty when none
 */
public record Column(String name, String ident, String type, int typeOid, int typmod, String typeCategory,
        boolean notNull, String defaultValue, String identity, String identityOptions, String identitySequence,
        String generated,
        String collation, String serialType, String comment, boolean inherited, String storage) {
}
