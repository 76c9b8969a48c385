package dev.schemakit.devtools.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads every schema of the application from pg_catalog into a {@link Schema}: each schema that
 * is not PostgreSQL's own ({@code pg_*}, {@code information_schema}), without the objects that
 * belong to an extension. Flyway's history table is left out: it is the tool's, not the
 * application's. Names are qualified outside the connection's current schema (the home schema,
 * normally {@code public}), so that a migration for the home schema applies wherever Flyway is
 * pointed.
 */
public final class CatalogReader {

    /** The table Flyway records applied migrations in. */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    /** The application's schemas: every schema but PostgreSQL's own. */
    private static final String USER_NS = "(SELECT oid FROM pg_namespace WHERE nspname !~ '^pg_'"
            + " AND nspname <> 'information_schema')";

    private static final String TABLES = """
            SELECT c.oid, %s, %s, n.nspname, obj_description(c.oid, 'pg_class'),
                   CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                   (SELECT %s FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
                           JOIN pg_namespace n ON n.oid = pc.relnamespace
                     WHERE i.inhrelid = c.oid AND c.relispartition),
                   CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
                   ARRAY(SELECT %s FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
                           JOIN pg_namespace n ON n.oid = pc.relnamespace
                          WHERE i.inhrelid = c.oid AND NOT c.relispartition ORDER BY i.inhseqno),
                   c.relrowsecurity, c.relforcerowsecurity, array_to_string(c.reloptions, ', '),
                   c.relpersistence = 'u', c.relreplident::text,
                   (SELECT quote_ident(ic.relname) FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
                     WHERE x.indrelid = c.oid AND x.indisreplident),
                   (SELECT quote_ident(ic.relname) FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
                     WHERE x.indrelid = c.oid AND x.indisclustered),
                   CASE WHEN am.amname <> 'heap' THEN quote_ident(am.amname) END,
                   (SELECT quote_ident(spcname) FROM pg_tablespace WHERE oid = c.reltablespace), %s
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_am am ON am.oid = c.relam
             WHERE c.relkind IN ('r', 'p') AND c.relnamespace IN %s AND c.reloftype = 0
               AND NOT (n.nspname = current_schema() AND c.relname = ?)
               AND %s
             ORDER BY 2
            """.formatted(display("n.nspname", "c.relname"), ident("n.nspname", "c.relname"),
            display("n.nspname", "pc.relname"), display("n.nspname", "pc.relname"), owner("c.relowner"), USER_NS,
            notMember("pg_class", "c.oid"));

    // A serial column owns (pg_depend deptype 'a') the sequence its default calls nextval on.
    private static final String SERIAL = """
            (SELECT CASE t.typname WHEN 'int4' THEN 'serial' WHEN 'int8' THEN 'bigserial'
                                   WHEN 'int2' THEN 'smallserial' END
               FROM pg_depend sd JOIN pg_class s ON s.oid = sd.objid AND s.relkind = 'S'
              WHERE sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum AND sd.deptype = 'a'
                AND pg_get_expr(d.adbin, d.adrelid) = 'nextval(' || quote_literal(s.oid::regclass::text) || '::regclass)'
                AND s.relname = (SELECT relname FROM pg_class WHERE oid = a.attrelid) || '_' || a.attname || '_seq')
            """;

    // Some builds of PostgreSQL 17 (Debian's 17.12) stamp every column with an attoption pg_attver
    // of their own; it says nothing about the schema.
    private static final String COLUMNS = """
            SELECT a.attrelid, a.attname, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod),
                   a.atttypid::int, a.atttypmod, t.typcategory::text, a.attnotnull,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END,
                   CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   CASE WHEN a.attcollation <> t.typcollation
                        THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
                   %s,
                   col_description(a.attrelid, a.attnum), a.attinhcount > 0 AND NOT a.attislocal,
                   concat_ws(' ',
                       CASE WHEN a.attstorage <> t.typstorage THEN 'SET STORAGE ' || CASE a.attstorage
                            WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END END,
                       CASE a.attcompression WHEN 'p' THEN 'SET COMPRESSION pglz' WHEN 'l' THEN 'SET COMPRESSION lz4' END,
                       CASE WHEN a.attstattarget >= 0 THEN 'SET STATISTICS ' || a.attstattarget END,
                       (SELECT 'SET (' || string_agg(o, ', ' ORDER BY o) || ')' FROM unnest(a.attoptions) o
                         WHERE left(o, 10) <> 'pg_attver=')),
                   format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle
              FROM pg_attribute a
              JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              LEFT JOIN pg_collation co ON co.oid = a.attcollation
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
              LEFT JOIN pg_depend qd ON qd.refobjid = a.attrelid AND qd.refobjsubid = a.attnum AND qd.deptype = 'i'
                                    AND qd.classid = 'pg_class'::regclass
              LEFT JOIN pg_sequence q ON q.seqrelid = qd.objid
             WHERE a.attrelid = ANY (?) AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attrelid, a.attnum
            """.formatted(SERIAL);

    // Not-null constraints (contype 'n') are the columns' notNull; constraint triggers are
    // triggers; a partition's copies of its parent's foreign keys (conparentid) come with them.
    private static final String CONSTRAINTS = """
            SELECT conrelid, conname, quote_ident(conname), contype::text, pg_get_constraintdef(oid),
                   obj_description(oid, 'pg_constraint'), conislocal
              FROM pg_constraint
             WHERE conrelid = ANY (?) AND contype NOT IN ('n', 't') AND conparentid = 0
             ORDER BY conrelid, conname
            """;

    // Indexes that back a primary key, unique or exclusion constraint of their table come with it;
    // a partition's index attached to its parent's index comes with that one.
    private static final String INDEXES = """
            SELECT i.indrelid, ic.relname, %s, pg_get_indexdef(i.indexrelid),
                   obj_description(i.indexrelid, 'pg_class')
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_namespace n ON n.oid = ic.relnamespace
             WHERE i.indrelid = ANY (?)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                                WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
                                  AND k.contype IN ('p', 'u', 'x'))
               AND NOT EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid)
             ORDER BY i.indrelid, ic.relname
            """.formatted(ident("n.nspname", "ic.relname"));

    private static final String SCHEMAS = """
            SELECT n.nspname, quote_ident(n.nspname), obj_description(n.oid, 'pg_namespace'), %s
              FROM pg_namespace n
             WHERE n.oid IN %s AND %s
             ORDER BY 1
            """.formatted(owner("n.nspowner"), USER_NS, notMember("pg_namespace", "n.oid"));

    private static final String EXTENSIONS = """
            SELECT e.extname, quote_ident(e.extname), e.extversion, n.nspname, quote_ident(n.nspname),
                   obj_description(e.oid, 'pg_extension'),
                   (SELECT string_agg(target, ',' ORDER BY target) FROM pg_extension_update_paths(e.extname)
                     WHERE source = e.extversion AND path IS NOT NULL)
              FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname <> 'plpgsql'
             ORDER BY 1
            """;

    private static final String COLLATIONS = """
            SELECT %s, %s, n.nspname,
                   CASE c.collprovider WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END,
                   c.collcollate, c.collctype, c.colllocale, c.collicurules, c.collisdeterministic,
                   obj_description(c.oid, 'pg_collation'), %s
              FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
             WHERE c.collnamespace IN %s AND %s
             ORDER BY 1
            """.formatted(display("n.nspname", "c.collname"), ident("n.nspname", "c.collname"), owner("c.collowner"),
            USER_NS, notMember("pg_collation", "c.oid"));

    private static final String ENUMS = """
            SELECT %s, %s, n.nspname,
                   ARRAY(SELECT enumlabel::text FROM pg_enum WHERE enumtypid = t.oid ORDER BY enumsortorder),
                   obj_description(t.oid, 'pg_type'), %s
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typtype = 'e' AND t.typnamespace IN %s AND %s
             ORDER BY 1
            """.formatted(display("n.nspname", "t.typname"), ident("n.nspname", "t.typname"), owner("t.typowner"),
            USER_NS, notMember("pg_type", "t.oid"));

    private static final String DOMAINS = """
            SELECT %s, %s, n.nspname, format_type(t.typbasetype, t.typtypmod),
                   CASE WHEN t.typcollation <> b.typcollation
                        THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
                   t.typdefault, t.typnotnull,
                   ARRAY(SELECT quote_ident(k.conname) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'
                          ORDER BY k.conname),
                   ARRAY(SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.contypid = t.oid
                            AND k.contype = 'c' ORDER BY k.conname),
                   ARRAY(SELECT obj_description(k.oid, 'pg_constraint') FROM pg_constraint k WHERE k.contypid = t.oid
                            AND k.contype = 'c' ORDER BY k.conname),
                   obj_description(t.oid, 'pg_type'), %s
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              JOIN pg_type b ON b.oid = t.typbasetype
              LEFT JOIN pg_collation co ON co.oid = t.typcollation
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
             WHERE t.typtype = 'd' AND t.typnamespace IN %s AND %s
             ORDER BY 1
            """.formatted(display("n.nspname", "t.typname"), ident("n.nspname", "t.typname"), owner("t.typowner"),
            USER_NS, notMember("pg_type", "t.oid"));

    private static final String COMPOSITES = """
            SELECT %s, %s, n.nspname,
                   ARRAY(SELECT quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                                || CASE WHEN a.attcollation <> at.typcollation
                                        THEN ' COLLATE ' || quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                                        ELSE '' END
                           FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                           LEFT JOIN pg_collation co ON co.oid = a.attcollation
                           LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
                   ARRAY(SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                            AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NOT NULL ORDER BY a.attnum),
                   ARRAY(SELECT col_description(c.oid, a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid
                            AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NOT NULL
                          ORDER BY a.attnum),
                   obj_description(t.oid, 'pg_type'), %s
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
             WHERE t.typnamespace IN %s AND %s
             ORDER BY 1
            """.formatted(display("n.nspname", "t.typname"), ident("n.nspname", "t.typname"), owner("t.typowner"),
            USER_NS, notMember("pg_type", "t.oid"));

    // Identity sequences are their column's; a sequence owned by a column (serial, or OWNED BY) says which.
    private static final String SEQUENCES = """
            SELECT %s, %s, n.nspname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
                   s.seqmax, s.seqcache, s.seqcycle,
                   (SELECT %s || '.' || a.attname FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid
                           JOIN pg_namespace n ON n.oid = tc.relnamespace
                           JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = d.refobjsubid
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'),
                   (SELECT %s || '.' || quote_ident(a.attname) FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid
                           JOIN pg_namespace n ON n.oid = tc.relnamespace
                           JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = d.refobjsubid
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'),
                   (SELECT %s IS NOT NULL FROM pg_depend od JOIN pg_attribute a ON a.attrelid = od.refobjid
                           AND a.attnum = od.refobjsubid
                           JOIN pg_type t ON t.oid = a.atttypid
                           LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                     WHERE od.classid = 'pg_class'::regclass AND od.objid = c.oid AND od.deptype = 'a'),
                   obj_description(c.oid, 'pg_class'), %s
              FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'S' AND c.relnamespace IN %s AND %s
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                  AND d.deptype = 'i')
             ORDER BY 1
            """.formatted(display("n.nspname", "c.relname"), ident("n.nspname", "c.relname"),
            display("n.nspname", "tc.relname"), ident("n.nspname", "tc.relname"), SERIAL.strip(),
            owner("c.relowner"), USER_NS, notMember("pg_class", "c.oid"));

    private static final String ROUTINES = """
            SELECT p.oid::regprocedure::text, n.nspname, p.prokind::text, pg_get_functiondef(p.oid),
                   pg_get_function_result(p.oid), pg_get_function_arguments(p.oid),
                   obj_description(p.oid, 'pg_proc'), %s
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE p.prokind IN ('f', 'p') AND p.pronamespace IN %s AND %s
             ORDER BY 1
            """.formatted(owner("p.proowner"), USER_NS, notImplied("pg_proc", "p.oid"));

    private static final String VIEWS = """
            SELECT %s, %s, n.nspname, c.relkind::text, pg_get_viewdef(c.oid), array_to_string(c.reloptions, ', '),
                   c.relispopulated,
                   ARRAY(SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                            AND col_description(c.oid, a.attnum) IS NOT NULL ORDER BY a.attnum),
                   ARRAY(SELECT col_description(c.oid, a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid
                            AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL ORDER BY a.attnum),
                   ARRAY(SELECT quote_ident(a.attname) || ' SET DEFAULT ' || pg_get_expr(d.adbin, d.adrelid)
                           FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                          WHERE d.adrelid = c.oid ORDER BY a.attnum),
                   obj_description(c.oid, 'pg_class'), %s
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('v', 'm') AND c.relnamespace IN %s AND %s
             ORDER BY 1
            """.formatted(display("n.nspname", "c.relname"), ident("n.nspname", "c.relname"), owner("c.relowner"),
            USER_NS, notMember("pg_class", "c.oid"));

    private static final String VIEW_INDEXES = """
            SELECT %s, %s, n.nspname, pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class')
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_class c ON c.oid = i.indrelid AND c.relkind = 'm'
              JOIN pg_namespace n ON n.oid = ic.relnamespace
             WHERE c.relnamespace IN %s AND %s
             ORDER BY 1
            """.formatted(display("n.nspname", "ic.relname"), ident("n.nspname", "ic.relname"), USER_NS,
            notMember("pg_class", "c.oid"));

    // A partition's clone of its parent's trigger (tgparentid) comes with it.
    private static final String TRIGGERS = """
            SELECT t.tgname, quote_ident(t.tgname), %s, %s, n.nspname, pg_get_triggerdef(t.oid), t.tgenabled::text,
                   obj_description(t.oid, 'pg_trigger')
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relnamespace IN %s AND %s
             ORDER BY 3, 1
            """.formatted(display("n.nspname", "c.relname"), ident("n.nspname", "c.relname"), USER_NS,
            notMember("pg_class", "c.oid"));

    private static final String POLICIES = """
            SELECT p.polname, quote_ident(p.polname), %s, %s, n.nspname, p.polpermissive,
                   CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                 WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                   ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END
                           FROM unnest(p.polroles) r ORDER BY 1),
                   pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
                   obj_description(p.oid, 'pg_policy')
              FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relnamespace IN %s AND %s
             ORDER BY 3, 1
            """.formatted(display("n.nspname", "c.relname"), ident("n.nspname", "c.relname"), USER_NS,
            notMember("pg_class", "c.oid"));

    /** Every object as the dependency graph and the privileges name it. */
    private static final String LABELS = """
            ns AS (SELECT oid, nspname FROM pg_namespace WHERE oid IN %s),
            rel AS (SELECT c.oid, c.relkind,
                           CASE WHEN ns.nspname = current_schema() THEN c.relname::text
                                ELSE ns.nspname || '.' || c.relname END AS display
                      FROM pg_class c JOIN ns ON ns.oid = c.relnamespace),
            rel_label AS (SELECT oid, relkind, display,
                                 CASE relkind WHEN 'r' THEN 'table ' WHEN 'p' THEN 'table ' WHEN 'v' THEN 'view '
                                      WHEN 'm' THEN 'materialized view ' WHEN 'S' THEN 'sequence '
                                      WHEN 'i' THEN 'index ' WHEN 'I' THEN 'index ' WHEN 'c' THEN 'composite type '
                                      WHEN 'f' THEN 'foreign table ' ELSE 'relation ' END || display AS label
                            FROM rel),
            typ AS (SELECT t.oid, t.typelem, t.typcategory, t.typtype, t.typrelid,
                           CASE WHEN ns.nspname = current_schema() THEN t.typname::text
                                ELSE ns.nspname || '.' || t.typname END AS display
                      FROM pg_type t JOIN ns ON ns.oid = t.typnamespace),
            typ_label AS (SELECT t.oid, coalesce(r.label, CASE t.typtype WHEN 'e' THEN 'enum type ' WHEN 'd' THEN 'domain '
                                     WHEN 'r' THEN 'range type ' WHEN 'm' THEN 'multirange type ' ELSE 'type ' END
                                     || t.display) AS label
                            FROM typ t LEFT JOIN rel_label r ON r.oid = t.typrelid),
            obj (classid, objid, subid, label) AS (
                SELECT 'pg_class'::regclass, oid, 0, label FROM rel_label
                UNION ALL
                SELECT 'pg_class'::regclass, a.attrelid, a.attnum, 'column ' || r.display || '.' || a.attname
                  FROM pg_attribute a JOIN rel r ON r.oid = a.attrelid
                 WHERE a.attnum > 0 AND r.relkind IN ('r', 'p', 'v', 'm', 'c', 'f')
                UNION ALL
                SELECT 'pg_type'::regclass, t.oid, 0, coalesce(e.label, l.label)
                  FROM typ t JOIN typ_label l ON l.oid = t.oid
                  LEFT JOIN typ_label e ON e.oid = t.typelem AND t.typcategory = 'A'
                UNION ALL
                SELECT 'pg_proc'::regclass, p.oid, 0,
                       CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate ' ELSE 'function ' END
                       || p.oid::regprocedure::text
                  FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
                UNION ALL
                SELECT 'pg_rewrite'::regclass, w.oid, 0,
                       CASE WHEN w.rulename = '_RETURN' THEN r.label ELSE 'rule ' || w.rulename || ' on ' || r.display END
                  FROM pg_rewrite w JOIN rel_label r ON r.oid = w.ev_class
                UNION ALL
                SELECT 'pg_trigger'::regclass, t.oid, 0, 'trigger ' || t.tgname || ' on ' || r.display
                  FROM pg_trigger t JOIN rel r ON r.oid = t.tgrelid
                UNION ALL
                SELECT 'pg_policy'::regclass, p.oid, 0, 'policy ' || p.polname || ' on ' || r.display
                  FROM pg_policy p JOIN rel r ON r.oid = p.polrelid
                UNION ALL
                SELECT 'pg_constraint'::regclass, k.oid, 0,
                       coalesce('constraint ' || k.conname || ' on ' || r.display, d.label)
                  FROM pg_constraint k LEFT JOIN rel r ON r.oid = k.conrelid LEFT JOIN typ_label d ON d.oid = k.contypid
                 WHERE r.oid IS NOT NULL OR d.oid IS NOT NULL
                UNION ALL
                SELECT 'pg_attrdef'::regclass, d.oid, 0, 'column ' || r.display || '.' || a.attname
                  FROM pg_attrdef d JOIN rel r ON r.oid = d.adrelid
                  JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                UNION ALL
                SELECT 'pg_namespace'::regclass, oid, 0, 'schema ' || nspname FROM ns
                UNION ALL
                SELECT 'pg_extension'::regclass, oid, 0, 'extension ' || extname FROM pg_extension
                UNION ALL
                SELECT 'pg_collation'::regclass, c.oid, 0, 'collation '
                       || CASE WHEN ns.nspname = current_schema() THEN c.collname::text ELSE ns.nspname || '.' || c.collname END
                  FROM pg_collation c JOIN ns ON ns.oid = c.collnamespace
            )
            """.formatted(USER_NS);

    private static final String DEPENDENCIES = "WITH " + LABELS + """
            SELECT DISTINCT o.label, r.label
              FROM pg_depend d
              JOIN obj o ON o.classid = d.classid AND o.objid = d.objid AND o.subid = d.objsubid
              JOIN obj r ON r.classid = d.refclassid AND r.objid = d.refobjid AND r.subid = d.refobjsubid
             WHERE d.deptype IN ('n', 'a', 'e') AND o.label <> r.label
            """;

    // The owner's own privileges are left out: the owner is whoever runs the migrations.
    private static final String GRANTS = "WITH " + LABELS + """
            , acl (label, subid, acl, owner) AS (
                SELECT o.label, 0, coalesce(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)),
                       c.relowner
                  FROM pg_class c JOIN obj o ON o.classid = 'pg_class'::regclass AND o.objid = c.oid AND o.subid = 0
                 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                UNION ALL
                SELECT o.label, a.attnum, a.attacl, c.relowner
                  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                  JOIN obj o ON o.classid = 'pg_class'::regclass AND o.objid = c.oid AND o.subid = 0
                 WHERE a.attacl IS NOT NULL AND a.attnum > 0
                UNION ALL
                SELECT o.label, 0, coalesce(p.proacl, acldefault('f'::"char", p.proowner)), p.proowner
                  FROM pg_proc p JOIN obj o ON o.classid = 'pg_proc'::regclass AND o.objid = p.oid
                UNION ALL
                SELECT o.label, 0, coalesce(t.typacl, acldefault('T'::"char", t.typowner)), t.typowner
                  FROM pg_type t JOIN obj o ON o.classid = 'pg_type'::regclass AND o.objid = t.oid
                 WHERE t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c'
                       AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
                UNION ALL
                SELECT 'schema ' || n.nspname, 0, coalesce(n.nspacl, acldefault('n'::"char", n.nspowner)), n.nspowner
                  FROM pg_namespace n JOIN ns ON ns.oid = n.oid
            )
            SELECT acl.label, x.privilege_type,
                   (SELECT quote_ident(attname) FROM pg_attribute a JOIN obj o ON o.classid = 'pg_class'::regclass
                           AND o.objid = a.attrelid AND o.subid = 0 AND o.label = acl.label
                     WHERE a.attnum = acl.subid AND acl.subid > 0 LIMIT 1),
                   CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END,
                   x.is_grantable
              FROM acl, aclexplode(acl.acl) x
             WHERE x.grantee <> acl.owner
             ORDER BY 1, 3, 4, 2
            """;

    /**
     * Everything the generator writes no DDL for, each with a definition in names rather than
     * oids, so that the two databases compare. {@code ext} holds what no statement of the schema
     * creates by itself: the members of extensions ('e') and what PostgreSQL makes along with
     * another object ('i'), such as the cast from a range type to its multirange.
     */
    private static final String OTHERS = """
            WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE oid IN %1$s),
            ext AS (SELECT classid, objid FROM pg_depend WHERE deptype IN ('e', 'i'))
            SELECT 'rule ' || r.rulename || ' on ' || c.oid::regclass::text, pg_get_ruledef(r.oid)
              FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN ns ON ns.oid = c.relnamespace
             WHERE r.rulename <> '_RETURN'
            UNION ALL
            SELECT 'aggregate ' || p.oid::regprocedure::text,
                   concat_ws(' ', a.aggkind, a.aggtransfn::regproc, a.aggtranstype::regtype, a.aggfinalfn::regproc,
                             a.aggcombinefn::regproc, a.aggmtransfn::regproc, a.agginitval, a.aggsortop::regoperator,
                             obj_description(p.oid, 'pg_proc'))
              FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid JOIN ns ON ns.oid = p.pronamespace
             WHERE ('pg_proc'::regclass, p.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'operator ' || o.oid::regoperator::text,
                   concat_ws(' ', o.oprcode::regproc, o.oprresult::regtype, o.oprcom::regoperator, o.oprnegate::regoperator,
                             o.oprrest::regproc, o.oprjoin::regproc, o.oprcanmerge, o.oprcanhash,
                             obj_description(o.oid, 'pg_operator'))
              FROM pg_operator o JOIN ns ON ns.oid = o.oprnamespace
             WHERE ('pg_operator'::regclass, o.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'operator class ' || %2$s || ' using ' || am.amname,
                   concat_ws(' ', c.opcintype::regtype, c.opcdefault, f.opfname,
                             (SELECT string_agg(x.amopstrategy || ':' || x.amopopr::regoperator, ' ' ORDER BY 1)
                                FROM pg_amop x WHERE x.amopfamily = c.opcfamily),
                             (SELECT string_agg(x.amprocnum || ':' || x.amproc::regprocedure, ' ' ORDER BY 1)
                                FROM pg_amproc x WHERE x.amprocfamily = c.opcfamily))
              FROM pg_opclass c JOIN ns ON ns.oid = c.opcnamespace JOIN pg_am am ON am.oid = c.opcmethod
              JOIN pg_opfamily f ON f.oid = c.opcfamily
             WHERE ('pg_opclass'::regclass, c.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'operator family ' || %3$s || ' using ' || am.amname, ''
              FROM pg_opfamily f JOIN ns ON ns.oid = f.opfnamespace JOIN pg_am am ON am.oid = f.opfmethod
             WHERE ('pg_opfamily'::regclass, f.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'statistics ' || %4$s,
                   concat_ws(' ', pg_get_statisticsobjdef(s.oid), s.stxstattarget, obj_description(s.oid, 'pg_statistic_ext'))
              FROM pg_statistic_ext s JOIN ns ON ns.oid = s.stxnamespace
            UNION ALL
            SELECT CASE c.relkind WHEN 'f' THEN 'foreign table ' ELSE 'typed table ' END || c.oid::regclass::text,
                   concat_ws(' ', c.reloftype::regtype,
                             (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
                                FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped),
                             (SELECT srvname || ' ' || coalesce(array_to_string(ftoptions, ','), '')
                                FROM pg_foreign_table ft JOIN pg_foreign_server s ON s.oid = ft.ftserver
                               WHERE ft.ftrelid = c.oid))
              FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
             WHERE (c.relkind = 'f' OR (c.relkind IN ('r', 'p') AND c.reloftype <> 0))
               AND ('pg_class'::regclass, c.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT CASE t.typtype WHEN 'r' THEN 'range type ' ELSE 'type ' END || t.oid::regtype::text,
                   concat_ws(' ', t.typinput::regproc, t.typoutput::regproc, t.typlen, t.typalign, t.typstorage,
                             r.rngsubtype::regtype, r.rngcollation, r.rngsubopc, r.rngcanonical::regproc,
                             r.rngsubdiff::regproc, obj_description(t.oid, 'pg_type'))
              FROM pg_type t JOIN ns ON ns.oid = t.typnamespace LEFT JOIN pg_range r ON r.rngtypid = t.oid
             WHERE (t.typtype = 'r' OR (t.typtype IN ('b', 'p') AND t.typcategory <> 'A'))
               AND ('pg_type'::regclass, t.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'conversion ' || %5$s,
                   concat_ws(' ', pg_encoding_to_char(c.conforencoding), pg_encoding_to_char(c.contoencoding),
                             c.conproc::regproc, c.condefault)
              FROM pg_conversion c JOIN ns ON ns.oid = c.connamespace
             WHERE ('pg_conversion'::regclass, c.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'text search configuration ' || c.oid::regconfig::text,
                   concat_ws(' ', p.prsname, (SELECT string_agg(m.maptokentype || ':' || m.mapdict::regdictionary, ' '
                                                         ORDER BY m.maptokentype, m.mapseqno)
                                                FROM pg_ts_config_map m WHERE m.mapcfg = c.oid))
              FROM pg_ts_config c JOIN ns ON ns.oid = c.cfgnamespace JOIN pg_ts_parser p ON p.oid = c.cfgparser
             WHERE ('pg_ts_config'::regclass, c.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'text search dictionary ' || d.oid::regdictionary::text, concat_ws(' ', t.tmplname, d.dictinitoption)
              FROM pg_ts_dict d JOIN ns ON ns.oid = d.dictnamespace JOIN pg_ts_template t ON t.oid = d.dicttemplate
             WHERE ('pg_ts_dict'::regclass, d.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'text search parser ' || %6$s,
                   concat_ws(' ', p.prsstart::regproc, p.prstoken::regproc, p.prsend::regproc, p.prslextype::regproc)
              FROM pg_ts_parser p JOIN ns ON ns.oid = p.prsnamespace
             WHERE ('pg_ts_parser'::regclass, p.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'text search template ' || %7$s,
                   concat_ws(' ', t.tmplinit::regproc, t.tmpllexize::regproc)
              FROM pg_ts_template t JOIN ns ON ns.oid = t.tmplnamespace
             WHERE ('pg_ts_template'::regclass, t.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'cast (' || format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) || ')',
                   concat_ws(' ', c.castfunc::regprocedure, c.castcontext, c.castmethod)
              FROM pg_cast c
             WHERE c.oid >= 16384 AND ('pg_cast'::regclass, c.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'event trigger ' || e.evtname,
                   concat_ws(' ', e.evtevent, e.evtfoid::regproc, e.evtenabled, array_to_string(e.evttags, ','))
              FROM pg_event_trigger e
             WHERE ('pg_event_trigger'::regclass, e.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'publication ' || p.pubname,
                   concat_ws(' ', p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate,
                             (SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY 1)
                                FROM pg_publication_tables WHERE pubname = p.pubname))
              FROM pg_publication p
            UNION ALL
            SELECT 'foreign-data wrapper ' || w.fdwname, concat_ws(' ', w.fdwhandler::regproc,
                   w.fdwvalidator::regproc, array_to_string(w.fdwoptions, ','))
              FROM pg_foreign_data_wrapper w
             WHERE ('pg_foreign_data_wrapper'::regclass, w.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'server ' || s.srvname, concat_ws(' ', w.fdwname, s.srvtype, s.srvversion,
                   array_to_string(s.srvoptions, ','))
              FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
            UNION ALL
            SELECT 'user mapping for ' || m.usename || ' server ' || m.srvname, array_to_string(m.umoptions, ',')
              FROM pg_user_mappings m
            UNION ALL
            SELECT 'language ' || l.lanname, concat_ws(' ', l.lanpltrusted, l.lanplcallfoid::regproc)
              FROM pg_language l
             WHERE l.oid >= 16384 AND ('pg_language'::regclass, l.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'access method ' || a.amname, concat_ws(' ', a.amtype, a.amhandler::regproc)
              FROM pg_am a
             WHERE a.oid >= 16384 AND ('pg_am'::regclass, a.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'transform for ' || format_type(t.trftype, NULL) || ' language ' || l.lanname,
                   concat_ws(' ', t.trffromsql::regproc, t.trftosql::regproc)
              FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang
             WHERE ('pg_transform'::regclass, t.oid) NOT IN (SELECT * FROM ext)
            UNION ALL
            SELECT 'default privileges of ' || CASE WHEN d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                                                    THEN 'the migrating role' ELSE pg_get_userbyid(d.defaclrole) END
                   || coalesce(' in schema ' || n.nspname, '') || ' on '
                   || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                           WHEN 'T' THEN 'types' ELSE 'schemas' END,
                   (SELECT string_agg(CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END || ':'
                                      || x.privilege_type || ':' || x.is_grantable, ' ' ORDER BY 1)
                      FROM aclexplode(d.defaclacl) x)
              FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
            """.formatted(USER_NS, display("ns.nspname", "c.opcname"), display("ns.nspname", "f.opfname"),
            display("ns.nspname", "s.stxname"), display("ns.nspname", "c.conname"), display("ns.nspname", "p.prsname"),
            display("ns.nspname", "t.tmplname"));

    private CatalogReader() {
    }

    /** Reads the application's schemas of {@code connection}; a failed query is rethrown as is. */
    public static Schema read(Connection connection) throws SQLException {
        String home;
        String quotedHome;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT current_schema(), quote_ident(current_schema())"); ResultSet rs = statement.executeQuery()) {
            rs.next();
            home = rs.getString(1);
            quotedHome = rs.getString(2);
        }
        Map<String, Set<Grant>> grants = grants(connection);
        Map<String, Table> tables = tables(connection, quotedHome, grants);
        Map<String, DbObject> objects = new TreeMap<>();
        for (DbObject object : objects(connection, quotedHome, grants)) {
            objects.put(object.label(), object);
        }
        Map<String, String> others = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(OTHERS);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                others.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
            }
        }
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(DEPENDENCIES);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                dependencies.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
            }
        }
        Set<String> schemas = new TreeSet<>();
        objects.values().stream().filter(o -> o.kind() == Kind.SCHEMA).forEach(o -> schemas.add(o.name()));
        return new Schema(home, tables, objects, others, dependencies, schemas);
    }

    private static Map<String, Table> tables(Connection connection, String home, Map<String, Set<Grant>> grants)
            throws SQLException {
        Map<Long, Object[]> rows = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES)) {
            statement.setString(1, HISTORY_TABLE);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> layout = new TreeMap<>();
                    putIf(layout, "row level security", rs.getBoolean(10) ? "ENABLE" : null);
                    putIf(layout, "force row level security", rs.getBoolean(11) ? "FORCE" : null);
                    putIf(layout, "storage parameters", emptyToNull(rs.getString(12)));
                    putIf(layout, "unlogged", rs.getBoolean(13) ? "UNLOGGED" : null);
                    putIf(layout, "replica identity", switch (rs.getString(14)) {
                        case "f" -> "FULL";
                        case "n" -> "NOTHING";
                        case "i" -> "USING INDEX " + rs.getString(15);
                        default -> null;
                    });
                    putIf(layout, "cluster on", rs.getString(16));
                    putIf(layout, "access method", rs.getString(17));
                    putIf(layout, "tablespace", rs.getString(18));
                    rows.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            List.of((String[]) rs.getArray(9).getArray()), layout, rs.getString(19)});
                }
            }
        }
        Array oids = connection.createArrayOf("oid", rows.keySet().toArray());
        Map<Long, List<Column>> columns = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setArray(1, oids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    boolean identity = rs.getString(10) != null;
                    String identityOptions = identity ? SequenceOptions.nonDefault(rs.getString(17), rs.getLong(18),
                            rs.getLong(19), rs.getLong(20), rs.getLong(21), rs.getLong(22), rs.getBoolean(23)) : "";
                    String identitySequence = identity ? SequenceOptions.all(rs.getString(17), rs.getLong(18),
                            rs.getLong(19), rs.getLong(20), rs.getLong(21), rs.getLong(22), rs.getBoolean(23)) : null;
                    columns.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Column(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
                            rs.getString(7), rs.getBoolean(8), rs.getString(9), rs.getString(10), identityOptions,
                            identitySequence,
                            rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getBoolean(15),
                            rs.getString(16)));
                }
            }
        }
        Map<Long, Map<String, Constraint>> constraints = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(CONSTRAINTS)) {
            statement.setArray(1, oids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    constraints.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2),
                            new Constraint(rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                                    rs.getString(5), rs.getString(6), rs.getBoolean(7)));
                }
            }
        }
        Map<Long, Map<String, Index>> indexes = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(INDEXES)) {
            statement.setArray(1, oids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2),
                            new Index(rs.getString(2), rs.getString(3), indexDefinition(rs.getString(4), home),
                                    rs.getString(5)));
                }
            }
        }
        Map<String, Table> tables = new TreeMap<>();
        rows.forEach((oid, row) -> {
            @SuppressWarnings("unchecked")
            List<String> inherits = (List<String>) row[7];
            @SuppressWarnings("unchecked")
            Map<String, String> layout = (Map<String, String>) row[8];
            String name = (String) row[0];
            tables.put(name, new Table(name, (String) row[1], (String) row[2],
                    List.copyOf(columns.getOrDefault(oid, List.of())),
                    Map.copyOf(constraints.getOrDefault(oid, Map.of())),
                    Map.copyOf(indexes.getOrDefault(oid, Map.of())), (String) row[3], (String) row[4],
                    (String) row[5], (String) row[6], inherits, layout,
                    grants.getOrDefault("table " + name, Set.of()), (String) row[9]));
        });
        return tables;
    }

    private static List<DbObject> objects(Connection connection, String home, Map<String, Set<Grant>> grants)
            throws SQLException {
        List<DbObject> objects = new ArrayList<>();
        query(connection, SCHEMAS, rs -> objects.add(object(Kind.SCHEMA, null, rs.getString(1), rs.getString(2), "",
                Map.of(), List.of(), List.of("CREATE SCHEMA " + rs.getString(2) + ";"), comments(Kind.SCHEMA,
                        rs.getString(2), rs.getString(3)),
                grants, rs.getString(4))));
        query(connection, EXTENSIONS, rs -> {
            String create = "CREATE EXTENSION " + rs.getString(2) + " WITH SCHEMA " + rs.getString(5) + " VERSION "
                    + literal(rs.getString(3)) + ";";
            objects.add(object(Kind.EXTENSION, null, rs.getString(1), rs.getString(2),
                    rs.getString(3) + " in " + rs.getString(4),
                    Map.of("version", rs.getString(3), "schema", rs.getString(5), "reachable",
                            "," + (rs.getString(7) == null ? "" : rs.getString(7)) + ","),
                    List.of(), List.of(create),
                    comments(Kind.EXTENSION, rs.getString(2), rs.getString(6)), grants, null));
        });
        query(connection, COLLATIONS, rs -> {
            String provider = rs.getString(4);
            List<String> options = new ArrayList<>(List.of("provider = " + provider));
            if (provider.equals("libc")) {
                options.add("lc_collate = " + literal(rs.getString(5)));
                options.add("lc_ctype = " + literal(rs.getString(6)));
            } else {
                options.add("locale = " + literal(rs.getString(7)));
            }
            if (rs.getString(8) != null) {
                options.add("rules = " + literal(rs.getString(8)));
            }
            if (!rs.getBoolean(9)) {
                options.add("deterministic = false");
            }
            String definition = String.join(", ", options);
            objects.add(object(Kind.COLLATION, rs.getString(3), rs.getString(1), rs.getString(2), definition,
                    Map.of(), List.of(), List.of("CREATE COLLATION " + rs.getString(2) + " (" + definition + ");"),
                    comments(Kind.COLLATION, rs.getString(2), rs.getString(10)), grants, rs.getString(11)));
        });
        query(connection, ENUMS, rs -> {
            List<String> values = List.of((String[]) rs.getArray(4).getArray());
            String list = String.join(", ", values.stream().map(CatalogReader::literal).toList());
            objects.add(object(Kind.ENUM, rs.getString(3), rs.getString(1), rs.getString(2), list, Map.of(), values,
                    List.of("CREATE TYPE " + rs.getString(2) + " AS ENUM (" + list + ");"),
                    comments(Kind.ENUM, rs.getString(2), rs.getString(5)), grants, rs.getString(6)));
        });
        query(connection, DOMAINS, rs -> {
            String ident = rs.getString(2);
            Map<String, String> parts = new TreeMap<>();
            String base = rs.getString(4) + (rs.getString(5) == null ? "" : " COLLATE " + rs.getString(5));
            parts.put("base", base);
            putIf(parts, "default", rs.getString(6));
            putIf(parts, "not null", rs.getBoolean(7) ? "NOT NULL" : null);
            String[] names = (String[]) rs.getArray(8).getArray();
            String[] definitions = (String[]) rs.getArray(9).getArray();
            String[] constraintComments = (String[]) rs.getArray(10).getArray();
            Map<String, String> comments = new TreeMap<>(comments(Kind.DOMAIN, ident, rs.getString(11)));
            StringBuilder create = new StringBuilder("CREATE DOMAIN " + ident + " AS " + base);
            if (parts.containsKey("default")) {
                create.append(" DEFAULT ").append(parts.get("default"));
            }
            if (parts.containsKey("not null")) {
                create.append(" NOT NULL");
            }
            for (int i = 0; i < names.length; i++) {
                parts.put("constraint " + names[i], definitions[i]);
                create.append(" CONSTRAINT ").append(names[i]).append(' ').append(definitions[i]);
                if (constraintComments[i] != null) {
                    comments.put("CONSTRAINT " + names[i] + " ON DOMAIN " + ident, constraintComments[i]);
                }
            }
            objects.add(object(Kind.DOMAIN, rs.getString(3), rs.getString(1), ident, parts.toString(), parts, List.of(),
                    List.of(create + ";"), comments, grants, rs.getString(12)));
        });
        query(connection, COMPOSITES, rs -> {
            String ident = rs.getString(2);
            String attributes = String.join(", ", (String[]) rs.getArray(4).getArray());
            Map<String, String> comments = new TreeMap<>(comments(Kind.COMPOSITE, ident, rs.getString(7)));
            String[] commented = (String[]) rs.getArray(5).getArray();
            String[] texts = (String[]) rs.getArray(6).getArray();
            for (int i = 0; i < commented.length; i++) {
                comments.put("COLUMN " + ident + "." + commented[i], texts[i]);
            }
            objects.add(object(Kind.COMPOSITE, rs.getString(3), rs.getString(1), ident, attributes, Map.of(),
                    List.of(), List.of("CREATE TYPE " + ident + " AS (" + attributes + ");"), comments, grants,
                    rs.getString(8)));
        });
        query(connection, SEQUENCES, rs -> {
            String ident = rs.getString(2);
            String type = rs.getString(4);
            String options = SequenceOptions.nonDefault(type, rs.getLong(5), rs.getLong(6), rs.getLong(7),
                    rs.getLong(8), rs.getLong(9), rs.getBoolean(10));
            Map<String, String> parts = new TreeMap<>();
            parts.put("options", SequenceOptions.all(type, rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                    rs.getLong(9), rs.getBoolean(10)));
            putIf(parts, "owned by", rs.getString(11));
            putIf(parts, "owned by ident", rs.getString(12));
            putIf(parts, "serial", rs.getBoolean(13) ? "serial" : null);
            String definition = "AS " + type + (options.isEmpty() ? "" : " " + options)
                    + (rs.getString(11) == null ? "" : " OWNED BY " + rs.getString(11));
            String create = "CREATE SEQUENCE " + ident + (type.equals("bigint") ? "" : " AS " + type)
                    + (options.isEmpty() ? "" : " " + options) + ";";
            objects.add(object(Kind.SEQUENCE, rs.getString(3), rs.getString(1), ident, definition, parts, List.of(),
                    List.of(create), comments(Kind.SEQUENCE, ident, rs.getString(14)), grants, rs.getString(15)));
        });
        query(connection, ROUTINES, rs -> {
            Kind kind = rs.getString(3).equals("p") ? Kind.PROCEDURE : Kind.FUNCTION;
            String ident = rs.getString(1);
            String definition = rs.getString(4).strip();
            Map<String, String> parts = new TreeMap<>();
            putIf(parts, "result", rs.getString(5));
            parts.put("arguments", rs.getString(6));
            objects.add(object(kind, rs.getString(2), ident, ident, definition, parts, List.of(),
                    List.of(definition + ";"), comments(kind, ident, rs.getString(7)), grants, rs.getString(8)));
        });
        query(connection, VIEWS, rs -> {
            boolean materialized = rs.getString(4).equals("m");
            Kind kind = materialized ? Kind.MATERIALIZED_VIEW : Kind.VIEW;
            String ident = rs.getString(2);
            String query = rs.getString(5).strip().replaceFirst(";$", "");
            String options = emptyToNull(rs.getString(6));
            List<String> create = new ArrayList<>();
            create.add("CREATE " + kind.keyword() + " " + ident + (options == null ? "" : " WITH (" + options + ")")
                    + " AS\n" + query + (materialized ? "\n  WITH " + (rs.getBoolean(7) ? "" : "NO ") + "DATA" : "")
                    + ";");
            for (String columnDefault : (String[]) rs.getArray(10).getArray()) {
                create.add("ALTER VIEW " + ident + " ALTER COLUMN " + columnDefault + ";");
            }
            Map<String, String> comments = new TreeMap<>(comments(kind, ident, rs.getString(11)));
            String[] commented = (String[]) rs.getArray(8).getArray();
            String[] texts = (String[]) rs.getArray(9).getArray();
            for (int i = 0; i < commented.length; i++) {
                comments.put("COLUMN " + ident + "." + commented[i], texts[i]);
            }
            objects.add(object(kind, rs.getString(3), rs.getString(1), ident, String.join("\n", create), Map.of(),
                    List.of(), create, comments, grants, rs.getString(12)));
        });
        query(connection, VIEW_INDEXES, rs -> {
            String definition = indexDefinition(rs.getString(4), home);
            objects.add(object(Kind.INDEX, rs.getString(3), rs.getString(1), rs.getString(2), definition, Map.of(),
                    List.of(), List.of(definition + ";"), comments(Kind.INDEX, rs.getString(2), rs.getString(5)),
                    grants, null));
        });
        query(connection, TRIGGERS, rs -> {
            String tableIdent = rs.getString(4);
            String ident = rs.getString(2) + " ON " + tableIdent;
            String definition = unqualified(rs.getString(6), home) + ";";
            List<String> create = new ArrayList<>(List.of(definition));
            String enabled = switch (rs.getString(7)) {
                case "D" -> "DISABLE TRIGGER";
                case "R" -> "ENABLE REPLICA TRIGGER";
                case "A" -> "ENABLE ALWAYS TRIGGER";
                default -> null;
            };
            if (enabled != null) {
                create.add("ALTER TABLE " + tableIdent + " " + enabled + " " + rs.getString(2) + ";");
            }
            objects.add(object(Kind.TRIGGER, rs.getString(5), rs.getString(1) + " on " + rs.getString(3), ident,
                    String.join("\n", create), Map.of("table", tableIdent), List.of(), create,
                    comments(Kind.TRIGGER, ident, rs.getString(8)), grants, null));
        });
        query(connection, POLICIES, rs -> {
            String ident = rs.getString(2) + " ON " + rs.getString(4);
            String create = "CREATE POLICY " + ident + (rs.getBoolean(6) ? "" : " AS RESTRICTIVE") + " FOR "
                    + rs.getString(7) + " TO " + String.join(", ", (String[]) rs.getArray(8).getArray())
                    + (rs.getString(9) == null ? "" : " USING (" + rs.getString(9) + ")")
                    + (rs.getString(10) == null ? "" : " WITH CHECK (" + rs.getString(10) + ")") + ";";
            objects.add(object(Kind.POLICY, rs.getString(5), rs.getString(1) + " on " + rs.getString(3), ident, create,
                    Map.of(), List.of(), List.of(create), comments(Kind.POLICY, ident, rs.getString(11)), grants,
                    null));
        });
        return objects;
    }

    private static DbObject object(Kind kind, String schema, String name, String ident, String definition,
            Map<String, String> parts, List<String> values, List<String> create, Map<String, String> comments,
            Map<String, Set<Grant>> grants, String owner) {
        String drop = switch (kind) {
            case TRIGGER, POLICY, SCHEMA, EXTENSION, COLLATION, SEQUENCE, VIEW, MATERIALIZED_VIEW, INDEX, DOMAIN,
                    FUNCTION, PROCEDURE -> "DROP " + kind.keyword() + " " + ident + ";";
            case ENUM, COMPOSITE -> "DROP TYPE " + ident + ";";
        };
        DbObject object = new DbObject(kind, schema, name, ident, definition, Map.copyOf(parts), List.copyOf(values),
                List.copyOf(create), drop, Map.copyOf(comments), Set.of(), owner);
        return new DbObject(kind, schema, name, ident, definition, object.parts(), object.values(), object.create(),
                drop, object.comments(), Set.copyOf(grants.getOrDefault(object.label(), Set.of())), owner);
    }

    private static Map<String, String> comments(Kind kind, String ident, String comment) {
        return comment == null ? Map.of() : Map.of(kind.keyword() + " " + ident, comment);
    }

    private static Map<String, Set<Grant>> grants(Connection connection) throws SQLException {
        Map<String, Set<Grant>> grants = new HashMap<>();
        query(connection, GRANTS, rs -> grants.computeIfAbsent(rs.getString(1), k -> new TreeSet<>())
                .add(new Grant(rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5))));
        return grants;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection connection, String sql, Row row) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }

    /**
     * pg_get_indexdef always names the table with its schema; a migration should not where it is
     * the home schema, so that it applies to whichever schema Flyway is pointed at. A partitioned
     * table's index is created on the whole table, so that PostgreSQL makes its partitions' too.
     */
    private static String indexDefinition(String indexDefinition, String home) {
        return unqualified(indexDefinition.replaceFirst(" ON ONLY ", " ON "), home);
    }

    private static String unqualified(String definition, String quotedHome) {
        return definition.replaceFirst(Pattern.quote(" ON " + quotedHome + "."), " ON ");
    }

    /** SQL for the name as messages show it: unqualified in the home schema. */
    private static String display(String namespace, String name) {
        return "CASE WHEN %1$s = current_schema() THEN %2$s::text ELSE %1$s || '.' || %2$s END".formatted(namespace,
                name);
    }

    /** SQL for the name as DDL writes it: quoted where needed, qualified outside the home schema. */
    private static String ident(String namespace, String name) {
        return ("CASE WHEN %1$s = current_schema() THEN quote_ident(%2$s)"
                + " ELSE quote_ident(%1$s) || '.' || quote_ident(%2$s) END").formatted(namespace, name);
    }

    /** SQL for the owner as DDL writes it, NULL when it is the role that reads (and migrates). */
    private static String owner(String ownerOid) {
        return ("CASE WHEN %1$s = (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN NULL"
                + " ELSE quote_ident(pg_get_userbyid(%1$s)) END").formatted(ownerOid);
    }

    /** SQL that is true unless the object belongs to an extension. */
    private static String notMember(String catalog, String oid) {
        return notDependent(catalog, oid, "'e'");
    }

    /**
     * SQL that is true unless the object belongs to an extension or PostgreSQL made it along with
     * another object, as it makes a range type's constructor functions: the statement that creates
     * the other object creates it too, so it is not written apart.
     */
    private static String notImplied(String catalog, String oid) {
        return notDependent(catalog, oid, "'e', 'i'");
    }

    private static String notDependent(String catalog, String oid, String deptypes) {
        return ("NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '%s'::regclass AND e.objid = %s"
                + " AND e.deptype IN (%s))").formatted(catalog, oid, deptypes);
    }

    private static void putIf(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** A SQL string literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

}
