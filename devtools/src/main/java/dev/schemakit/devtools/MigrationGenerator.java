package dev.schemakit.devtools;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.schemakit.devtools.Workbench.Script;
import dev.schemakit.devtools.catalog.Schema;
import dev.schemakit.devtools.diff.Plan;
import dev.schemakit.devtools.diff.SchemaDiff.Mode;

/**
 * Writes the migrations from the migrations' schema to the declared one, each with its undo
 * script, and checks them on the workbench before handing them out: applied one after the other
 * they must leave no difference, and their undo scripts, applied in reverse order, must each bring
 * back the schema before their migration.
 *
 * <p>One change gives up to three migrations: the new values of existing enum types (PostgreSQL
 * lets no transaction use a value it added), the main one, and the indexes built
 * {@code CONCURRENTLY} on tables that exist before, outside a transaction.
 */
public final class MigrationGenerator {

    /**
     * What every transactional script starts with: Flyway and db downgrade run a script in one
     * transaction, which SET LOCAL lasts for.
     */
    public static final String PREAMBLE = """
            -- Give up after 5 s waiting for a lock rather than queue the application's queries behind
            -- this script, and stop a statement after 5 min; raise them for a large table.
            SET LOCAL lock_timeout = '5s';
            SET LOCAL statement_timeout = '5min';

            """;

    /** What a script that runs outside a transaction starts with; {@link #EPILOGUE_OUTSIDE_TRANSACTION} ends it. */
    public static final String PREAMBLE_OUTSIDE_TRANSACTION = """
            -- Give up after 5 s waiting for a lock, and stop a statement after 5 min; raise them for a
            -- large table. Outside a transaction they last for the session, so the end resets them.
            SET lock_timeout = '5s';
            SET statement_timeout = '5min';

            """;

    /** How a script that runs outside a transaction ends. */
    public static final String EPILOGUE_OUTSIDE_TRANSACTION = """

            RESET lock_timeout;
            RESET statement_timeout;
            """;

    private MigrationGenerator() {
    }

    /**
     * The verified migrations and their undo scripts, in the order to apply them, or empty when the
     * declared schema is what the migrations build.
     *
     * @throws DevToolsException refusing, with every reason, when a difference is one this generator
     *                           writes no DDL for (naming the object, its kind and the part to write
     *                           by hand), when a change loses data and {@code allowDestructive} is
     *                           false, or when the check on the workbench fails
     */
    public static Optional<Generated> generate(Workbench workbench, List<Rename> renames, boolean allowDestructive) {
        Script forward = workbench.forward(renames);
        if (forward.isEmpty()) {
            return Optional.empty();
        }
        Plan plan = forward.plan();
        if (!plan.unsupported().isEmpty()) {
            throw new DevToolsException("Refused, nothing was written: this generator writes no DDL for "
                    + (plan.unsupported().size() == 1 ? "one part" : plan.unsupported().size() + " parts")
                    + " of the change: " + String.join("; ", plan.unsupported()) + ". " + handWritten(workbench));
        }
        if (!allowDestructive && !plan.destructive().isEmpty()) {
            throw new DevToolsException("Refused, nothing was written: " + plan.destructive().size()
                    + (plan.destructive().size() == 1 ? " change loses" : " changes lose") + " data: "
                    + String.join("; ", plan.destructive())
                    + ". Run again with -DallowDestructive to write "
                    + (plan.destructive().size() == 1 ? "it as it is." : "them as they are."));
        }
        List<Step> steps = steps(forward);
        try {
            return Optional.of(new Generated(check(workbench, steps, renames), plan.destructive()));
        } catch (SQLException e) {
            throw new DevToolsException("Cannot use the throwaway database: " + Workbench.oneLine(e.getMessage()));
        }
    }

    /** What the refusal says to do with the part the generator does not write. */
    private static String handWritten(Workbench workbench) {
        return "To write a part by hand: ./mvnw schemakit:new -Dmessage=\"<description>\" starts a migration and its"
                + " undo script, and ./mvnw schemakit:migrate then writes the rest. (If that part needs what the rest"
                + " creates, take it out of " + workbench.declaredLabel() + " first, migrate the rest, then put it"
                + " back and write its migration.)";
    }

    /** A migration to check: its statements, and whether Flyway runs it in a transaction. */
    private record Step(String suffix, String purpose, boolean transactional, List<String> statements,
            boolean renames, List<String> notes) {
    }

    private static List<Step> steps(Script forward) {
        Plan plan = forward.plan();
        List<String> main = new ArrayList<>(forward.renames());
        main.addAll(plan.statements());
        List<Step> steps = new ArrayList<>();
        boolean more = !main.isEmpty() || !plan.concurrent().isEmpty();
        if (!plan.enumValues().isEmpty() && more) {
            steps.add(new Step("_enum_values", "the new enum values, which PostgreSQL lets no transaction use before"
                    + " it commits", true, plan.enumValues(), false, List.of()));
        } else {
            main.addAll(0, plan.enumValues());
        }
        if (!main.isEmpty()) {
            steps.add(new Step("", null, true, main, !forward.renames().isEmpty(), plan.notes()));
        }
        if (!plan.concurrent().isEmpty()) {
            steps.add(new Step(steps.isEmpty() ? "" : "_indexes", "indexes built CONCURRENTLY, so that writes go on"
                    + " while they build; that cannot run in a transaction", false, plan.concurrent(), false,
                    List.of()));
        }
        if (steps.size() == 1 && !steps.get(0).suffix().isEmpty()) {
            Step only = steps.get(0);
            steps.set(0, new Step("", only.purpose(), only.transactional(), only.statements(), only.renames(),
                    only.notes()));
        }
        return steps;
    }

    /**
     * Applies the steps to the migrations' database one after the other and compares the result
     * with the declared schema; then writes each step's undo from the schema before it, applies
     * the undo scripts last first, and compares after each with the schema before its step.
     */
    private static List<Migration> check(Workbench workbench, List<Step> steps, List<Rename> renames)
            throws SQLException {
        List<Schema> states = new ArrayList<>(List.of(workbench.migratedSchema()));
        List<String> scripts = new ArrayList<>();
        for (Step step : steps) {
            String script = script(step);
            Optional<String> failure = step.transactional() ? workbench.apply(script)
                    : workbench.applyOutsideTransaction(executable(step));
            if (failure.isPresent()) {
                throw notCheckedOut(workbench, "the migration" + stepName(steps, step) + " fails: " + failure.get(),
                        steps, List.of());
            }
            scripts.add(script);
            states.add(workbench.readMigrated());
        }
        Plan remaining = workbench.diff(states.get(states.size() - 1), workbench.declaredSchema());
        if (!remaining.isEmpty()) {
            throw notCheckedOut(workbench, "after the migration, the declared schema still differs by:\n"
                    + remaining.script(), steps, List.of());
        }
        List<String> undos = new ArrayList<>();
        List<Plan> undoPlans = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            Schema after = states.get(i + 1);
            Schema before = states.get(i);
            Script undo = workbench.plan(after, before, step.renames() ? Workbench.inverse(renames) : List.of(),
                    Mode.SINGLE);
            if (!undo.plan().unsupported().isEmpty()) {
                throw new DevToolsException("Refused, nothing was written: the undo script"
                        + stepName(steps, step) + " would have to reverse what this generator writes no DDL for: "
                        + String.join("; ", undo.plan().unsupported()) + ". " + handWritten(workbench));
            }
            String undoScript = PREAMBLE + undo.text();
            Optional<String> failure = workbench.apply(undoScript);
            if (failure.isPresent()) {
                throw notCheckedOut(workbench, "the undo script" + stepName(steps, step) + " fails: " + failure.get(),
                        steps, List.of(undo.text()));
            }
            Plan left = workbench.diff(workbench.readMigrated(), before);
            if (!left.isEmpty()) {
                throw notCheckedOut(workbench, "after the undo script" + stepName(steps, step)
                        + ", the schema differs from the one before by:\n" + left.script(), steps,
                        List.of(undo.text()));
            }
            undos.add(0, undoScript);
            undoPlans.add(0, undo.plan());
        }
        List<Migration> migrations = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Plan undo = undoPlans.get(i);
            List<String> undoNotes = new ArrayList<>(undo.notes());
            undo.destructive().stream()
                    .map(d -> "undoing " + d.replaceFirst(" \\(if it was renamed.*\\)$", ""))
                    .forEach(undoNotes::add);
            migrations.add(new Migration(step.suffix(), step.purpose(), step.transactional(), scripts.get(i),
                    undos.get(i), step.notes(), undoNotes));
        }
        return migrations;
    }

    private static String stepName(List<Step> steps, Step step) {
        return steps.size() == 1 ? "" : " (" + (steps.indexOf(step) + 1) + " of " + steps.size() + ")";
    }

    private static DevToolsException notCheckedOut(Workbench workbench, String problem, List<Step> steps,
            List<String> undo) {
        StringBuilder message = new StringBuilder("Refused, nothing was written: the generated migration did not"
                + " check out on the throwaway database: " + problem + "\nThe migration was:\n");
        for (Step step : steps) {
            message.append(String.join("\n", step.statements())).append('\n');
        }
        for (String script : undo) {
            message.append("The undo script was:\n").append(script);
        }
        message.append("Write this change by hand with ./mvnw schemakit:new -Dmessage=\"<description>\".");
        return new DevToolsException(message.toString());
    }

    /** The script of a step as it is written and checked. */
    private static String script(Step step) {
        String body = step.statements().stream().map(s -> s + "\n").collect(Collectors.joining());
        return step.transactional() ? PREAMBLE + body
                : PREAMBLE_OUTSIDE_TRANSACTION + body + EPILOGUE_OUTSIDE_TRANSACTION;
    }

    /** The statements of a step outside a transaction, one by one as Flyway runs them. */
    private static List<String> executable(Step step) {
        List<String> statements = new ArrayList<>(List.of("SET lock_timeout = '5s'", "SET statement_timeout = '5min'"));
        statements.addAll(step.statements());
        statements.addAll(List.of("RESET lock_timeout", "RESET statement_timeout"));
        return statements;
    }

    /**
     * The verified migrations of one change, in the order to apply them.
     *
     * @param migrations  one to three, see {@link MigrationGenerator}
     * @param destructive the changes that lose data, written because they were allowed
     */
    public record Generated(List<Migration> migrations, List<String> destructive) {

        /** The main migration's script, or the only one's. */
        public Migration main() {
            return migrations.stream().filter(m -> m.suffix().isEmpty()).findFirst().orElse(migrations.get(0));
        }
    }

    /**
     * One verified migration and its undo script, each complete as it is written (the timeouts
     * first), without the header comments.
     *
     * @param suffix        what its file name adds to the change's name: empty for the main one,
     *                      {@code _enum_values} or {@code _indexes}
     * @param purpose       why it is a migration of its own, {@code null} for the main one
     * @param transactional false when Flyway must run it outside a transaction
     *                      ({@code executeInTransaction=false})
     * @param script        the migration
     * @param undo          its undo script, which runs in one transaction
     * @param notes         what a reviewer of the migration should look at
     * @param undoNotes     what a reviewer of the undo script should look at (what it loses, among others)
     */
    public record Migration(String suffix, String purpose, boolean transactional, String script, String undo,
            List<String> notes, List<String> undoNotes) {

        /** The statements without the timeouts around them. */
        public String body() {
            String prefix = transactional ? PREAMBLE : PREAMBLE_OUTSIDE_TRANSACTION;
            String body = script.substring(prefix.length());
            return transactional ? body : body.substring(0, body.length() - EPILOGUE_OUTSIDE_TRANSACTION.length());
        }

        /** The undo script's statements without the timeouts. */
        public String undoBody() {
            return undo.substring(PREAMBLE.length());
        }
    }
}
