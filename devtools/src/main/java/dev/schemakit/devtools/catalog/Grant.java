package dev.schemakit.devtools.catalog;

/**
 * One privilege held on an object, as {@code GRANT} would give it. The owner's own privileges are
 * left out: the owner is whoever runs the migration, whatever its name.
 *
 * @param privilege such as {@code SELECT} or {@code EXECUTE}
 * @param column    the column a column privilege is on (its SQL identifier), {@code null} for the whole object
 * @param grantee   the role as written in SQL, or {@code PUBLIC}
 * @param grantable whether it was given {@code WITH GRANT OPTION}
 */
public record Grant(String privilege, String column, String grantee, boolean grantable) implements Comparable<Grant> {

    /** {@code GRANT ... ON <target> TO ...}, where {@code target} is such as {@code TABLE users}. */
    public String grantOn(String target) {
        return "GRANT " + what() + " ON " + target + " TO " + grantee + (grantable ? " WITH GRANT OPTION" : "") + ";";
    }

    /** The {@code REVOKE} that takes this privilege back. */
    public String revokeOn(String target) {
        return "REVOKE " + what() + " ON " + target + " FROM " + grantee + ";";
    }

    private String what() {
        return column == null ? privilege : privilege + " (" + column + ")";
    }

    @Override
    public int compareTo(Grant other) {
        return toString().compareTo(other.toString());
    }
}
