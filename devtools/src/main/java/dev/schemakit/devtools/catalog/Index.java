package dev.schemakit.devtools.catalog;

/**
 * An index that backs no constraint (those come and go with their constraint). The indexes that
 * a partitioned table's index makes on its partitions are not listed: they come with it.
 *
 * @param definition pg_get_indexdef with the table's schema left out where it is the home schema,
 *                   a complete CREATE INDEX statement such as
 *                   {@code CREATE UNIQUE INDEX users_email_lower_key ON users USING btree (lower(email))}
 * @param comment    {@code null} when there is none
 */
public record Index(String name, String ident, String definition, String comment) {
}
