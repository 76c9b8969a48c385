package dev.schemakit.devtools.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.schemakit.devtools.catalog.Column;
import dev.schemakit.devtools.catalog.Constraint;
import dev.schemakit.devtools.catalog.Index;
import dev.schemakit.devtools.catalog.Schema;
import dev.schemakit.devtools.catalog.Table;

/**
 * Computes the DDL that turns one {@link Schema} into another. Objects are matched by name: a
 * table or column that is gone on one side and new on the other is a drop and an add, never a
 * guessed rename (renames are applied to the database before it is read, see
 * {@code MigrationGenerator}). Statements come in an order PostgreSQL accepts: foreign keys, indexes
 * and constraints are dropped before what they depend on, tables and columns created before the
 * constraints and indexes on them, foreign keys last, comments at the end.
 */
public final class SchemaDiff {

    private final Schema from;
    private final Schema to;
    private final TypeCasts casts;

    private final List<String> dropForeignKeys = new ArrayList<>();
    private final List<String> dropIndexes = new ArrayList<>();
    private final List<String> dropConstraints = new ArrayList<>();
    private final List<String> dropTables = new ArrayList<>();
    private final List<String> dropColumns = new ArrayList<>();
    private final List<String> createTables = new ArrayList<>();
    private final List<String> alterColumns = new ArrayList<>();
    private final List<String> addConstraints = new ArrayList<>();
    private final List<String> createIndexes = new ArrayList<>();
    private final List<String> addForeignKeys = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<String> destructive = new ArrayList<>();
    private final List<String> unsupported = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private SchemaDiff(Schema from, Schema to, TypeCasts casts) {
        this.from = from;
        this.to = to;
        this.casts = casts;
    }

    /** The plan that turns {@code from} into {@code to}; empty when they are the same. */
    public static Plan between(Schema from, Schema to, TypeCasts casts) {
        return new SchemaDiff(from, to, casts).plan();
    }

    private Plan plan() {
        Set<String> dropped = new TreeSet<>(from.tables().keySet());
        dropped.removeAll(to.tables().keySet());
        Set<String> created = new TreeSet<>(to.tables().keySet());
        created.removeAll(from.tables().keySet());
        for (String name : dropped) {
            Table table = from.tables().get(name);
            for (Constraint constraint : sorted(table.constraints())) {
                if (constraint.isForeignKey()) {
                    dropForeignKeys.add(dropConstraint(table, constraint));
                }
            }
            dropTables.add("DROP TABLE " + table.ident() + ";");
            destructive.add("drops table " + name + " with its rows" + renameHint(name, created, ""));
        }
        for (String name : created) {
            createTable(to.tables().get(name));
        }
        for (String name : from.tables().keySet()) {
            if (to.tables().containsKey(name)) {
                alterTable(from.tables().get(name), to.tables().get(name));
            }
        }
        compareOthers();
        List<String> statements = new ArrayList<>();
        for (List<String> phase : List.of(dropForeignKeys, dropIndexes, dropConstraints, dropTables, dropColumns,
                createTables, alterColumns, addConstraints, createIndexes, addForeignKeys, comments)) {
            statements.addAll(phase);
        }
        return new Plan(List.copyOf(statements), List.copyOf(destructive), List.copyOf(unsupported),
                List.copyOf(notes));
    }

    private String renameHint(String name, Set<String> created, String tablePrefix) {
        if (created.isEmpty()) {
            return "";
        }
        String options = created.stream()
                .map(c -> "--rename " + tablePrefix + name + "=" + c)
                .collect(Collectors.joining(" or "));
        return " (if it was renamed, say so with " + options + ")";
    }

    private void createTable(Table table) {
        List<String> lines = new ArrayList<>();
        for (Column column : table.columns()) {
            lines.add("    " + columnDefinition(column));
        }
        for (Constraint constraint : sorted(table.constraints())) {
            if (constraint.isForeignKey()) {
                addForeignKeys.add(addConstraint(table, constraint));
            } else {
                lines.add("    CONSTRAINT " + constraint.ident() + " " + constraint.definition());
            }
            constraintComment(table, null, constraint);
        }
        createTables.add("CREATE TABLE " + table.ident() + " (\n" + String.join(",\n", lines) + "\n);");
        for (Index index : sorted(table.indexes())) {
            createIndexes.add(index.definition() + ";");
            indexComment(null, index);
        }
        if (table.comment() != null) {
            comments.add("COMMENT ON TABLE " + table.ident() + " IS " + literal(table.comment()) + ";");
        }
        for (Column column : table.columns()) {
            if (column.comment() != null) {
                comments.add(commentOnColumn(table, column));
            }
        }
    }

    private void alterTable(Table old, Table target) {
        String alter = "ALTER TABLE " + target.ident();
        Set<String> addedColumns = target.columns().stream()
                .map(Column::name)
                .filter(name -> old.column(name).isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        for (Column column : old.columns()) {
            if (target.column(column.name()).isEmpty()) {
                dropColumns.add(alter + " DROP COLUMN " + column.ident() + ";");
                destructive.add("drops column " + old.name() + "." + column.name() + " with its values"
                        + renameHint(column.name(), addedColumns, old.name() + "."));
            }
        }
        for (Column column : target.columns()) {
            old.column(column.name()).ifPresentOrElse(
                    previous -> alterColumn(target, previous, column),
                    () -> addColumn(target, column));
        }
        for (Constraint constraint : sorted(old.constraints())) {
            Constraint wanted = target.constraints().get(constraint.name());
            if (wanted == null || !wanted.definition().equals(constraint.definition())) {
                (constraint.isForeignKey() ? dropForeignKeys : dropConstraints).add(dropConstraint(target, constraint));
            }
        }
        for (Constraint constraint : sorted(target.constraints())) {
            Constraint previous = old.constraints().get(constraint.name());
            boolean recreated = previous == null || !previous.definition().equals(constraint.definition());
            if (recreated) {
                (constraint.isForeignKey() ? addForeignKeys : addConstraints).add(addConstraint(target, constraint));
                if (constraint.kind() != 'p') {
                    notes.add("adding constraint " + constraint.name() + " fails while a row of " + target.name()
                            + " violates it");
                }
            }
            constraintComment(target, recreated ? null : previous, constraint);
        }
        for (Index index : sorted(old.indexes())) {
            Index wanted = target.indexes().get(index.name());
            if (wanted == null || !wanted.definition().equals(index.definition())) {
                dropIndexes.add("DROP INDEX " + index.ident() + ";");
            }
        }
        for (Index index : sorted(target.indexes())) {
            Index previous = old.indexes().get(index.name());
            boolean recreated = previous == null || !previous.definition().equals(index.definition());
            if (recreated) {
                createIndexes.add(index.definition() + ";");
            }
            indexComment(recreated ? null : previous, index);
        }
        if (!Objects.equals(old.comment(), target.comment())) {
            comments.add("COMMENT ON TABLE " + target.ident() + " IS " + literal(target.comment()) + ";");
        }
    }

    private void addColumn(Table table, Column column) {
        alterColumns.add("ALTER TABLE " + table.ident() + " ADD COLUMN " + columnDefinition(column) + ";");
        if (column.notNull() && column.defaultValue() == null && column.identity() == null
                && column.generated() == null && column.serialType() == null) {
            notes.add("the new column " + table.name() + "." + column.name() + " is NOT NULL without a default:"
                    + " adding it fails while " + table.name() + " has rows; give it a default that fills them");
        }
        if (column.comment() != null) {
            comments.add(commentOnColumn(table, column));
        }
    }

    private void alterColumn(Table table, Column old, Column target) {
        String alter = "ALTER TABLE " + table.ident() + " ALTER COLUMN " + target.ident();
        String label = table.name() + "." + target.name();
        if (!Objects.equals(old.generated(), target.generated())) {
            unsupported.add("column " + label + " changes how it is generated (" + describeGenerated(old) + " to "
                    + describeGenerated(target) + "); drop and add it in a migration written by hand");
            return;
        }
        boolean typeChanged = !old.type().equals(target.type()) || !Objects.equals(old.collation(), target.collation());
        boolean defaultChanged = !Objects.equals(old.defaultValue(), target.defaultValue());
        if (old.identity() != null && !old.identity().equals(target.identity())) {
            alterColumns.add(target.identity() == null
                    ? alter + " DROP IDENTITY;"
                    : alter + " SET GENERATED " + target.identity() + ";");
        }
        // The old default may not convert to the new type, so it goes before the type changes.
        if (old.defaultValue() != null && (typeChanged || (defaultChanged && target.defaultValue() == null))) {
            alterColumns.add(alter + " DROP DEFAULT;");
        }
        if (typeChanged) {
            StringBuilder statement = new StringBuilder(alter + " TYPE " + target.type());
            if (target.collation() != null) {
                statement.append(" COLLATE ").append(target.collation());
            }
            if (old.typeOid() != target.typeOid()
                    && !casts.assignment(old.typeOid(), target.typeOid(), target.typeCategory())) {
                statement.append(" USING ").append(target.ident()).append("::").append(target.type());
            }
            alterColumns.add(statement + ";");
            if (narrows(old, target)) {
                destructive.add("changes column " + label + " from " + old.type() + " to " + target.type()
                        + ", which does not hold every value of the old type");
            }
        }
        if (target.defaultValue() != null && (defaultChanged || typeChanged)) {
            alterColumns.add(alter + " SET DEFAULT " + target.defaultValue() + ";");
        }
        if (old.notNull() != target.notNull()) {
            alterColumns.add(alter + (target.notNull() ? " SET NOT NULL;" : " DROP NOT NULL;"));
            if (target.notNull()) {
                notes.add("SET NOT NULL on " + label + " fails while a row holds NULL there; fill those rows first");
            }
        }
        if (old.identity() == null && target.identity() != null) {
            alterColumns.add(alter + " ADD GENERATED " + target.identity() + " AS IDENTITY;");
        }
        if (!Objects.equals(old.comment(), target.comment())) {
            comments.add(commentOnColumn(table, target));
        }
    }

    /**
     * Whether some value of the old type has no equal in the new one: a shorter length or smaller
     * precision of the same type, or another type that is not an implicit widening (int to bigint,
     * varchar to text) nor an unbounded string type.
     */
    private boolean narrows(Column old, Column target) {
        if (old.typeOid() == target.typeOid()) {
            if (target.typmod() == -1 || old.typmod() == target.typmod()) {
                return false;
            }
            if (old.typmod() == -1) {
                return true;
            }
            if (target.typeCategory().equals("N")) {
                // numeric(p, s): typmod - 4 holds p in the high and s in the low 16 bits.
                int oldPrecision = (old.typmod() - 4) >> 16;
                int oldScale = (old.typmod() - 4) & 0xffff;
                int newPrecision = (target.typmod() - 4) >> 16;
                int newScale = (target.typmod() - 4) & 0xffff;
                return newScale < oldScale || newPrecision - newScale < oldPrecision - oldScale;
            }
            return target.typmod() < old.typmod();
        }
        boolean unboundedString = target.typeCategory().equals("S") && target.typmod() == -1;
        return !unboundedString && !casts.implicit(old.typeOid(), target.typeOid());
    }

    private void compareOthers() {
        Set<String> labels = new TreeSet<>(from.others().keySet());
        labels.addAll(to.others().keySet());
        for (String label : labels) {
            String old = from.others().get(label);
            String target = to.others().get(label);
            if (old == null) {
                unsupported.add(label + " is new; this generator writes no DDL for it: write that part by hand");
            } else if (target == null) {
                unsupported.add(label + " is gone; this generator writes no DDL for it: write that part by hand");
            } else if (!old.equals(target)) {
                unsupported.add(label + " changed; this generator writes no DDL for it: write that part by hand");
            }
        }
    }

    private static String columnDefinition(Column column) {
        StringBuilder definition = new StringBuilder(column.ident()).append(' ');
        if (column.serialType() != null) {
            definition.append(column.serialType());
        } else {
            definition.append(column.type());
        }
        if (column.collation() != null) {
            definition.append(" COLLATE ").append(column.collation());
        }
        if (column.identity() != null) {
            definition.append(" GENERATED ").append(column.identity()).append(" AS IDENTITY");
        } else if (column.generated() != null) {
            definition.append(" GENERATED ALWAYS AS (").append(column.generated()).append(") STORED");
        }
        if (column.notNull() && column.identity() == null && column.serialType() == null) {
            definition.append(" NOT NULL");
        }
        if (column.defaultValue() != null && column.serialType() == null) {
            definition.append(" DEFAULT ").append(column.defaultValue());
        }
        return definition.toString();
    }

    private static String describeGenerated(Column column) {
        return column.generated() == null ? "not generated" : "GENERATED ALWAYS AS (" + column.generated() + ")";
    }

    private static String dropConstraint(Table table, Constraint constraint) {
        return "ALTER TABLE " + table.ident() + " DROP CONSTRAINT " + constraint.ident() + ";";
    }

    private static String addConstraint(Table table, Constraint constraint) {
        return "ALTER TABLE " + table.ident() + " ADD CONSTRAINT " + constraint.ident() + " " + constraint.definition()
                + ";";
    }

    /** A comment on a constraint; {@code previous} is null when the constraint is (re)created. */
    private void constraintComment(Table table, Constraint previous, Constraint constraint) {
        String before = previous == null ? null : previous.comment();
        if (!Objects.equals(before, constraint.comment())) {
            comments.add("COMMENT ON CONSTRAINT " + constraint.ident() + " ON " + table.ident() + " IS "
                    + literal(constraint.comment()) + ";");
        }
    }

    /** A comment on an index; {@code previous} is null when the index is (re)created. */
    private void indexComment(Index previous, Index index) {
        String before = previous == null ? null : previous.comment();
        if (!Objects.equals(before, index.comment())) {
            comments.add("COMMENT ON INDEX " + index.ident() + " IS " + literal(index.comment()) + ";");
        }
    }

    private static String commentOnColumn(Table table, Column column) {
        return "COMMENT ON COLUMN " + table.ident() + "." + column.ident() + " IS " + literal(column.comment()) + ";";
    }

    /** A SQL string literal, or NULL (which removes a comment). */
    private static String literal(String text) {
        return text == null ? "NULL" : "'" + text.replace("'", "''") + "'";
    }

    private static <T> List<T> sorted(Map<String, T> byName) {
        return byName.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
    }
}
