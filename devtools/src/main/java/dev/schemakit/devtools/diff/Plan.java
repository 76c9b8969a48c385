package dev.schemakit.devtools.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * The difference between two schemas, as the DDL that turns the first into the second, in up to
 * three parts that run one after the other: the new values of existing enum types (PostgreSQL
 * lets no transaction use a value it added), the main part, and the indexes built or dropped
 * {@code CONCURRENTLY} on tables that exist before (which cannot run in a transaction).
 *
 * @param enumValues  {@code ALTER TYPE ... ADD VALUE} statements; empty in a single-script plan
 * @param statements  the main DDL, each statement complete and ending in a semicolon, in the order to
 *                    run it; a statement may be preceded by comment lines (a reason and a squawk-ignore)
 * @param concurrent  {@code DROP INDEX CONCURRENTLY} and {@code CREATE INDEX CONCURRENTLY} statements,
 *                    to run outside a transaction; empty in a single-script plan
 * @param destructive one sentence per statement that loses data (a dropped table or column, a
 *                    narrowed type), with a {@code -Drename} hint where a new table or column could be
 *                    the same one renamed
 * @param unsupported differences this generator writes no DDL for, one sentence each naming the
 *                    object, its kind and what to write by hand; when there is one, the plan is incomplete
 * @param notes       what a reviewer should know about statements that may fail on a table with rows
 */
public record Plan(List<String> enumValues, List<String> statements, List<String> concurrent, List<String> destructive,
        List<String> unsupported, List<String> notes) {

    /** True when the two schemas are the same. */
    public boolean isEmpty() {
        return enumValues.isEmpty() && statements.isEmpty() && concurrent.isEmpty() && unsupported.isEmpty();
    }

    /** Every statement, in the order to run them. */
    public List<String> allStatements() {
        List<String> all = new ArrayList<>(enumValues);
        all.addAll(statements);
        all.addAll(concurrent);
        return all;
    }

    /** The statements as a script, one per line (a statement may span lines), and the unsupported as comments. */
    public String script() {
        StringBuilder script = new StringBuilder();
        for (String statement : allStatements()) {
            script.append(statement).append('\n');
        }
        for (String difference : unsupported) {
            script.append("-- not written: ").append(difference).append('\n');
        }
        return script.toString();
    }
}
