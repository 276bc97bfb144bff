package io.pgswap.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A table and everything in the database that depends on it, as text lines that name objects
 * (never OIDs), so that a description taken before a swap and one taken after it differ only by
 * the intended change. A dependent still pointing at the renamed old table shows up: its
 * definition prints the old table's name ({@code pgswap_old_...}), or the dependency on the new
 * table is missing.
 *
 * <p>Relations named {@code pgswap_old_*} (the old table after a swap, kept), {@code pgswap_rev_*}
 * (the new table after a revert, kept) and schema pgswap
 * are left out of the database-wide lists. Nothing that legitimately changes with the data
 * (sequence values, sizes, statistics, OIDs, filenodes, TOAST table names) is described.
 */
public final class CatalogDescription {
    private CatalogDescription() {
    }

    /**
     * Everything: the lines of {@link #table}, more about the table (access method, TOAST options,
     * collations, constraint states, inheritance, sequence definitions), every view, materialized
     * view, rule, foreign key, policy, trigger elsewhere, publication and extended statistics
     * object of the database, and one line per {@code pg_depend} row that references the table.
     * Sorted.
     */
    public static List<String> of(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>(table(c, table));
        out.addAll(strings(c, TABLE_MORE, table));
        out.addAll(strings(c, DATABASE_WIDE, table));
        boolean pg15 = strings(c, "SELECT current_setting('server_version_num')::int >= 150000", null).get(0)
                .equals("t");
        out.addAll(strings(c, publications(pg15), null));
        out.addAll(strings(c, DEPENDENCIES, table));
        out.sort(null);
        return out;
    }

    /**
     * The table's own definition, by name: columns, defaults, indexes, constraints, owner, ACL,
     * options (sorted), comments, triggers (not pgswap's), policies, sequence ownership. Sorted by
     * the database. Other tests compute expected lines from these, so their format stays as it is.
     */
    public static List<String> table(Connection c, String table) throws SQLException {
        String t = "'" + table.replace("'", "''") + "'::regclass";
        return strings(c, TABLE.formatted(t), null);
    }

    /**
     * The description {@code before} (of {@link #of}) with column {@code column} of table
     * {@code relname} made NOT NULL: its line says notnull=true, and on PostgreSQL 18, which
     * records NOT NULL as a constraint, that constraint appears ({@code describedAs}: the table as
     * pg_describe_object names it, schema-qualified when the schema is not on the search_path).
     */
    public static List<String> withNotNull(List<String> before, String relname, String describedAs, String column,
                                           int major) {
        String columnLine = "column \\d+ " + java.util.regex.Pattern.quote(column) + " .*";
        List<String> out = new ArrayList<>(before.stream()
                .map(l -> l.matches(columnLine) ? l.replace(" notnull=false ", " notnull=true ") : l).toList());
        if (major >= 18) {
            String k = relname + "_" + column + "_not_null";
            out.add("constraint " + k + " NOT NULL " + column + " comment=");
            out.add("constraint-state " + k + " validated=t deferrable=f deferred=f noinherit=f");
            out.add("depend constraint " + k + " on table " + describedAs + " -> column " + column + " of table "
                    + describedAs + " a");
        }
        out.sort(null);
        return out;
    }

    /** pgswap objects left in the database: capture triggers, shadows, logs, functions. */
    public static List<String> pgswapObjects(Connection c) throws SQLException {
        return strings(c, """
                SELECT 'trigger ' || tgname FROM pg_trigger WHERE tgname LIKE 'pgswap\\_%'
                UNION ALL
                SELECT 'table ' || relname FROM pg_class WHERE relname LIKE 'pgswap\\_shadow\\_%'
                UNION ALL
                SELECT 'log ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'pgswap' AND (c.relname LIKE 'log\\_%' OR c.relname LIKE 'revlog\\_%')
                UNION ALL
                SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = 'pgswap'
                ORDER BY 1""", null);
    }

    /**
     * The lines only in {@code after} and those only in {@code before} (counting repeated lines),
     * sorted, for a failure message; empty if the two hold the same lines.
     */
    public static String diff(Collection<String> before, Collection<String> after) {
        List<String> added = new ArrayList<>(after);
        before.forEach(added::remove);
        added.sort(null);
        List<String> removed = new ArrayList<>(before);
        after.forEach(removed::remove);
        removed.sort(null);
        if (added.isEmpty() && removed.isEmpty()) {
            return "";
        }
        return "  added:" + (added.isEmpty() ? " none" : "\n    " + String.join("\n    ", added))
                + "\n  removed:" + (removed.isEmpty() ? " none" : "\n    " + String.join("\n    ", removed));
    }

    private static List<String> strings(Connection c, String sql, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (table != null) {
                ps.setString(1, table);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static final String TABLE = """
            SELECT 'column ' || a.attnum || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || ' notnull=' || a.attnotnull || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
                   || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' stats=' || coalesce(a.attstattarget::int, -1)
                   || ' storage=' || a.attstorage::text || ' comment=' || coalesce(col_description(a.attrelid, a.attnum), '')
                   || ' acl=' || coalesce((SELECT array_agg(x ORDER BY x::text) FROM unnest(a.attacl) x)::text, '')
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = %1$s AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 'index ' || pg_get_indexdef(i.indexrelid) || ' comment=' || coalesce(obj_description(i.indexrelid, 'pg_class'), '')
            FROM pg_index i WHERE i.indrelid = %1$s
            UNION ALL
            SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) || ' comment=' || coalesce(obj_description(oid, 'pg_constraint'), '')
            FROM pg_constraint WHERE conrelid = %1$s
            UNION ALL
            SELECT 'table owner=' || pg_get_userbyid(relowner)
                   || ' acl=' || coalesce((SELECT array_agg(a ORDER BY a::text) FROM unnest(relacl) a)::text, '')
                   || ' options=' || coalesce((SELECT array_agg(o ORDER BY o) FROM unnest(reloptions) o)::text, '')
                   || ' replident=' || relreplident::text
                   || ' rls=' || relrowsecurity || '/' || relforcerowsecurity
                   || ' comment=' || coalesce(obj_description(oid, 'pg_class'), '')
            FROM pg_class WHERE oid = %1$s
            UNION ALL
            SELECT 'trigger ' || pg_get_triggerdef(oid) || ' enabled=' || tgenabled::text
                   || ' comment=' || coalesce(obj_description(oid, 'pg_trigger'), '')
            FROM pg_trigger WHERE tgrelid = %1$s AND NOT tgisinternal AND tgname NOT LIKE 'pgswap\\_capture\\_%%'
              AND tgname NOT LIKE 'pgswap\\_revert\\_%%'
            UNION ALL
            SELECT 'policy ' || polname || ' ' || polcmd::text || ' permissive=' || polpermissive
                   || ' roles=' || polroles::regrole[]::text || ' using=' || coalesce(pg_get_expr(polqual, polrelid), '')
                   || ' check=' || coalesce(pg_get_expr(polwithcheck, polrelid), '')
            FROM pg_policy WHERE polrelid = %1$s
            UNION ALL
            SELECT 'sequence ' || s.relname || ' owned by ' || a.attname || ' deptype=' || d.deptype::text
            FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.refobjid = %1$s AND d.classid = 'pg_class'::regclass
            ORDER BY 1""";

    /** What {@link #TABLE} leaves out; {@code ?} is the table. Sequence values are not described. */
    private static final String TABLE_MORE = """
            WITH t AS (SELECT ?::regclass::oid AS oid)
            SELECT format('relation kind=%s persistence=%s am=%s toast_options=%s', c.relkind, c.relpersistence,
                          am.amname, (SELECT array_agg(o ORDER BY o) FROM unnest(tc.reloptions) o))
            FROM t JOIN pg_class c ON c.oid = t.oid
            LEFT JOIN pg_am am ON am.oid = c.relam
            LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
            UNION ALL
            SELECT format('column-more %s collation=%s options=%s compression=%s', a.attname, co.collname,
                          (SELECT array_agg(o ORDER BY o) FROM unnest(a.attoptions) o), a.attcompression)
            FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            UNION ALL
            SELECT format('index-flags %s replident=%s clustered=%s column_stats=%s', i.indexrelid::regclass,
                          i.indisreplident, i.indisclustered,
                          (SELECT string_agg(ia.attnum || '=' || ia.attstattarget::int, ',' ORDER BY ia.attnum)
                           FROM pg_attribute ia WHERE ia.attrelid = i.indexrelid
                             AND coalesce(ia.attstattarget::int, -1) >= 0))
            FROM t JOIN pg_index i ON i.indrelid = t.oid
            UNION ALL
            SELECT format('constraint-state %s validated=%s deferrable=%s deferred=%s noinherit=%s',
                          k.conname, k.convalidated, k.condeferrable, k.condeferred, k.connoinherit)
            FROM t JOIN pg_constraint k ON k.conrelid = t.oid
            UNION ALL
            SELECT format('policy-comment %s %s', p.polname, obj_description(p.oid, 'pg_policy'))
            FROM t JOIN pg_policy p ON p.polrelid = t.oid
            WHERE obj_description(p.oid, 'pg_policy') IS NOT NULL
            UNION ALL
            SELECT format('sequence-def %I.%I %s start=%s increment=%s min=%s max=%s cache=%s cycle=%s '
                          || 'persistence=%s owner=%s acl=%s comment=%s',
                          n.nspname, s.relname, format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement,
                          q.seqmin, q.seqmax, q.seqcache, q.seqcycle, s.relpersistence, pg_get_userbyid(s.relowner),
                          s.relacl, obj_description(s.oid, 'pg_class'))
            FROM t JOIN pg_depend d ON d.refobjid = t.oid
              AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
            JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            JOIN pg_namespace n ON n.oid = s.relnamespace
            JOIN pg_sequence q ON q.seqrelid = s.oid
            UNION ALL
            SELECT 'inherits ' || i.inhparent::regclass::text FROM t JOIN pg_inherits i ON i.inhrelid = t.oid
            UNION ALL
            SELECT 'inherited-by ' || i.inhrelid::regclass::text FROM t JOIN pg_inherits i ON i.inhparent = t.oid""";

    /** The user relations of the database, without the old tables of swaps; used by the lists below. */
    private static final String USER_RELATIONS = """
            rel AS (
              SELECT c.*, format('%I.%I', n.nspname, c.relname) AS name
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgswap')
                AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
                AND c.relname NOT LIKE 'pgswap\\_old\\_%' AND c.relname NOT LIKE 'pgswap\\_rev\\_%'
            )""";

    /** Every view, rule, foreign key, ... of the database; {@code ?} is the table (its own triggers and policies are in TABLE). */
    private static final String DATABASE_WIDE = """
            WITH t AS (SELECT ?::regclass::oid AS oid),
            """ + USER_RELATIONS + """

            SELECT format('view %s kind=%s owner=%s acl=%s options=%s populated=%s comment=%s def=%s',
                          r.name, r.relkind, pg_get_userbyid(r.relowner), r.relacl, (SELECT array_agg(o ORDER BY o) FROM unnest(r.reloptions) o),
                          r.relispopulated,
                          obj_description(r.oid, 'pg_class'), regexp_replace(pg_get_viewdef(r.oid), '\\s+', ' ', 'g'))
            FROM rel r WHERE r.relkind IN ('v', 'm')
            UNION ALL
            SELECT format('view-column %s.%I comment=%s acl=%s',
                          r.name, a.attname, col_description(r.oid, a.attnum), a.attacl)
            FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0
            WHERE r.relkind IN ('v', 'm') AND (a.attacl IS NOT NULL OR col_description(r.oid, a.attnum) IS NOT NULL)
            UNION ALL
            SELECT format('view-index %s comment=%s', pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class'))
            FROM rel r JOIN pg_index i ON i.indrelid = r.oid WHERE r.relkind = 'm'
            UNION ALL
            SELECT format('rule %s enabled=%s comment=%s', regexp_replace(pg_get_ruledef(w.oid), '\\s+', ' ', 'g'),
                          w.ev_enabled, obj_description(w.oid, 'pg_rewrite'))
            FROM rel r JOIN pg_rewrite w ON w.ev_class = r.oid WHERE w.rulename <> '_RETURN'
            UNION ALL
            SELECT format('foreign-key %s %I %s validated=%s comment=%s', r.name, k.conname,
                          pg_get_constraintdef(k.oid), k.convalidated, obj_description(k.oid, 'pg_constraint'))
            FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid WHERE k.contype = 'f'
            UNION ALL
            SELECT format('policy-elsewhere %s %I %s permissive=%s roles=%s using=%s check=%s', r.name, p.polname,
                          p.polcmd, p.polpermissive, p.polroles::regrole[],
                          regexp_replace(pg_get_expr(p.polqual, p.polrelid), '\\s+', ' ', 'g'),
                          regexp_replace(pg_get_expr(p.polwithcheck, p.polrelid), '\\s+', ' ', 'g'))
            FROM rel r JOIN pg_policy p ON p.polrelid = r.oid WHERE r.oid <> (SELECT oid FROM t)
            UNION ALL
            SELECT format('trigger-elsewhere %s enabled=%s comment=%s', pg_get_triggerdef(g.oid), g.tgenabled,
                          obj_description(g.oid, 'pg_trigger'))
            FROM rel r JOIN pg_trigger g ON g.tgrelid = r.oid
            WHERE r.oid <> (SELECT oid FROM t) AND NOT g.tgisinternal
            UNION ALL
            SELECT format('statistics %s target=%s comment=%s', pg_get_statisticsobjdef(s.oid),
                          coalesce(s.stxstattarget::int, -1), obj_description(s.oid, 'pg_statistic_ext'))
            FROM rel r JOIN pg_statistic_ext s ON s.stxrelid = r.oid""";

    /** Publications and their members; PostgreSQL 15 added row filters, column lists and schemas. */
    private static String publications(boolean pg15) {
        String filterAndColumns = !pg15 ? "" : """
                || format(' where=%s columns=%s', pg_get_expr(pr.prqual, pr.prrelid),
                          (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a
                           WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs::int2[])))""";
        String schemas = !pg15 ? "" : """
                UNION ALL
                SELECT format('publication-schema %I %I', p.pubname, n.nspname)
                FROM pg_publication_namespace pn
                JOIN pg_publication p ON p.oid = pn.pnpubid
                JOIN pg_namespace n ON n.oid = pn.pnnspid""";
        return "WITH " + USER_RELATIONS + """

                SELECT format('publication %I owner=%s all_tables=%s insert=%s update=%s delete=%s truncate=%s '
                              || 'via_root=%s', p.pubname, pg_get_userbyid(p.pubowner), p.puballtables, p.pubinsert,
                              p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot)
                FROM pg_publication p
                UNION ALL
                SELECT format('publication-table %I %s', p.pubname, r.name)
                """ + filterAndColumns + """

                FROM pg_publication_rel pr
                JOIN pg_publication p ON p.oid = pr.prpubid
                JOIN rel r ON r.oid = pr.prrelid
                """ + schemas;
    }

    /**
     * One line per {@code pg_depend} row that references the table (or one of its columns), by
     * name. The TOAST table (named after an OID), internal triggers (foreign key triggers, named
     * after OIDs; the foreign keys are described themselves) and pgswap's triggers are left out.
     */
    private static final String DEPENDENCIES = """
            WITH t AS (SELECT ?::regclass::oid AS oid)
            SELECT format('depend %s -> %s %s', pg_describe_object(d.classid, d.objid, d.objsubid),
                          pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid), d.deptype)
            FROM t JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid
            WHERE NOT (d.classid = 'pg_class'::regclass
                       AND d.objid = (SELECT reltoastrelid FROM pg_class WHERE oid = t.oid))
              AND NOT (d.classid = 'pg_trigger'::regclass
                       AND d.objid IN (SELECT oid FROM pg_trigger WHERE tgisinternal OR tgname LIKE 'pgswap\\_%'))""";
}
