package dev.schemakit.devtools.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An object other than a table, as its definition, the statements that create and drop it, and
 * what is compared separately because it can change in place (comments, privileges, owner).
 *
 * @param kind       what it is
 * @param schema     the schema it is in, {@code null} for a schema or an extension
 * @param name       its name as messages show it: qualified outside the home schema, with the
 *                   argument types for a routine, with {@code on <table>} for a trigger or policy
 * @param ident      how SQL names it after its kind's keyword ({@code rep.drafts}, {@code touch()},
 *                   {@code posts_touch ON posts})
 * @param definition everything that is compared besides comments, privileges and owner; equal
 *                   definitions mean equal objects
 * @param parts      the pieces of the definition that the generator changes in place, by kind
 *                   (an enum's values are in {@code values})
 * @param values     an enum's labels in order; empty for other kinds
 * @param create     the statements that create it, without comments and privileges
 * @param drop       the statement that drops it
 * @param comments   {@code COMMENT ON} targets (such as {@code VIEW rep.drafts} or
 *                   {@code COLUMN rep.drafts.id}) with their text
 * @param grants     the privileges held on it, the owner's aside
 * @param owner      the owning role as written in SQL, {@code null} when it is the role that runs
 *                   the migrations
 */
public record DbObject(Kind kind, String schema, String name, String ident, String definition,
        Map<String, String> parts, List<String> values, List<String> create, String drop,
        Map<String, String> comments, Set<Grant> grants, String owner) {

    /** {@code <kind> <name>}, as messages and the dependency graph name it. */
    public String label() {
        return kind.label() + " " + name;
    }

    /** What {@code GRANT ... ON} names it as, {@code null} for kinds without privileges. */
    public String grantTarget() {
        return kind.grantKeyword() == null ? null : kind.grantKeyword() + " " + ident;
    }

    public String part(String key) {
        return parts.get(key);
    }
}
