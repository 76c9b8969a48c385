package dev.schemakit.devtools.diff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.schemakit.devtools.catalog.Column;
import dev.schemakit.devtools.catalog.Constraint;
import dev.schemakit.devtools.catalog.DbObject;
import dev.schemakit.devtools.catalog.Grant;
import dev.schemakit.devtools.catalog.Index;
import dev.schemakit.devtools.catalog.Kind;
import dev.schemakit.devtools.catalog.Schema;
import dev.schemakit.devtools.catalog.Table;

/**
 * Computes the DDL that turns one {@link Schema} into another. Objects are matched by name: a
 * table or column that is gone on one side and new on the other is a drop and an add, never a
 * guessed rename (renames are applied to the database before it is read, see
 * {@code MigrationGenerator}); only a constraint or index that keeps its table and definition
 * under another name is renamed, since nothing is lost either way.
 *
 * <p>Statements come in an order PostgreSQL accepts: what depends on a changed object (views,
 * triggers, policies, functions, read from pg_depend) is dropped first and created again after
 * it; schemas, extensions and types before the tables that use them; foreign keys after the
 * tables they join; comments and privileges at the end. What PostgreSQL cannot change in place is
 * done the documented way (an enum type loses a value by a swap to a new type) or, when no way
 * keeps the data, named in {@link Plan#unsupported()} with the part to write by hand.
 */
public final class SchemaDiff {

    /** How the plan is split. */
    public enum Mode {
        /**
         * A forward migration: new values of existing enum types and index builds on existing
         * tables (CONCURRENTLY) in parts of their own.
         */
        STEPS,
        /** One script that runs in one transaction, as an undo script does. */
        SINGLE
    }

    private static final Set<Kind> REBUILDABLE = Set.of(Kind.VIEW, Kind.MATERIALIZED_VIEW, Kind.INDEX, Kind.TRIGGER,
            Kind.POLICY, Kind.FUNCTION, Kind.PROCEDURE);

    private final Schema from;
    private final Schema to;
    private final TypeCasts casts;
    private final Mode mode;
    private final Set<String> compared;

    private final List<String> dropDependents = new ArrayList<>();
    private final List<String> dropForeignKeys = new ArrayList<>();
    private final List<String> dropIndexes = new ArrayList<>();
    private final List<String> dropConstraints = new ArrayList<>();
    private final List<String> dropTables = new ArrayList<>();
    private final List<String> dropColumns = new ArrayList<>();
    private final List<String> dropRoutines = new ArrayList<>();
    private final List<String> dropTypes = new ArrayList<>();
    private final List<String> dropLast = new ArrayList<>();
    private final List<String> createFirst = new ArrayList<>();
    private final List<String> createTypes = new ArrayList<>();
    private final List<String> enumSwaps = new ArrayList<>();
    private final List<String> sequences = new ArrayList<>();
    private final List<String> routines = new ArrayList<>();
    private final List<String> createTables = new ArrayList<>();
    private final List<String> alterTables = new ArrayList<>();
    private final List<String> alterColumns = new ArrayList<>();
    private final List<String> addConstraints = new ArrayList<>();
    private final List<String> createIndexes = new ArrayList<>();
    private final List<String> attach = new ArrayList<>();
    private final List<String> addForeignKeys = new ArrayList<>();
    private final List<String> ownedBy = new ArrayList<>();
    private final List<String> routinesAfterTables = new ArrayList<>();
    private final List<String> views = new ArrayList<>();
    private final List<String> triggers = new ArrayList<>();
    private final List<String> policies = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<String> grants = new ArrayList<>();
    private final List<String> enumValues = new ArrayList<>();
    private final List<String> concurrent = new ArrayList<>();
    private final List<String> destructive = new ArrayList<>();
    private final List<String> unsupported = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Labels of the objects dropped and created again. */
    private final Set<String> rebuilt = new TreeSet<>();
    /** Labels whose dependents must be dropped first: gone or rebuilt objects, dropped or retyped columns. */
    private final Set<String> touched = new HashSet<>();
    /** Columns ({@code table.column}) whose default is dropped early and set from the target later. */
    private final Set<String> resetDefaults = new TreeSet<>();
    /** Constraints and indexes ({@code table|name}) dropped and added again for a dependency. */
    private final Set<String> forced = new HashSet<>();
    /** Enum types swapped for a new type, by label. */
    private final Set<String> swapped = new HashSet<>();

    private SchemaDiff(Schema from, Schema to, TypeCasts casts, Mode mode, Set<String> compared) {
        this.from = from;
        this.to = to;
        this.casts = casts;
        this.mode = mode;
        this.compared = compared;
    }

    /** The single-script plan that turns {@code from} into {@code to}, every schema compared; empty when they are the same. */
    public static Plan between(Schema from, Schema to, TypeCasts casts) {
        return between(from, to, casts, Mode.SINGLE, null);
    }

    /**
     * The plan that turns {@code from} into {@code to}.
     *
     * @param compared the schemas to write DDL for; {@code null} for every schema. A difference in
     *                 another schema is named in {@link Plan#unsupported()}, never ignored.
     */
    public static Plan between(Schema from, Schema to, TypeCasts casts, Mode mode, Set<String> compared) {
        return new SchemaDiff(from, to, casts, mode, compared).plan();
    }

    private boolean inScope(String schema) {
        return compared == null || schema == null || compared.contains(schema);
    }

    private boolean inScope(DbObject object) {
        return inScope(object.kind() == Kind.SCHEMA ? object.name() : object.schema());
    }

    private Plan plan() {
        Map<String, Table> fromTables = new TreeMap<>();
        Map<String, Table> toTables = new TreeMap<>();
        outOfScope(from.tables(), to.tables(), Table::schema, "table", fromTables, toTables);
        Map<String, DbObject> fromObjects = new TreeMap<>();
        Map<String, DbObject> toObjects = new TreeMap<>();
        Set<String> labels = new TreeSet<>(from.objects().keySet());
        labels.addAll(to.objects().keySet());
        for (String label : labels) {
            DbObject old = from.objects().get(label);
            DbObject target = to.objects().get(label);
            DbObject any = old != null ? old : target;
            if (inScope(any)) {
                if (old != null) {
                    fromObjects.put(label, old);
                }
                if (target != null) {
                    toObjects.put(label, target);
                }
            } else if (!Objects.equals(old, target)) {
                notCompared(label, any.kind() == Kind.SCHEMA ? any.name() : any.schema(), old, target);
            }
        }
        compareOthers();

        // What changes, and what must be rebuilt around it.
        Set<String> tableNames = new TreeSet<>(fromTables.keySet());
        tableNames.addAll(toTables.keySet());
        for (String name : tableNames) {
            Table old = fromTables.get(name);
            Table target = toTables.get(name);
            if (target == null) {
                touched.add("table " + name);
                old.columns().forEach(c -> touched.add("column " + name + "." + c.name()));
            } else if (old != null) {
                for (Column column : old.columns()) {
                    Column wanted = target.column(column.name()).orElse(null);
                    if (wanted == null || !column.type().equals(wanted.type())
                            || !Objects.equals(column.collation(), wanted.collation())
                            || (column.generated() == null && wanted.generated() != null)) {
                        touched.add("column " + name + "." + column.name());
                    }
                }
            }
        }
        for (DbObject old : fromObjects.values()) {
            DbObject target = toObjects.get(old.label());
            if (target == null) {
                touched.add(old.label());
            } else if (!old.definition().equals(target.definition())) {
                classifyChange(old, target);
            }
        }
        closeOverDependents(fromObjects, toObjects);

        // The DDL, phase by phase.
        for (String name : tableNames) {
            Table old = fromTables.get(name);
            Table target = toTables.get(name);
            if (old != null && target != null) {
                alterTable(old, target);
            }
        }
        dropTables(fromTables, toTables);
        createTables(fromTables, toTables);
        objects(fromObjects, toObjects);

        List<String> statements = new ArrayList<>();
        for (List<String> phase : List.of(dropDependents, dropForeignKeys, dropIndexes, dropConstraints, dropTables,
                dropColumns, dropRoutines, dropTypes, dropLast, createFirst, createTypes, enumSwaps, sequences,
                routines,
                createTables, alterTables, alterColumns, addConstraints, createIndexes, attach, addForeignKeys, ownedBy,
                routinesAfterTables, views, triggers, policies, comments, grants)) {
            statements.addAll(phase);
        }
        return new Plan(List.copyOf(enumValues), List.copyOf(statements), List.copyOf(concurrent),
                List.copyOf(destructive), List.copyOf(unsupported), List.copyOf(notes));
    }

    /** Splits the tables into those compared and names every difference in the others. */
    private void outOfScope(Map<String, Table> fromAll, Map<String, Table> toAll, Function<Table, String> schemaOf,
            String kind, Map<String, Table> fromIn, Map<String, Table> toIn) {
        Set<String> names = new TreeSet<>(fromAll.keySet());
        names.addAll(toAll.keySet());
        for (String name : names) {
            Table old = fromAll.get(name);
            Table target = toAll.get(name);
            String schema = schemaOf.apply(old != null ? old : target);
            if (inScope(schema)) {
                if (old != null) {
                    fromIn.put(name, old);
                }
                if (target != null) {
                    toIn.put(name, target);
                }
            } else if (!Objects.equals(old, target)) {
                notCompared(kind + " " + name, schema, old, target);
            }
        }
    }

    private void notCompared(String label, String schema, Object old, Object target) {
        String change = old == null ? "is new" : target == null ? "is gone" : "changed";
        Set<String> list = new TreeSet<>(compared);
        list.add(schema);
        unsupported.add(label + " " + change + " in schema " + schema + ", which is not compared (the schema list is "
                + String.join(", ", new TreeSet<>(compared)) + "): add " + schema + " to the list (-Dschemas="
                + String.join(",", list) + "), or write that change by hand");
    }

    /** A changed object: changed in place where PostgreSQL allows it, else dropped and created again. */
    private void classifyChange(DbObject old, DbObject target) {
        switch (old.kind()) {
            case FUNCTION, PROCEDURE -> {
                if (!old.parts().equals(target.parts())) {
                    rebuild(old);
                }
            }
            case VIEW, MATERIALIZED_VIEW, INDEX, POLICY -> rebuild(old);
            case TRIGGER -> {
                if (!old.create().get(0).equals(target.create().get(0))) {
                    rebuild(old);
                }
            }
            case COLLATION, COMPOSITE -> {
                List<String> users = tableColumnsUsing(old.label());
                if (users.isEmpty()) {
                    rebuild(old);
                } else {
                    unsupported.add(old.label() + " changed (" + old.definition() + " to " + target.definition()
                            + ") while " + String.join(", ", users) + " use" + (users.size() == 1 ? "s" : "")
                            + " it: PostgreSQL cannot change it in place; write that part by hand: create the new "
                            + old.kind().label() + " under another name, ALTER those columns to it, drop the old one");
                }
            }
            case DOMAIN -> {
                if (!old.part("base").equals(target.part("base"))) {
                    List<String> users = tableColumnsUsing(old.label());
                    if (users.isEmpty()) {
                        rebuild(old);
                    } else {
                        unsupported.add(old.label() + " changes its type from " + old.part("base") + " to "
                                + target.part("base") + " while " + String.join(", ", users) + " use"
                                + (users.size() == 1 ? "s" : "") + " it: PostgreSQL cannot change a domain's type in"
                                + " place; write that part by hand: create the new domain under another name, ALTER"
                                + " those columns to it, drop the old one");
                    }
                }
            }
            case ENUM -> {
                if (!(mode == Mode.STEPS && isAppendOnly(old.values(), target.values()))) {
                    swapped.add(old.label());
                    touched.add(old.label());
                }
            }
            case EXTENSION -> {
                String version = target.part("version");
                if (!old.part("version").equals(version) && !old.part("reachable").contains("," + version + ",")) {
                    List<String> users = extensionUsers(old.label());
                    if (users.isEmpty()) {
                        rebuild(old);
                    } else {
                        unsupported.add(old.label() + " goes from version " + old.part("version") + " to " + version
                                + ", which PostgreSQL has no update path for, while " + String.join(", ", users)
                                + " use" + (users.size() == 1 ? "s" : "") + " it; write that part by hand");
                    }
                }
            }
            default -> {
                // Changed in place by objects(): schemas, sequences.
            }
        }
    }

    private void rebuild(DbObject object) {
        rebuilt.add(object.label());
        touched.add(object.label());
    }

    /** The table columns (not view columns) that depend on {@code label} in the schema before. */
    private List<String> tableColumnsUsing(String label) {
        List<String> users = new ArrayList<>();
        from.dependencies().forEach((dependent, on) -> {
            if (on.contains(label) && dependent.startsWith("column ")) {
                String column = dependent.substring("column ".length());
                String table = column.substring(0, column.lastIndexOf('.'));
                if (from.tables().containsKey(table)) {
                    users.add("column " + column);
                }
            }
        });
        return users;
    }

    /** What in the schema before depends on the extension's members, the members themselves aside. */
    private List<String> extensionUsers(String extension) {
        Set<String> members = new HashSet<>();
        from.dependencies().forEach((dependent, on) -> {
            if (on.contains(extension)) {
                members.add(dependent);
            }
        });
        List<String> users = new ArrayList<>();
        from.dependencies().forEach((dependent, on) -> {
            if (!members.contains(dependent) && on.stream().anyMatch(members::contains)) {
                users.add(dependent);
            }
        });
        return users;
    }

    private static boolean isAppendOnly(List<String> old, List<String> target) {
        // Every old value is still there, in the same order: the new ones can be added around them.
        List<String> kept = target.stream().filter(old::contains).toList();
        return kept.equals(old);
    }

    /**
     * Everything that depends, in the schema before, on a touched object and can be dropped and
     * created again is: views, triggers, policies, functions. Table parts that depend on a gone or
     * rebuilt function or sequence (a default, a check, an index) are dropped first and restored
     * after.
     */
    private void closeOverDependents(Map<String, DbObject> fromObjects, Map<String, DbObject> toObjects) {
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, Set<String>> entry : from.dependencies().entrySet()) {
                String dependent = entry.getKey();
                if (touched.contains(dependent) || entry.getValue().stream().noneMatch(this::isTouched)) {
                    continue;
                }
                DbObject object = fromObjects.get(dependent);
                if (object != null && REBUILDABLE.contains(object.kind())) {
                    touched.add(dependent);
                    if (toObjects.containsKey(dependent)) {
                        rebuilt.add(dependent);
                    }
                    grew = true;
                }
            }
        }
        for (Map.Entry<String, Set<String>> entry : from.dependencies().entrySet()) {
            String dependent = entry.getKey();
            Set<String> on = new HashSet<>(entry.getValue());
            on.removeIf(label -> !isTouched(label));
            on.removeIf(label -> label.startsWith("column ") || label.startsWith("table ")
                    || swapped.contains(label));
            if (on.isEmpty()) {
                continue;
            }
            if (dependent.startsWith("column ")) {
                String column = dependent.substring("column ".length());
                String table = column.substring(0, column.lastIndexOf('.'));
                Table old = from.tables().get(table);
                String columnName = column.substring(column.lastIndexOf('.') + 1);
                if (old != null && to.tables().containsKey(table)
                        && to.tables().get(table).column(columnName).isPresent()) {
                    Column c = old.column(columnName).orElse(null);
                    if (c != null && c.defaultValue() != null && !resetDefaults.contains(column)) {
                        resetDefaults.add(column);
                        dropConstraints
                                .add("ALTER TABLE " + old.ident() + " ALTER COLUMN " + c.ident() + " DROP DEFAULT;");
                    }
                }
            } else if (dependent.startsWith("constraint ")) {
                String rest = dependent.substring("constraint ".length());
                int on1 = rest.indexOf(" on ");
                forced.add(rest.substring(on1 + 4) + "|" + rest.substring(0, on1));
            } else if (dependent.startsWith("index ")) {
                String index = dependent.substring("index ".length());
                from.tables().values().forEach(t -> t.indexes().values().stream()
                        .filter(i -> qualifiedIndexName(t, i).equals(index))
                        .forEach(i -> forced.add(t.name() + "|" + i.name())));
            }
        }
    }

    /** Whether {@code label} is touched, a column also when its table or view is. */
    private boolean isTouched(String label) {
        if (touched.contains(label)) {
            return true;
        }
        if (label.startsWith("column ")) {
            String column = label.substring("column ".length());
            String relation = column.substring(0, column.lastIndexOf('.'));
            return touched.contains("view " + relation) || touched.contains("materialized view " + relation)
                    || touched.contains("table " + relation) || touched.contains("composite type " + relation);
        }
        return false;
    }

    private String qualifiedIndexName(Table table, Index index) {
        return table.schema().equals(from.home()) ? index.name() : table.schema() + "." + index.name();
    }

    // ---------------------------------------------------------------- tables

    private void dropTables(Map<String, Table> fromTables, Map<String, Table> toTables) {
        Set<String> created = new TreeSet<>(toTables.keySet());
        created.removeAll(fromTables.keySet());
        List<Table> gone = fromTables.values().stream().filter(t -> !toTables.containsKey(t.name())).toList();
        // Partitions and inheriting tables before their parents.
        List<Table> ordered = parentsFirst(gone);
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Table table = ordered.get(i);
            for (Constraint constraint : sorted(table.constraints())) {
                if (constraint.isForeignKey()) {
                    dropForeignKeys.add(dropConstraint(table, constraint));
                }
            }
            dropTables.add(lint("DROP TABLE " + table.ident() + ";", "dropping it was allowed with -DallowDestructive",
                    "ban-drop-table"));
            destructive.add("drops table " + table.name() + " with its rows" + renameHint(table.name(), created, ""));
        }
    }

    private void createTables(Map<String, Table> fromTables, Map<String, Table> toTables) {
        List<Table> created = toTables.values().stream().filter(t -> !fromTables.containsKey(t.name())).toList();
        for (Table table : parentsFirst(created)) {
            createTable(table);
        }
    }

    /** The tables ordered so that a partition or inheriting table comes after its parents. */
    private static List<Table> parentsFirst(List<Table> tables) {
        Map<String, Table> byName = new TreeMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        List<Table> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Table table : byName.values()) {
            placeParentsFirst(table, byName, placed, ordered);
        }
        return ordered;
    }

    private static void placeParentsFirst(Table table, Map<String, Table> byName, Set<String> placed,
            List<Table> ordered) {
        if (!placed.add(table.name())) {
            return;
        }
        List<String> parents = new ArrayList<>(table.inherits());
        if (table.partitionOf() != null) {
            parents.add(table.partitionOf());
        }
        for (String parent : parents) {
            if (byName.containsKey(parent)) {
                placeParentsFirst(byName.get(parent), byName, placed, ordered);
            }
        }
        ordered.add(table);
    }

    private String renameHint(String name, Set<String> created, String tablePrefix) {
        if (created.isEmpty()) {
            return "";
        }
        String options = created.stream()
                .map(c -> "-Drename=" + tablePrefix + name + "=" + c)
                .collect(Collectors.joining(" or "));
        return " (if it was renamed, say so with " + options + ")";
    }

    private void createTable(Table table) {
        List<String> lines = new ArrayList<>();
        for (Column column : table.columns()) {
            if (column.inherited()) {
                continue;
            }
            String definition = columnDefinition(column);
            Set<String> rules = typeRules(column);
            lines.add(rules.isEmpty() || mode != Mode.STEPS ? "    " + definition
                    : "    -- squawk-ignore " + String.join(", ", rules) + "\n    " + definition);
        }
        for (Constraint constraint : sorted(table.constraints())) {
            if (!constraint.local()) {
                continue;
            }
            if (constraint.isForeignKey() || table.isPartition()) {
                // squawk knows a table created in the same migration: nothing to answer.
                addForeignKeys.add("ALTER TABLE " + table.ident() + " ADD CONSTRAINT " + constraint.ident() + " "
                        + constraint.definition() + ";");
            } else {
                lines.add("    CONSTRAINT " + constraint.ident() + " " + constraint.definition());
            }
            constraintComment(table, null, constraint);
        }
        StringBuilder create = new StringBuilder("CREATE ");
        if (table.layout().containsKey("unlogged")) {
            create.append("UNLOGGED ");
        }
        create.append("TABLE ").append(table.ident());
        if (table.isPartition()) {
            create.append(" PARTITION OF ").append(to.tables().get(table.partitionOf()).ident());
            if (!lines.isEmpty()) {
                create.append(" (\n").append(String.join(",\n", lines)).append("\n)");
            }
            create.append("\n    ").append(table.partitionBound());
        } else {
            create.append(" (\n").append(String.join(",\n", lines)).append("\n)");
            if (!table.inherits().isEmpty()) {
                create.append(" INHERITS (")
                        .append(table.inherits().stream().map(p -> to.tables().get(p).ident())
                                .collect(Collectors.joining(", ")))
                        .append(")");
            }
        }
        if (table.partitionKey() != null) {
            create.append(" PARTITION BY ").append(table.partitionKey());
        }
        if (table.layout().containsKey("access method")) {
            create.append(" USING ").append(table.layout().get("access method"));
        }
        if (table.layout().containsKey("storage parameters")) {
            create.append(" WITH (").append(table.layout().get("storage parameters")).append(")");
        }
        if (table.layout().containsKey("tablespace")) {
            create.append(" TABLESPACE ").append(table.layout().get("tablespace"));
        }
        createTables.add(create + ";");
        if (table.hasParent()) {
            // A partition's or child's own defaults and NOT NULLs, where they differ from the parent's.
            for (Column column : table.columns()) {
                if (column.inherited()) {
                    inheritedColumnDifferences(table, column);
                }
            }
        }
        for (Index index : sorted(table.indexes())) {
            createIndexes.add(indexInMain(table, index, true));
            indexComment(null, index);
        }
        for (String key : List.of("row level security", "force row level security", "replica identity",
                "cluster on")) {
            if (table.layout().containsKey(key)) {
                policies.add(layoutStatement(table, key, table.layout().get(key)));
            }
        }
        if (table.comment() != null) {
            comments.add("COMMENT ON TABLE " + table.ident() + " IS " + literal(table.comment()) + ";");
        }
        for (Column column : table.columns()) {
            if (column.comment() != null) {
                comments.add(commentOnColumn(table, column));
            }
        }
        grants(table.grants(), Set.of(), "TABLE " + table.ident());
        owner(null, table.owner(), "TABLE " + table.ident());
    }

    /** A default or NOT NULL that a partition or child has of its own, set after it is created. */
    private void inheritedColumnDifferences(Table table, Column column) {
        Column parent = parentColumn(to, table, column.name());
        String alter = "ALTER TABLE " + table.ident() + " ALTER COLUMN " + column.ident();
        if (parent == null || !Objects.equals(parent.defaultValue(), column.defaultValue())) {
            if (column.defaultValue() != null) {
                alterColumns.add(alter + " SET DEFAULT " + column.defaultValue() + ";");
            }
        }
        if (parent != null && column.notNull() && !parent.notNull()) {
            alterColumns.add(alter + " SET NOT NULL;");
        }
    }

    private static Column parentColumn(Schema schema, Table table, String column) {
        List<String> parents = new ArrayList<>(table.inherits());
        if (table.partitionOf() != null) {
            parents.add(table.partitionOf());
        }
        for (String parent : parents) {
            Table p = schema.tables().get(parent);
            if (p != null && p.column(column).isPresent()) {
                return p.column(column).get();
            }
        }
        return null;
    }

    private void alterTable(Table old, Table target) {
        String alter = "ALTER TABLE " + target.ident();
        Set<String> addedColumns = target.columns().stream()
                .map(Column::name)
                .filter(name -> old.column(name).isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        if (!Objects.equals(old.partitionKey(), target.partitionKey())) {
            unsupported.add("table " + old.name() + (old.partitionKey() == null ? " becomes partitioned by "
                    + target.partitionKey() : target.partitionKey() == null ? " is no longer partitioned"
                    : " changes its partition key from " + old.partitionKey() + " to " + target.partitionKey())
                    + ": PostgreSQL cannot change that in place; write that part by hand: create the new table,"
                    + " copy the rows, drop the old one, rename the new one");
            return;
        }
        boolean sameParent = Objects.equals(old.partitionOf(), target.partitionOf())
                && Objects.equals(old.partitionBound(), target.partitionBound());
        if (!sameParent && old.partitionOf() != null) {
            dropConstraints.add("ALTER TABLE " + from.tables().get(old.partitionOf()).ident() + " DETACH PARTITION "
                    + old.ident() + ";");
        }
        if (!sameParent && target.partitionOf() != null) {
            attach.add("ALTER TABLE " + to.tables().get(target.partitionOf()).ident() + " ATTACH PARTITION "
                    + target.ident() + " " + target.partitionBound() + ";");
            notes.add("attaching " + target.name() + " as a partition fails while one of its rows is outside "
                    + target.partitionBound());
        }
        if (!old.inherits().equals(target.inherits())) {
            for (String parent : old.inherits()) {
                dropConstraints.add(alter + " NO INHERIT " + from.tables().get(parent).ident() + ";");
            }
            for (String parent : target.inherits()) {
                attach.add(alter + " INHERIT " + to.tables().get(parent).ident() + ";");
            }
        }
        for (Column column : old.columns()) {
            if (target.column(column.name()).isEmpty() && !column.inherited()) {
                dropColumns.add(lint(alter + " DROP COLUMN " + column.ident() + ";",
                        "dropping it was allowed with -DallowDestructive",
                        "ban-drop-column"));
                destructive.add("drops column " + old.name() + "." + column.name() + " with its values"
                        + renameHint(column.name(), addedColumns, old.name() + "."));
            }
        }
        for (Column column : target.columns()) {
            Column previous = old.column(column.name()).orElse(null);
            if (previous == null) {
                if (!column.inherited()) {
                    addColumn(target, column);
                } else if (target.hasParent()) {
                    inheritedColumnDifferences(target, column);
                }
            } else if (column.inherited() && previous.inherited()) {
                // The parent's ALTER reaches it; only its comment is its own.
                if (!Objects.equals(previous.comment(), column.comment())) {
                    comments.add(commentOnColumn(target, column));
                }
            } else {
                alterColumn(target, previous, column);
            }
        }
        constraintChanges(old, target);
        indexChanges(old, target);
        for (String key : LAYOUT) {
            String before = old.layout().get(key);
            String after = target.layout().get(key);
            if (!Objects.equals(before, after)) {
                if (key.equals("storage parameters") && before != null) {
                    alterTables.add(alter + " RESET (" + optionNames(before) + ");");
                    if (after != null) {
                        alterTables.add(alter + " SET (" + after + ");");
                    }
                } else if (key.equals("row level security") || key.equals("force row level security")
                        || key.equals("replica identity") || key.equals("cluster on")) {
                    policies.add(layoutStatement(target, key, after));
                } else {
                    alterTables.add(layoutStatement(target, key, after));
                }
            }
        }
        if (!Objects.equals(old.comment(), target.comment())) {
            comments.add("COMMENT ON TABLE " + target.ident() + " IS " + literal(target.comment()) + ";");
        }
        grants(target.grants(), old.grants(), "TABLE " + target.ident());
        owner(old.owner(), target.owner(), "TABLE " + target.ident());
    }

    /** What {@link Table#layout()} holds, in the order it is changed. */
    private static final List<String> LAYOUT = List.of("row level security", "force row level security",
            "storage parameters", "unlogged", "replica identity", "cluster on", "access method", "tablespace");

    private static String optionNames(String options) {
        return List.of(options.split(", ")).stream().map(o -> o.substring(0, o.indexOf('=')))
                .collect(Collectors.joining(", "));
    }

    private static String layoutStatement(Table table, String key, String value) {
        String alter = "ALTER TABLE " + table.ident();
        return switch (key) {
            case "row level security" -> alter + (value == null ? " DISABLE" : " ENABLE") + " ROW LEVEL SECURITY;";
            case "force row level security" ->
                    alter + (value == null ? " NO FORCE" : " FORCE") + " ROW LEVEL SECURITY;";
            case "storage parameters" -> alter + " SET (" + value + ");";
            case "unlogged" -> alter + (value == null ? " SET LOGGED;" : " SET UNLOGGED;");
            case "replica identity" -> alter + " REPLICA IDENTITY " + (value == null ? "DEFAULT" : value) + ";";
            case "cluster on" -> alter + (value == null ? " SET WITHOUT CLUSTER;" : " CLUSTER ON " + value + ";");
            case "access method" -> alter + " SET ACCESS METHOD " + (value == null ? "heap" : value) + ";";
            case "tablespace" -> alter + " SET TABLESPACE " + (value == null ? "pg_default" : value) + ";";
            default -> throw new IllegalArgumentException(key);
        };
    }

    private void constraintChanges(Table old, Table target) {
        Map<String, Constraint> gone = new TreeMap<>();
        Map<String, Constraint> added = new TreeMap<>();
        for (Constraint constraint : sorted(old.constraints())) {
            Constraint wanted = target.constraints().get(constraint.name());
            if (wanted == null || !wanted.definition().equals(constraint.definition())
                    || forced.contains(old.name() + "|" + constraint.name())) {
                gone.put(constraint.name(), constraint);
            }
        }
        for (Constraint constraint : sorted(target.constraints())) {
            Constraint previous = old.constraints().get(constraint.name());
            if (previous == null || !previous.definition().equals(constraint.definition())
                    || forced.contains(old.name() + "|" + constraint.name())) {
                added.put(constraint.name(), constraint);
            } else {
                constraintComment(target, previous, constraint);
            }
        }
        // A constraint that keeps its definition under a new name is renamed.
        for (Constraint constraint : List.copyOf(gone.values())) {
            List<Constraint> same = added.values().stream()
                    .filter(c -> c.definition().equals(constraint.definition()) && c.kind() == constraint.kind()
                            && !old.constraints().containsKey(c.name()))
                    .toList();
            if (same.size() == 1 && !target.constraints().containsKey(constraint.name())) {
                Constraint renamed = same.get(0);
                alterColumns.add("ALTER TABLE " + target.ident() + " RENAME CONSTRAINT " + constraint.ident() + " TO "
                        + renamed.ident() + ";");
                notes.add("renames constraint " + constraint.name() + " of " + target.name() + " to " + renamed.name()
                        + ", which keeps its definition");
                gone.remove(constraint.name());
                added.remove(renamed.name());
                constraintComment(target, constraint, renamed);
            }
        }
        for (Constraint constraint : gone.values()) {
            if (constraint.local()) {
                (constraint.isForeignKey() ? dropForeignKeys : dropConstraints).add(dropConstraint(target, constraint));
            }
        }
        for (Constraint constraint : added.values()) {
            if (!constraint.local()) {
                continue;
            }
            (constraint.isForeignKey() ? addForeignKeys : addConstraints).add(addConstraint(old, constraint));
            if (constraint.kind() != 'p' && !constraint.notValid()) {
                notes.add("adding constraint " + constraint.name() + " fails while a row of " + target.name()
                        + " violates it");
            }
            constraintComment(target, null, constraint);
        }
    }

    private void indexChanges(Table old, Table target) {
        Map<String, Index> gone = new TreeMap<>();
        Map<String, Index> added = new TreeMap<>();
        for (Index index : sorted(old.indexes())) {
            Index wanted = target.indexes().get(index.name());
            if (wanted == null || !wanted.definition().equals(index.definition())
                    || forced.contains(old.name() + "|" + index.name())) {
                gone.put(index.name(), index);
            }
        }
        for (Index index : sorted(target.indexes())) {
            Index previous = old.indexes().get(index.name());
            if (previous == null || !previous.definition().equals(index.definition())
                    || forced.contains(old.name() + "|" + index.name())) {
                added.put(index.name(), index);
            } else {
                indexComment(previous, index);
            }
        }
        for (Index index : List.copyOf(gone.values())) {
            List<Index> same = added.values().stream()
                    .filter(i -> anonymous(i).equals(anonymous(index)) && !old.indexes().containsKey(i.name()))
                    .toList();
            if (same.size() == 1 && !target.indexes().containsKey(index.name())) {
                Index renamed = same.get(0);
                alterColumns
                        .add("ALTER INDEX " + index.ident() + " RENAME TO " + bareName(target, renamed.ident()) + ";");
                notes.add("renames index " + index.name() + " of " + target.name() + " to " + renamed.name()
                        + ", which keeps its definition");
                gone.remove(index.name());
                added.remove(renamed.name());
                indexComment(index, renamed);
            }
        }
        boolean concurrently = mode == Mode.STEPS && target.partitionKey() == null;
        for (Index index : gone.values()) {
            String ident = index.ident();
            if (concurrently && !forced.contains(old.name() + "|" + index.name())) {
                concurrent.add("DROP INDEX CONCURRENTLY IF EXISTS " + ident + ";");
            } else {
                dropIndexes.add(lint("DROP INDEX " + ident + ";", "the index is dropped with the change around it",
                        "require-concurrent-index-deletion"));
            }
        }
        for (Index index : added.values()) {
            if (concurrently && !referencedByNewForeignKey(target, index)) {
                // A build cut short leaves an invalid index behind: dropping it first makes the
                // migration safe to run again.
                String drop = "DROP INDEX CONCURRENTLY IF EXISTS " + index.ident() + ";";
                if (!concurrent.contains(drop)) {
                    concurrent.add(drop);
                }
                concurrent.add(index.definition().replaceFirst("^CREATE (UNIQUE )?INDEX ",
                        "CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ") + ";");
            } else {
                createIndexes.add(indexInMain(target, index, false));
            }
            indexComment(null, index);
        }
    }

    /** A unique index that a foreign key added in the same change needs must exist before it. */
    private boolean referencedByNewForeignKey(Table table, Index index) {
        if (!index.definition().startsWith("CREATE UNIQUE")) {
            return false;
        }
        return to.tables().values().stream()
                .flatMap(t -> t.constraints().values().stream())
                .anyMatch(c -> c.isForeignKey() && c.definition().contains("REFERENCES " + table.ident() + "("));
    }

    private String indexInMain(Table table, Index index, boolean newTable) {
        String statement = index.definition() + ";";
        return newTable ? statement
                : lint(statement, "the index is built with the change around it, inside its transaction",
                        "require-concurrent-index-creation");
    }

    /** The index definition without its name, to find one renamed. */
    private static String anonymous(Index index) {
        return index.definition().replaceFirst("^CREATE (UNIQUE )?INDEX (\"[^\"]*\"|\\S+) ON ", "CREATE $1INDEX ? ON ");
    }

    /** An index's name without the schema that its table's name carries, as RENAME TO takes it. */
    private String bareName(Table table, String indexIdent) {
        if (table.schema().equals(to.home())) {
            return indexIdent;
        }
        return indexIdent.substring(table.ident().lastIndexOf('.') + 1);
    }

    private void addColumn(Table table, Column column) {
        Set<String> rules = new TreeSet<>(typeRules(column));
        List<String> reasons = new ArrayList<>();
        if (!rules.isEmpty()) {
            reasons.add("the declared schema asks for this type");
        }
        if (column.generated() != null || column.identity() != null || column.serialType() != null
                || (column.defaultValue() != null && column.defaultValue().contains("("))) {
            rules.add("adding-field-with-default");
            reasons.add("its values are computed for every row");
        }
        if (column.notNull() && column.defaultValue() == null && column.identity() == null
                && column.generated() == null && column.serialType() == null) {
            rules.add("adding-required-field");
            reasons.add("the declared schema makes it required");
            notes.add("the new column " + table.name() + "." + column.name() + " is NOT NULL without a default:"
                    + " adding it fails while " + table.name() + " has rows; give it a default that fills them");
        }
        alterColumns.add(lint("ALTER TABLE " + table.ident() + " ADD COLUMN " + columnDefinition(column) + ";",
                String.join("; ", reasons), rules.toArray(String[]::new)));
        if (column.comment() != null) {
            comments.add(commentOnColumn(table, column));
        }
    }

    private void alterColumn(Table table, Column old, Column target) {
        String alter = "ALTER TABLE " + table.ident() + " ALTER COLUMN " + target.ident();
        String label = table.name() + "." + target.name();
        if (!Objects.equals(old.generated(), target.generated())) {
            if (target.generated() == null) {
                alterColumns.add(alter + " DROP EXPRESSION;");
            } else if (old.generated() != null) {
                alterColumns.add(lint(alter + " SET EXPRESSION AS (" + target.generated() + ");",
                        "the values are computed again for every row", "changing-column-type"));
            } else {
                // PostgreSQL cannot make a column generated in place: it is dropped and added again.
                dropColumns.add(lint("ALTER TABLE " + table.ident() + " DROP COLUMN " + old.ident() + ";",
                        "the column is replaced by a generated one", "ban-drop-column"));
                addColumn(table, target);
                destructive.add("replaces column " + label + " by a column generated as (" + target.generated()
                        + "): its values are computed again and the stored ones are lost");
                return;
            }
        }
        boolean typeChanged = !old.type().equals(target.type()) || !Objects.equals(old.collation(), target.collation());
        boolean swappedType = !typeChanged && swapped.stream().anyMatch(s -> s.endsWith(" " + baseType(old.type())));
        boolean defaultsEqual = Objects.equals(old.defaultValue(), target.defaultValue());
        // The swap of an enum type drops the column's default and sets it again when it stays.
        boolean reset = resetDefaults.contains(label) || (swappedType && !defaultsEqual);
        boolean defaultChanged = (!defaultsEqual || reset) && !(swappedType && defaultsEqual);
        if (old.identity() != null && !old.identity().equals(target.identity())) {
            alterColumns.add(target.identity() == null
                    ? alter + " DROP IDENTITY;"
                    : alter + " SET GENERATED " + target.identity() + ";");
        }
        // The old default may not convert to the new type, so it goes before the type changes.
        if (old.defaultValue() != null && !reset
                && (typeChanged || (defaultChanged && target.defaultValue() == null))) {
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
            Set<String> rules = new TreeSet<>(typeRules(target));
            rules.add("changing-column-type");
            alterColumns.add(lint(statement + ";", "the declared schema changes the type; the table is rewritten"
                    + " under a lock", rules.toArray(String[]::new)));
            if (narrows(old, target)) {
                destructive.add("changes column " + label + " from " + old.type() + " to " + target.type()
                        + ", which does not hold every value of the old type");
            }
        }
        if (target.defaultValue() != null && (defaultChanged || typeChanged)) {
            alterColumns.add(alter + " SET DEFAULT " + target.defaultValue() + ";");
        }
        if (old.notNull() != target.notNull()) {
            if (target.notNull()) {
                alterColumns.add(lint(alter + " SET NOT NULL;", "the declared schema makes it required",
                        "adding-not-nullable-field"));
                notes.add("SET NOT NULL on " + label + " fails while a row holds NULL there; fill those rows first");
            } else {
                alterColumns.add(lint(alter + " DROP NOT NULL;", "the declared schema allows NULL here",
                        "ban-drop-not-null"));
            }
        }
        if (old.identity() == null && target.identity() != null) {
            alterColumns.add(alter + " ADD GENERATED " + target.identity() + " AS IDENTITY"
                    + (target.identityOptions().isEmpty() ? "" : " (" + target.identityOptions() + ")") + ";");
        } else if (old.identity() != null && target.identity() != null
                && !old.identityOptions().equals(target.identityOptions())) {
            alterColumns.add(alter + identitySet(target.identitySequence()) + ";");
        }
        if (!Objects.equals(old.storage(), target.storage())) {
            alterColumns.add("ALTER TABLE " + table.ident() + " " + storageClauses(old.storage(), target.storage())
                    .stream().map(c -> "ALTER COLUMN " + target.ident() + " " + c).collect(Collectors.joining(", "))
                    + ";");
        }
        if (!Objects.equals(old.comment(), target.comment())) {
            comments.add(commentOnColumn(table, target));
        }
    }

    /** {@code SET STORAGE ...} and the others, resetting to the defaults what the target leaves out. */
    private static List<String> storageClauses(String old, String target) {
        List<String> clauses = new ArrayList<>();
        if (!target.isEmpty()) {
            clauses.addAll(List.of(target.split(" (?=SET )")));
        }
        if (old.contains("SET STATISTICS") && !target.contains("SET STATISTICS")) {
            clauses.add("SET STATISTICS -1");
        }
        if (old.contains("SET COMPRESSION") && !target.contains("SET COMPRESSION")) {
            clauses.add("SET COMPRESSION DEFAULT");
        }
        Matcher options = Pattern.compile("SET \\(([^)]*)\\)").matcher(old);
        if (options.find() && !target.contains("SET (")) {
            clauses.add("RESET (" + optionNames(options.group(1)) + ")");
        }
        if (old.contains("SET STORAGE") && !target.contains("SET STORAGE")) {
            clauses.add("SET STORAGE DEFAULT");
        }
        return clauses;
    }

    /** {@code AS bigint INCREMENT BY 1 ...} as ALTER COLUMN's {@code SET INCREMENT BY 1 SET ...}. */
    private static String identitySet(String sequence) {
        return sequence.replaceFirst("^AS \\S+ ", " ")
                .replace(" INCREMENT BY", " SET INCREMENT BY")
                .replace(" MINVALUE", " SET MINVALUE")
                .replace(" MAXVALUE", " SET MAXVALUE")
                .replace(" START WITH", " SET START WITH")
                .replace(" CACHE", " SET CACHE")
                .replaceFirst(" (NO )?CYCLE$", " SET $1CYCLE");
    }

    private static String baseType(String type) {
        return type.endsWith("[]") ? type.substring(0, type.length() - 2) : type;
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

    // ---------------------------------------------------------------- other objects

    private void objects(Map<String, DbObject> fromObjects, Map<String, DbObject> toObjects) {
        // Drops, dependents first (the reverse of the order they are created in).
        List<String> dropOrder = dependencyOrder(fromObjects.keySet(), from);
        List<String> reversed = new ArrayList<>(dropOrder);
        java.util.Collections.reverse(reversed);
        List<String> dropPolicies = new ArrayList<>();
        List<String> dropTriggers = new ArrayList<>();
        List<String> dropViews = new ArrayList<>();
        List<String> dropExtensions = new ArrayList<>();
        List<String> dropSchemas = new ArrayList<>();
        for (String label : reversed) {
            DbObject old = fromObjects.get(label);
            boolean gone = !toObjects.containsKey(label);
            if (!gone && !rebuilt.contains(label)) {
                continue;
            }
            if (gone && skipDrop(old)) {
                continue;
            }
            String drop = old.drop();
            switch (old.kind()) {
                case POLICY -> dropPolicies.add(drop);
                case TRIGGER -> dropTriggers.add(drop);
                case VIEW, MATERIALIZED_VIEW, INDEX -> dropViews.add(drop);
                case FUNCTION, PROCEDURE -> dropRoutines.add(drop);
                case DOMAIN, COMPOSITE, ENUM, SEQUENCE, COLLATION -> dropTypes.add(drop);
                case EXTENSION -> dropExtensions.add(drop);
                case SCHEMA -> dropSchemas.add(drop);
            }
            if (gone && old.kind() == Kind.SEQUENCE && old.part("owned by") != null) {
                dropDefaultsUsing(old);
            }
        }
        dropDependents.addAll(dropPolicies);
        dropDependents.addAll(dropTriggers);
        dropDependents.addAll(dropViews);
        dropLast.addAll(dropExtensions);
        dropLast.addAll(dropSchemas);

        // Creates and changes, dependencies first.
        List<String> createOrder = dependencyOrder(toObjects.keySet(), to);
        List<String> createSchemas = new ArrayList<>();
        List<String> createExtensions = new ArrayList<>();
        List<String> createCollations = new ArrayList<>();
        for (String label : createOrder) {
            DbObject target = toObjects.get(label);
            DbObject old = fromObjects.get(label);
            boolean create = old == null || rebuilt.contains(label);
            if (create) {
                if (!skipCreate(target)) {
                    List<String> phase = switch (target.kind()) {
                        case SCHEMA -> createSchemas;
                        case EXTENSION -> createExtensions;
                        case COLLATION -> createCollations;
                        case ENUM, DOMAIN, COMPOSITE -> createTypes;
                        case SEQUENCE -> sequences;
                        case FUNCTION, PROCEDURE -> dependsOnTable(label) ? routinesAfterTables : routines;
                        case VIEW, MATERIALIZED_VIEW, INDEX -> views;
                        case TRIGGER -> triggers;
                        case POLICY -> policies;
                    };
                    for (String statement : target.create()) {
                        phase.add(createStatement(target, statement));
                    }
                }
                if (target.kind() == Kind.SEQUENCE && target.part("owned by") != null && !skipCreate(target)) {
                    ownedBy.add(
                            "ALTER SEQUENCE " + target.ident() + " OWNED BY " + target.part("owned by ident") + ";");
                }
            } else {
                changeInPlace(old, target, createExtensions);
            }
            Map<String, String> commentsBefore = create
                    ? (target.kind() == Kind.EXTENSION ? target.comments() : Map.of())
                    : old.comments();
            objectComments(commentsBefore, target.comments());
            if (target.grantTarget() != null) {
                Set<Grant> before = create ? defaultGrants(target.kind()) : old.grants();
                grants(target.grants(), before, target.grantTarget());
            }
            if (target.kind().hasOwner()) {
                owner(create ? null : old.owner(), target.owner(), target.kind().keyword() + " " + target.ident());
            }
        }
        createFirst.addAll(createSchemas);
        createFirst.addAll(createExtensions);
        createFirst.addAll(createCollations);
    }

    /** A sequence owned by a column is dropped with it. */
    private boolean skipDrop(DbObject sequence) {
        return sequence.kind() == Kind.SEQUENCE && sequence.part("owned by") != null && !ownerIn(to, sequence);
    }

    /** A serial column's sequence is created with its column. */
    private boolean skipCreate(DbObject sequence) {
        return sequence.kind() == Kind.SEQUENCE && sequence.part("serial") != null && !ownerIn(from, sequence);
    }

    /** Whether the column that owns {@code sequence} is in {@code schema}. */
    private static boolean ownerIn(Schema schema, DbObject sequence) {
        String owner = sequence.part("owned by");
        Table table = schema.tables().get(owner.substring(0, owner.lastIndexOf('.')));
        return table != null && table.column(owner.substring(owner.lastIndexOf('.') + 1)).isPresent();
    }

    /** Columns whose default draws from a sequence about to be dropped lose it first. */
    private void dropDefaultsUsing(DbObject sequence) {
        from.dependencies().forEach((dependent, on) -> {
            if (on.contains(sequence.label()) && dependent.startsWith("column ")) {
                String column = dependent.substring("column ".length());
                String table = column.substring(0, column.lastIndexOf('.'));
                Table old = from.tables().get(table);
                Table target = to.tables().get(table);
                if (old != null && target != null && !resetDefaults.contains(column)) {
                    old.column(column.substring(column.lastIndexOf('.') + 1)).ifPresent(c -> {
                        resetDefaults.add(column);
                        dropConstraints.add(0, "ALTER TABLE " + old.ident() + " ALTER COLUMN " + c.ident()
                                + " DROP DEFAULT;");
                    });
                }
            }
        });
    }

    private boolean dependsOnTable(String label) {
        return to.dependencies().getOrDefault(label, Set.of()).stream().anyMatch(l -> l.startsWith("table "));
    }

    /** The statement with what squawk would say of it answered, where the change cannot avoid it. */
    private String createStatement(DbObject object, String statement) {
        if (object.kind() == Kind.DOMAIN && statement.contains(" CONSTRAINT ")) {
            return lint(statement, "the declared schema gives the domain this constraint",
                    "ban-create-domain-with-constraint");
        }
        if (object.kind() == Kind.INDEX) {
            return lint(statement, "the index is built inside the migration's transaction, with its materialized view",
                    "require-concurrent-index-creation");
        }
        if (object.kind() == Kind.FUNCTION || object.kind() == Kind.PROCEDURE) {
            // pg_dump's way: a body is checked when the function runs, not when the tables it reads
            // may not exist yet.
            return "SET LOCAL check_function_bodies = off;\n" + statement;
        }
        return statement;
    }

    private void changeInPlace(DbObject old, DbObject target, List<String> createExtensions) {
        if (old.definition().equals(target.definition())) {
            return;
        }
        switch (old.kind()) {
            case FUNCTION, PROCEDURE -> routines.add(createStatement(target, target.create().get(0)));
            case TRIGGER -> triggers.addAll(target.create().size() > 1 ? target.create().subList(1, 2)
                    : List.of("ALTER TABLE " + target.part("table") + " ENABLE TRIGGER "
                            + target.ident().substring(0, target.ident().indexOf(" ON ")) + ";"));
            case ENUM -> enumChange(old, target);
            case DOMAIN -> domainChange(old, target);
            case SEQUENCE -> {
                if (!old.part("options").equals(target.part("options"))) {
                    sequences.add("ALTER SEQUENCE " + target.ident() + " " + target.part("options") + ";");
                }
                if (!Objects.equals(old.part("owned by"), target.part("owned by"))) {
                    ownedBy.add("ALTER SEQUENCE " + target.ident() + " OWNED BY "
                            + (target.part("owned by ident") == null ? "NONE" : target.part("owned by ident")) + ";");
                }
            }
            case EXTENSION -> {
                if (!old.part("version").equals(target.part("version"))) {
                    createExtensions.add("ALTER EXTENSION " + target.ident() + " UPDATE TO "
                            + literal(target.part("version")) + ";");
                }
                if (!old.part("schema").equals(target.part("schema"))) {
                    createExtensions.add("ALTER EXTENSION " + target.ident() + " SET SCHEMA " + target.part("schema")
                            + ";");
                }
            }
            default -> {
                // Rebuilt or refused in classifyChange.
            }
        }
    }

    private void enumChange(DbObject old, DbObject target) {
        if (!swapped.contains(old.label())) {
            // Values added around the old ones, each placed by its neighbour.
            List<String> values = new ArrayList<>(old.values());
            for (int i = 0; i < target.values().size(); i++) {
                String value = target.values().get(i);
                if (values.contains(value)) {
                    continue;
                }
                String placement = i > 0 ? " AFTER " + literal(target.values().get(i - 1))
                        : " BEFORE " + literal(target.values().get(1));
                enumValues.add("ALTER TYPE " + target.ident() + " ADD VALUE " + literal(value) + placement + ";");
                values.add(value);
            }
            return;
        }
        // PostgreSQL cannot remove or reorder enum values: a new type takes the old one's place,
        // and every column of the old type is converted through text.
        String renamed = old.name().substring(old.name().lastIndexOf('.') + 1) + "__old";
        String schemaPrefix = old.ident().contains(".") ? old.ident().substring(0, old.ident().lastIndexOf('.') + 1)
                : "";
        enumSwaps.add("ALTER TYPE " + old.ident() + " RENAME TO " + renamed + ";");
        enumSwaps.add(target.create().get(0));
        for (String column : tableColumnsUsing(old.label())) {
            String name = column.substring("column ".length());
            String tableName = name.substring(0, name.lastIndexOf('.'));
            Table before = from.tables().get(tableName);
            Table after = to.tables().get(tableName);
            Column c = before.column(name.substring(name.lastIndexOf('.') + 1)).orElseThrow();
            if (after == null || after.column(c.name()).isEmpty() || c.inherited()) {
                continue;
            }
            Column wanted = after.column(c.name()).get();
            String alter = "ALTER TABLE " + before.ident() + " ALTER COLUMN " + c.ident();
            if (c.defaultValue() != null) {
                enumSwaps.add(alter + " DROP DEFAULT;");
            }
            boolean array = c.type().endsWith("[]");
            enumSwaps.add(lint(alter + " TYPE " + target.ident() + (array ? "[]" : "") + " USING " + c.ident()
                    + (array ? "::text[]::" : "::text::") + target.ident() + (array ? "[]" : "") + ";",
                    "the column moves to the new type; the table is rewritten under a lock", "changing-column-type"));
            if (wanted.defaultValue() != null && Objects.equals(c.defaultValue(), wanted.defaultValue())) {
                enumSwaps.add(alter + " SET DEFAULT " + wanted.defaultValue() + ";");
            }
        }
        enumSwaps.add("DROP TYPE " + schemaPrefix + renamed + ";");
        List<String> removed = old.values().stream().filter(v -> !target.values().contains(v)).toList();
        if (!removed.isEmpty()) {
            List<String> added = target.values().stream().filter(v -> !old.values().contains(v)).toList();
            notes.add("converting the columns of " + old.label() + " fails while a row holds "
                    + removed.stream().map(SchemaDiff::literal).collect(Collectors.joining(" or "))
                    + ", which the new type does not have" + (removed.size() == 1 && added.size() == 1
                            ? renameHint(removed.get(0), Set.of(added.get(0)), old.name() + ".")
                            : ""));
        }
    }

    private void domainChange(DbObject old, DbObject target) {
        String alter = "ALTER DOMAIN " + target.ident();
        if (!Objects.equals(old.part("default"), target.part("default"))) {
            createTypes.add(alter + (target.part("default") == null ? " DROP DEFAULT;"
                    : " SET DEFAULT " + target.part("default") + ";"));
        }
        if (!Objects.equals(old.part("not null"), target.part("not null"))) {
            createTypes.add(alter + (target.part("not null") == null ? " DROP NOT NULL;" : " SET NOT NULL;"));
        }
        for (Map.Entry<String, String> part : old.parts().entrySet()) {
            if (part.getKey().startsWith("constraint ") && !part.getValue().equals(target.part(part.getKey()))) {
                createTypes.add(alter + " DROP CONSTRAINT " + part.getKey().substring("constraint ".length()) + ";");
            }
        }
        for (Map.Entry<String, String> part : target.parts().entrySet()) {
            if (part.getKey().startsWith("constraint ") && !part.getValue().equals(old.part(part.getKey()))) {
                createTypes.add(lint(alter + " ADD CONSTRAINT " + part.getKey().substring("constraint ".length())
                        + " " + part.getValue() + ";", "the declared schema gives the domain this constraint",
                        "ban-alter-domain-with-add-constraint"));
                notes.add("adding constraint " + part.getKey().substring("constraint ".length()) + " to "
                        + target.label() + " fails while a value of a column of that domain violates it");
            }
        }
    }

    /**
     * The labels ordered so that each comes after what it depends on in {@code schema}; labels
     * with no order between them stay in name order.
     */
    private static List<String> dependencyOrder(Set<String> labels, Schema schema) {
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        Set<String> wanted = new TreeSet<>(labels);
        for (String label : wanted) {
            place(label, wanted, schema, placed, ordered, new HashSet<>());
        }
        return ordered;
    }

    private static void place(String label, Set<String> wanted, Schema schema, Set<String> placed,
            List<String> ordered, Set<String> visiting) {
        if (placed.contains(label) || !visiting.add(label)) {
            return;
        }
        for (String dependency : dependenciesOf(label, schema, new HashSet<>())) {
            if (wanted.contains(dependency)) {
                place(dependency, wanted, schema, placed, ordered, visiting);
            }
        }
        placed.add(label);
        ordered.add(label);
    }

    /** What {@code label} depends on, looking through tables and columns to the objects behind them. */
    private static Set<String> dependenciesOf(String label, Schema schema, Set<String> seen) {
        Set<String> result = new LinkedHashSet<>();
        for (String dependency : schema.dependencies().getOrDefault(label, Set.of())) {
            if (!seen.add(dependency)) {
                continue;
            }
            result.add(dependency);
            if (dependency.startsWith("column ") || dependency.startsWith("table ")) {
                result.addAll(dependenciesOf(dependency, schema, seen));
                if (dependency.startsWith("column ")) {
                    String column = dependency.substring("column ".length());
                    String relation = column.substring(0, column.lastIndexOf('.'));
                    for (String kind : List.of("table ", "view ", "materialized view ", "composite type ")) {
                        if (seen.add(kind + relation)) {
                            result.add(kind + relation);
                            result.addAll(dependenciesOf(kind + relation, schema, seen));
                        }
                    }
                }
            }
        }
        return result;
    }

    private static Set<Grant> defaultGrants(Kind kind) {
        return kind.publicByDefault().stream().map(p -> new Grant(p, null, "PUBLIC", false))
                .collect(Collectors.toSet());
    }

    private void grants(Set<Grant> target, Set<Grant> before, String on) {
        for (Grant grant : new TreeSet<>(before)) {
            if (!target.contains(grant)) {
                grants.add(grant.revokeOn(on));
            }
        }
        for (Grant grant : new TreeSet<>(target)) {
            if (!before.contains(grant)) {
                grants.add(grant.grantOn(on));
            }
        }
    }

    private void owner(String before, String after, String what) {
        if (!Objects.equals(before, after)) {
            grants.add("ALTER " + what + " OWNER TO " + (after == null ? "CURRENT_USER" : after) + ";");
        }
    }

    private void objectComments(Map<String, String> before, Map<String, String> after) {
        Set<String> targets = new TreeSet<>(before.keySet());
        targets.addAll(after.keySet());
        for (String target : targets) {
            if (!Objects.equals(before.get(target), after.get(target))) {
                comments.add("COMMENT ON " + target + " IS " + literal(after.get(target)) + ";");
            }
        }
    }

    private void compareOthers() {
        Set<String> labels = new TreeSet<>(from.others().keySet());
        labels.addAll(to.others().keySet());
        for (String label : labels) {
            String old = from.others().get(label);
            String target = to.others().get(label);
            String keyword = keyword(label);
            if (label.startsWith("default privileges")) {
                if (!Objects.equals(old, target)) {
                    unsupported.add(label + " differ; this generator writes no DDL for them: write them by hand"
                            + " with ALTER DEFAULT PRIVILEGES");
                }
            } else if (old == null) {
                unsupported.add(label + " is new; this generator writes no DDL for it: write it by hand with"
                        + " CREATE " + keyword);
            } else if (target == null) {
                unsupported.add(label + " is gone; this generator writes no DDL for it: write it by hand with"
                        + " DROP " + keyword);
            } else if (!old.equals(target)) {
                unsupported.add(label + " changed; this generator writes no DDL for it: write it by hand with"
                        + " ALTER " + keyword + ", or DROP " + keyword + " and CREATE " + keyword);
            }
        }
    }

    /** The SQL keyword of a kind the generator writes no DDL for, from its label. */
    private static String keyword(String label) {
        for (String[] kind : KEYWORDS) {
            if (label.startsWith(kind[0] + " ")) {
                return kind[1];
            }
        }
        return label.substring(0, label.indexOf(' ')).toUpperCase(java.util.Locale.ROOT);
    }

    private static final String[][] KEYWORDS = {{"operator class", "OPERATOR CLASS"},
            {"operator family", "OPERATOR FAMILY"}, {"foreign table", "FOREIGN TABLE"}, {"typed table", "TABLE ... OF"},
            {"range type", "TYPE ... AS RANGE"}, {"text search configuration", "TEXT SEARCH CONFIGURATION"},
            {"text search dictionary", "TEXT SEARCH DICTIONARY"}, {"text search parser", "TEXT SEARCH PARSER"},
            {"text search template", "TEXT SEARCH TEMPLATE"}, {"event trigger", "EVENT TRIGGER"},
            {"foreign-data wrapper", "FOREIGN DATA WRAPPER"}, {"user mapping", "USER MAPPING"},
            {"access method", "ACCESS METHOD"}};

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
            if (!column.identityOptions().isEmpty()) {
                definition.append(" (").append(column.identityOptions()).append(")");
            }
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

    /** The squawk rules about a column's type that the declared schema chose. */
    private static Set<String> typeRules(Column column) {
        Set<String> rules = new TreeSet<>();
        String type = baseType(column.type());
        if (column.serialType() != null) {
            rules.add("prefer-identity");
        }
        if (type.equals("integer")) {
            rules.add("prefer-bigint-over-int");
        } else if (type.equals("smallint")) {
            rules.add("prefer-bigint-over-smallint");
        } else if (type.startsWith("character varying(")) {
            rules.add("prefer-text-field");
        } else if (type.startsWith("timestamp") && type.contains("without time zone")) {
            rules.add("prefer-timestamp-tz");
        } else if (type.startsWith("character(") || type.equals("character") || type.equals("\"char\"")) {
            rules.add("ban-char-field");
        }
        return rules;
    }

    /**
     * {@code statement} preceded by the reason and squawk's ignore comment for {@code rules}: the
     * declared schema asks for what squawk warns of. Only forward migrations are linted.
     */
    private String lint(String statement, String reason, String... rules) {
        if (rules.length == 0 || mode != Mode.STEPS) {
            return statement;
        }
        return "-- " + capitalized(reason) + ".\n-- squawk-ignore " + String.join(", ", rules) + "\n" + statement;
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String dropConstraint(Table table, Constraint constraint) {
        return "ALTER TABLE " + table.ident() + " DROP CONSTRAINT " + constraint.ident() + ";";
    }

    /** ADD CONSTRAINT on an existing table: squawk's findings answered, since the declared schema asks for it. */
    private String addConstraint(Table table, Constraint constraint) {
        String statement = "ALTER TABLE " + table.ident() + " ADD CONSTRAINT " + constraint.ident() + " "
                + constraint.definition() + ";";
        if (constraint.notValid()) {
            // The rows already there are not checked, so squawk has nothing to say about it.
            return statement;
        }
        List<String> rules = new ArrayList<>(List.of("constraint-missing-not-valid"));
        if (constraint.kind() == 'f') {
            rules.add("adding-foreign-key-constraint");
        } else if (constraint.kind() == 'u') {
            rules.add("disallowed-unique-constraint");
        } else if (constraint.kind() == 'p') {
            rules.add("adding-serial-primary-key-field");
        }
        return lint(statement, "the declared schema adds it; the rows are checked under a lock",
                rules.toArray(String[]::new));
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
    public static String literal(String text) {
        return text == null ? "NULL" : "'" + text.replace("'", "''") + "'";
    }

    private static <T> List<T> sorted(Map<String, T> byName) {
        return byName.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
    }
}
