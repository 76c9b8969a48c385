package dev.schemakit.devtools.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the connection's current schema (normally {@code public}) from pg_catalog into a
 * {@link Schema}. Flyway's history table is left out: it is the tool's, not the application's.
 */
public final class CatalogReader {

    /** The table Flyway records applied migrations in. */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    private static final String TABLES = """
            SELECT c.oid, c.relname, quote_ident(c.relname), obj_description(c.oid, 'pg_class')
              FROM pg_class c
             WHERE c.relnamespace = current_schema()::regnamespace
               AND c.relkind = 'r'
               AND c.relname <> ?
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
             ORDER BY c.relname
            """;

    // A serial column owns (pg_depend deptype 'a') the sequence its default calls nextval on.
    private static final String COLUMNS = """
            SELECT a.attrelid, a.attname, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),
                   a.atttypid::int, a.atttypmod, t.typcategory::text, a.attnotnull,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END,
                   CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   CASE WHEN a.attcollation <> t.typcollation
                        THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
                   (SELECT CASE t.typname WHEN 'int4' THEN 'serial' WHEN 'int8' THEN 'bigserial'
                                          WHEN 'int2' THEN 'smallserial' END
                      FROM pg_depend sd JOIN pg_class s ON s.oid = sd.objid AND s.relkind = 'S'
                     WHERE sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum AND sd.deptype = 'a'
                       AND pg_get_expr(d.adbin, d.adrelid) = 'nextval(' || quote_literal(s.oid::regclass::text) || '::regclass)'),
                   col_description(a.attrelid, a.attnum)
              FROM pg_attribute a
              JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              LEFT JOIN pg_collation co ON co.oid = a.attcollation
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
             WHERE a.attrelid = ANY (?) AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attrelid, a.attnum
            """;

    // Not-null constraints (contype 'n', PostgreSQL 18) are the columns' notNull.
    private static final String CONSTRAINTS = """
            SELECT conrelid, conname, quote_ident(conname), contype::text, pg_get_constraintdef(oid),
                   obj_description(oid, 'pg_constraint')
              FROM pg_constraint
             WHERE conrelid = ANY (?) AND contype <> 'n'
             ORDER BY conrelid, conname
            """;

    // Indexes that back a primary key, unique or exclusion constraint of their table come with it.
    private static final String INDEXES = """
            SELECT i.indrelid, ic.relname, quote_ident(ic.relname), pg_get_indexdef(i.indexrelid),
                   obj_description(i.indexrelid, 'pg_class')
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
             WHERE i.indrelid = ANY (?)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                                WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
                                  AND k.contype IN ('p', 'u', 'x'))
             ORDER BY i.indrelid, ic.relname
            """;

    // Everything else in the schema, each as a label and a definition to compare: only noticed.
    private static final String OTHERS = """
            WITH s AS (SELECT current_schema()::regnamespace AS oid),
            ext AS (SELECT objid FROM pg_depend WHERE deptype = 'e')
            SELECT CASE c.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
                                  WHEN 'p' THEN 'partitioned table ' WHEN 'f' THEN 'foreign table '
                                  WHEN 'c' THEN 'type ' ELSE 'relation ' END || c.relname,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid)
                        ELSE (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
                                FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped) END
              FROM pg_class c, s
             WHERE c.relnamespace = s.oid AND c.relkind IN ('v', 'm', 'p', 'f', 'c')
               AND c.oid NOT IN (SELECT objid FROM ext)
            UNION ALL
            SELECT 'sequence ' || c.relname,
                   format('%s start %s increment %s min %s max %s cache %s cycle %s', format_type(q.seqtypid, NULL),
                          q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle)
              FROM pg_class c JOIN pg_sequence q ON q.seqrelid = c.oid, s
             WHERE c.relnamespace = s.oid
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
            UNION ALL
            SELECT CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate ' ELSE 'function ' END
                       || p.oid::regprocedure::text,
                   CASE WHEN p.prokind = 'a' THEN '' ELSE pg_get_functiondef(p.oid) END
              FROM pg_proc p, s
             WHERE p.pronamespace = s.oid AND p.oid NOT IN (SELECT objid FROM ext)
            UNION ALL
            SELECT 'trigger ' || t.tgname || ' on ' || c.relname, pg_get_triggerdef(t.oid)
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid, s
             WHERE c.relnamespace = s.oid AND NOT t.tgisinternal
            UNION ALL
            SELECT CASE t.typtype WHEN 'e' THEN 'enum type ' WHEN 'd' THEN 'domain ' ELSE 'type ' END || t.typname,
                   CASE t.typtype
                        WHEN 'e' THEN (SELECT string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder)
                                         FROM pg_enum WHERE enumtypid = t.oid)
                        WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod) || coalesce(' DEFAULT ' || t.typdefault, '')
                                      || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
                                      || coalesce((SELECT ' ' || string_agg(pg_get_constraintdef(k.oid), ' ' ORDER BY k.conname)
                                                     FROM pg_constraint k WHERE k.contypid = t.oid), '')
                        ELSE t.typtype::text END
              FROM pg_type t, s
             WHERE t.typnamespace = s.oid AND t.typtype IN ('e', 'd', 'r', 'm', 'b')
               AND NOT (t.typtype = 'b' AND t.typcategory = 'A')
               AND t.oid NOT IN (SELECT objid FROM ext)
            UNION ALL
            SELECT 'policy ' || pol.polname || ' on ' || c.relname,
                   pol.polcmd::text || ' ' || coalesce(pg_get_expr(pol.polqual, pol.polrelid), '') || ' '
                       || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), '')
              FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid, s
             WHERE c.relnamespace = s.oid
            UNION ALL
            SELECT 'row level security on ' || c.relname, 'enabled'
              FROM pg_class c, s
             WHERE c.relnamespace = s.oid AND c.relkind = 'r' AND c.relrowsecurity
            UNION ALL
            SELECT 'storage parameters of ' || c.relname, array_to_string(c.reloptions, ', ')
              FROM pg_class c, s
             WHERE c.relnamespace = s.oid AND c.reloptions IS NOT NULL
            UNION ALL
            SELECT 'unlogged table ' || c.relname, 'unlogged'
              FROM pg_class c, s
             WHERE c.relnamespace = s.oid AND c.relpersistence = 'u'
            UNION ALL
            SELECT 'extension ' || e.extname, n.nspname
              FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname <> 'plpgsql'
            """;

    private CatalogReader() {
    }

    /** Reads the current schema of {@code connection}; a failed query is rethrown as is. */
    public static Schema read(Connection connection) throws SQLException {
        Map<Long, String> names = new LinkedHashMap<>();
        Map<Long, String[]> tableRows = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES)) {
            statement.setString(1, HISTORY_TABLE);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getLong(1), rs.getString(2));
                    tableRows.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        Array oids = connection.createArrayOf("oid", names.keySet().toArray());
        Map<Long, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setArray(1, oids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Column(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
                            rs.getString(7), rs.getBoolean(8), rs.getString(9), rs.getString(10), rs.getString(11),
                            rs.getString(12), rs.getString(13), rs.getString(14)));
                }
            }
        }
        Map<Long, Map<String, Constraint>> constraints = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(CONSTRAINTS)) {
            statement.setArray(1, oids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    constraints.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2),
                            new Constraint(rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                                    rs.getString(5), rs.getString(6)));
                }
            }
        }
        Map<Long, Map<String, Index>> indexes = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(INDEXES)) {
            statement.setArray(1, oids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2),
                            new Index(rs.getString(2), rs.getString(3),
                                    unqualified(rs.getString(4), connection.getSchema()), rs.getString(5)));
                }
            }
        }
        Map<String, Table> tables = new TreeMap<>();
        tableRows.forEach((oid, row) -> tables.put(row[0], new Table(row[0], row[1],
                List.copyOf(columns.getOrDefault(oid, List.of())),
                Map.copyOf(constraints.getOrDefault(oid, Map.of())),
                Map.copyOf(indexes.getOrDefault(oid, Map.of())), row[2])));
        Map<String, String> others = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(OTHERS);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                others.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
            }
        }
        return new Schema(tables, others);
    }

    /**
     * pg_get_indexdef always names the table with its schema; a migration should not, so that it
     * applies to whichever schema Flyway is pointed at.
     */
    private static String unqualified(String indexDefinition, String schema) {
        String prefix = " ON "
                + (schema.matches("[a-z_][a-z0-9_]*") ? schema : '"' + schema.replace("\"", "\"\"") + '"') + ".";
        String only = " ON ONLY " + prefix.substring(4);
        return indexDefinition.replaceFirst(Pattern.quote(only), " ON ONLY ")
                .replaceFirst(Pattern.quote(prefix), " ON ");
    }
}
