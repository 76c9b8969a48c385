package dev.schemakit.devtools.catalog;

/**
 * A table constraint, not-null constraints aside (they are the column's {@code notNull}).
 *
 * @param kind       pg_constraint.contype: {@code p} primary key, {@code u} unique, {@code c} check,
 *                   {@code f} foreign key, {@code x} exclusion
 * @param definition pg_get_constraintdef, such as {@code FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE}
 * @param comment    {@code null} when there is none
 * @param local      false when it comes from a parent table only, and so comes and goes with it
 */
public record Constraint(String name, String ident, char kind, String definition, String comment, boolean local) {

    public boolean isForeignKey() {
        return kind == 'f';
    }

    /** Whether it is declared NOT VALID: the rows already in the table are not checked when it is added. */
    public boolean notValid() {
        return definition.endsWith(" NOT VALID");
    }
}
