package dev.schemakit.devtools.catalog;

/**
 * An index that backs no constraint (those come and go with their constraint).
 *
 * @param definition pg_get_indexdef with the table's schema left out, a complete CREATE INDEX
 *                   statement such as {@code CREATE UNIQUE INDEX users_email_lower_key ON users USING btree (lower(email))}
 * @param comment    {@code null} when there is none
 */
public record Index(String name, String ident, String definition, String comment) {
}
