package dev.schemakit.devtools.diff;

import java.util.List;

/**
 * The difference between two schemas, as the DDL that turns the first into the second.
 *
 * @param statements  the DDL, each statement complete and ending in a semicolon, in the order to run it
 * @param destructive one sentence per statement that loses data (a dropped table or column, a
 *                    narrowed type), with a {@code --rename} hint where a new table or column could be
 *                    the same one renamed
 * @param unsupported differences this generator writes no DDL for (views, functions, triggers, ...),
 *                    one sentence each; when there is one, the plan is incomplete
 * @param notes       what a reviewer should know about statements that may fail on a table with rows
 */
public record Plan(List<String> statements, List<String> destructive, List<String> unsupported, List<String> notes) {

    /** True when the two schemas are the same. */
    public boolean isEmpty() {
        return statements.isEmpty() && unsupported.isEmpty();
    }

    /** The statements as a script, one per line (a statement may span lines), and the unsupported as comments. */
    public String script() {
        StringBuilder script = new StringBuilder();
        for (String statement : statements) {
            script.append(statement).append('\n');
        }
        for (String difference : unsupported) {
            script.append("-- not written: ").append(difference).append('\n');
        }
        return script.toString();
    }
}
