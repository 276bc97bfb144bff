package io.pgswap.catalog;

import io.pgswap.PgSwapException;
import io.pgswap.sql.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the catalog into {@link TableFacts}. Read only: it never changes anything. */
public final class Inspector {
    /** pgswap's own capture triggers are named with this prefix; they are not user triggers. */
    public static final String CAPTURE_TRIGGER_PREFIX = "pgswap_capture_";

    private final Connection conn;

    public Inspector(Connection conn) {
        this.conn = conn;
    }

    /** Whether a relation with this (quoted, qualified) name exists now. */
    public static boolean relationExists(Connection c, String qualifiedName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, qualifiedName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The table's OID for [schema.]table, resolved like PostgreSQL does (search_path when unqualified). */
    public long resolveTable(String schema, String table) throws SQLException {
        if (schema != null) {
            Long oid = queryLong("""
                    SELECT c.oid::bigint
                    FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ? AND c.relname = ?""", schema, table);
            if (oid != null) {
                return oid;
            }
            if (queryLong("SELECT oid::bigint FROM pg_namespace WHERE nspname = ?", schema) == null) {
                throw PgSwapException.refused("schema \"" + schema + "\" does not exist");
            }
            throw PgSwapException.refused("table \"" + schema + "\".\"" + table + "\" does not exist");
        }
        Long oid = queryLong("SELECT to_regclass(?)::oid::bigint", Sql.ident(table));
        if (oid != null) {
            return oid;
        }
        List<String> elsewhere = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT n.nspname
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relname = ? AND c.relkind IN ('r', 'p')
                ORDER BY 1""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    elsewhere.add(rs.getString(1));
                }
            }
        }
        boolean onlyTemp = !elsewhere.isEmpty() && elsewhere.stream().allMatch(s -> s.startsWith("pg_temp_"));
        elsewhere.removeIf(s -> s.startsWith("pg_temp_") || s.startsWith("pg_toast_temp_"));
        if (onlyTemp) {
            throw PgSwapException.refused("table \"" + table + "\" is only a temporary table of another session; "
                    + "pgswap cannot see or migrate temporary tables");
        }
        if (elsewhere.isEmpty()) {
            throw PgSwapException.refused("table \"" + table + "\" does not exist (search_path: "
                    + queryString("SELECT current_setting('search_path')") + ")");
        }
        throw PgSwapException.refused("table \"" + table + "\" is not on the search_path but exists in schema"
                + (elsewhere.size() > 1 ? "s " : " ") + String.join(", ", elsewhere)
                + "; name it as SCHEMA." + table + (elsewhere.size() > 1 ? " (the name is ambiguous)" : ""));
    }

    public TableFacts inspect(long oid) throws SQLException {
        int version = Integer.parseInt(queryString("SHOW server_version_num"));
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT n.nspname, c.relname, c.relkind, c.relpersistence, c.relispartition,
                       pg_get_userbyid(c.relowner), c.relacl IS NOT NULL,
                       coalesce(c.reloptions, '{}'),
                       coalesce((SELECT t.reloptions FROM pg_class t WHERE t.oid = c.reltoastrelid), '{}'),
                       ts.spcname, am.amname, c.relrowsecurity, c.relforcerowsecurity, c.relreplident,
                       obj_description(c.oid, 'pg_class'),
                       pg_relation_size(c.oid), pg_indexes_size(c.oid),
                       CASE WHEN c.reltoastrelid = 0 THEN 0 ELSE pg_total_relation_size(c.reltoastrelid) END,
                       c.reltuples::bigint, c.relpages::bigint, c.reloftype <> 0
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
                LEFT JOIN pg_am am ON am.oid = c.relam
                WHERE c.oid = ?::oid""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw PgSwapException.refused("table with OID " + oid + " no longer exists");
                }
                List<Column> columns = columns(oid);
                List<IndexInfo> indexes = indexes(oid);
                List<String> problems = new ArrayList<>(problems(oid, indexes));
                if (rs.getBoolean(21)) {
                    problems.add("it is a typed table (CREATE TABLE ... OF type)");
                }
                Optional<IndexInfo> key = chooseKey(indexes, columns);
                long reltuples = rs.getLong(19);
                long pages = rs.getLong(20);
                long heapBytes = rs.getLong(16);
                long estimatedRows = reltuples >= 0 ? reltuples : 0;
                if (reltuples < 0 || pages == 0) {
                    estimatedRows = heapBytes > 0 ? heapBytes / 100 : 0; // never analyzed: a rough guess
                }
                return new TableFacts(oid, rs.getString(1), rs.getString(2), rs.getString(3).charAt(0),
                        rs.getString(4).charAt(0), rs.getBoolean(5), rs.getString(6), rs.getBoolean(7), grants(oid),
                        strings(rs.getArray(8)), strings(rs.getArray(9)), rs.getString(10), rs.getString(11),
                        rs.getBoolean(12), rs.getBoolean(13), rs.getString(14).charAt(0), rs.getString(15),
                        columns, indexes, key, sequences(oid), captureTriggers(oid), triggers(oid), policies(oid), foreignKeys(oid, version),
                        rewriteDependents(oid), publications(oid, version), statistics(oid), dependents(oid, version),
                        List.copyOf(problems), heapBytes, rs.getLong(17), rs.getLong(18), estimatedRows, pages,
                        version, fingerprint(oid));
            }
        }
    }

    private List<Column> columns(long oid) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       a.attidentity, a.attgenerated, coalesce(a.attstattarget::int, -1), coalesce(a.attoptions, '{}')
                FROM pg_attribute a
                WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Column(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            charOf(rs.getString(5)), charOf(rs.getString(6)), rs.getInt(7), strings(rs.getArray(8))));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<IndexInfo> indexes(long oid) throws SQLException {
        List<IndexInfo> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT i.indexrelid::bigint, ic.relname, i.indisunique, i.indisprimary,
                       i.indisvalid AND i.indisready, i.indpred IS NOT NULL, i.indexprs IS NOT NULL,
                       ARRAY(SELECT a.attname
                             FROM generate_series(0, i.indnkeyatts - 1) s(k)
                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[s.k]
                             ORDER BY s.k),
                       pg_get_indexdef(i.indexrelid),
                       format('CREATE %sINDEX %I ON %I.%I ',
                              CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END, ic.relname, n.nspname, t.relname),
                       ts.spcname, obj_description(i.indexrelid, 'pg_class'),
                       con.conname, con.contype, pg_get_constraintdef(con.oid),
                       coalesce(con.condeferrable, false), coalesce(con.condeferred, false),
                       obj_description(con.oid, 'pg_constraint'), i.indisreplident, i.indisclustered
                FROM pg_index i
                JOIN pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
                LEFT JOIN pg_constraint con
                       ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
                WHERE i.indrelid = ?::oid
                ORDER BY i.indisprimary DESC, ic.relname""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String def = rs.getString(9);
                    String prefix = rs.getString(10);
                    String tail = def.startsWith(prefix) ? def.substring(prefix.length()) : null;
                    String contype = rs.getString(14);
                    out.add(new IndexInfo(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), strings(rs.getArray(8)), tail,
                            rs.getString(11), rs.getString(12), rs.getString(13),
                            contype == null ? null : contype.charAt(0), rs.getString(15), rs.getBoolean(16),
                            rs.getBoolean(17), rs.getString(18), rs.getBoolean(19), rs.getBoolean(20)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The primary key, else the narrowest immediate unique index on NOT NULL plain columns. */
    static Optional<IndexInfo> chooseKey(List<IndexInfo> indexes, List<Column> columns) {
        return indexes.stream()
                .filter(i -> i.unique() && i.valid() && !i.partial() && !i.hasExpressions() && !i.deferrable()
                        && !i.keyColumns().isEmpty()
                        && i.keyColumns().stream().allMatch(n -> columns.stream()
                                .anyMatch(c -> c.name().equals(n) && c.notNull() && !c.isGenerated())))
                .min((a, b) -> a.primary() != b.primary() ? (a.primary() ? -1 : 1)
                        : a.keyColumns().size() != b.keyColumns().size()
                        ? Integer.compare(a.keyColumns().size(), b.keyColumns().size())
                        : a.name().compareTo(b.name()));
    }

    private List<Grant> grants(long oid) throws SQLException {
        List<Grant> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT CASE WHEN e.grantee = 0 THEN NULL ELSE pg_get_userbyid(e.grantee) END,
                       e.privilege_type, e.is_grantable, NULL::name
                FROM pg_class c, aclexplode(c.relacl) e
                WHERE c.oid = ?::oid
                UNION ALL
                SELECT CASE WHEN e.grantee = 0 THEN NULL ELSE pg_get_userbyid(e.grantee) END,
                       e.privilege_type, e.is_grantable, a.attname
                FROM pg_attribute a, aclexplode(a.attacl) e
                WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped""")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Grant(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4)));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<SequenceLink> sequences(long oid) throws SQLException {
        List<SequenceLink> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT sn.nspname, s.relname, a.attname, d.deptype = 'i', format_type(q.seqtypid, NULL)
                FROM pg_depend d
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                JOIN pg_sequence q ON q.seqrelid = s.oid
                JOIN pg_namespace sn ON sn.oid = s.relnamespace
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                  AND d.refobjid = ?::oid AND d.deptype IN ('a', 'i')
                ORDER BY a.attnum""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SequenceLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            rs.getString(5)));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<TriggerInfo> triggers(long oid) throws SQLException {
        List<TriggerInfo> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled, obj_description(t.oid, 'pg_trigger')
                FROM pg_trigger t
                WHERE t.tgrelid = ?::oid AND NOT t.tgisinternal AND NOT starts_with(t.tgname, 'pgswap_capture_')
                ORDER BY t.tgname""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TriggerInfo(rs.getString(1), rs.getString(2), charOf(rs.getString(3)), rs.getString(4)));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Foreign keys out of the table, into it from other tables, and self-referencing ones. Keys on
     * partitions or partitioned tables are not listed here; {@link #dependents} refuses them.
     */
    private List<ForeignKey> foreignKeys(long oid, int version) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT k.conname, k.conrelid::bigint, tn.nspname, t.relname, k.confrelid::bigint, rn.nspname, r.relname,
                       regexp_replace(pg_get_constraintdef(k.oid), ' NOT VALID$', ''), k.convalidated, ENFORCED,
                       obj_description(k.oid, 'pg_constraint')
                FROM pg_constraint k
                JOIN pg_class t ON t.oid = k.conrelid
                JOIN pg_namespace tn ON tn.oid = t.relnamespace
                JOIN pg_class r ON r.oid = k.confrelid
                JOIN pg_namespace rn ON rn.oid = r.relnamespace
                WHERE k.contype = 'f' AND (k.conrelid = ?::oid OR k.confrelid = ?::oid)
                  AND (k.conrelid = ?::oid OR (t.relkind = 'r' AND NOT t.relispartition AND k.conparentid = 0))
                ORDER BY tn.nspname, t.relname, k.conname""".replace("ENFORCED",
                version >= 180000 ? "k.conenforced" : "true"))) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            ps.setLong(3, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ForeignKey(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9),
                            rs.getBoolean(10), rs.getString(11)));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Views and materialized views that read the table, rules elsewhere that read or write it, and
     * rules on it, with their definitions as deparsed now. Read at inspection for the plan and
     * again under the swap's lock, right before the rename, for the statements that re-point them.
     */
    public List<RewriteDependent> rewriteDependents(long oid) throws SQLException {
        List<RewriteDependent> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT v.oid::bigint, n.nspname, v.relname, v.relkind, pg_get_userbyid(v.relowner), r.rulename,
                       r.ev_enabled,
                       CASE WHEN r.rulename = '_RETURN' THEN pg_get_viewdef(v.oid) ELSE pg_get_ruledef(r.oid) END,
                       coalesce(v.reloptions, '{}'), obj_description(r.oid, 'pg_rewrite')
                FROM pg_rewrite r
                JOIN pg_class v ON v.oid = r.ev_class
                JOIN pg_namespace n ON n.oid = v.relnamespace
                WHERE r.ev_class = ?::oid
                   OR r.oid IN (SELECT d.objid FROM pg_depend d
                                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                                  AND d.refobjid = ?::oid)
                ORDER BY n.nspname, v.relname, r.rulename""")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RewriteDependent(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4).charAt(0), rs.getString(5), rs.getString(6), charOf(rs.getString(7)),
                            rs.getString(8), strings(rs.getArray(9)), rs.getString(10)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Extended statistics objects on the table, re-created on the shadow under temporary names. */
    private List<StatisticsInfo> statistics(long oid) throws SQLException {
        List<StatisticsInfo> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT n.nspname, s.stxname, pg_get_statisticsobjdef_columns(s.oid),
                       ARRAY(SELECT CASE k WHEN 'd' THEN 'ndistinct' WHEN 'f' THEN 'dependencies' WHEN 'm' THEN 'mcv' END
                             FROM unnest(s.stxkind) k WHERE k IN ('d', 'f', 'm')),
                       coalesce(s.stxstattarget::int, -1), pg_get_userbyid(s.stxowner),
                       obj_description(s.oid, 'pg_statistic_ext')
                FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
                WHERE s.stxrelid = ?::oid
                ORDER BY n.nspname, s.stxname""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StatisticsInfo(rs.getString(1), rs.getString(2), rs.getString(3),
                            strings(rs.getArray(4)), rs.getInt(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** What a rebuild of this materialized view must restore (read under the swap's lock). */
    public MaterializedView materializedView(long oid) throws SQLException {
        java.util.Map<String, String> columnComments = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT a.attname, col_description(a.attrelid, a.attnum) FROM pg_attribute a
                WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped
                  AND col_description(a.attrelid, a.attnum) IS NOT NULL ORDER BY a.attnum""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columnComments.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> indexes = new ArrayList<>();
        java.util.Map<String, String> indexComments = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT ic.relname, pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class')
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                WHERE i.indrelid = ?::oid ORDER BY ic.relname""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.add(rs.getString(2));
                    if (rs.getString(3) != null) {
                        indexComments.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT ts.spcname, c.relispopulated, obj_description(c.oid, 'pg_class'), c.relacl IS NOT NULL
                FROM pg_class c LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
                WHERE c.oid = ?::oid""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("materialized view with OID " + oid + " no longer exists");
                }
                return new MaterializedView(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getBoolean(4),
                        grants(oid), columnComments, List.copyOf(indexes), indexComments);
            }
        }
    }

    /** Publications that name the table explicitly (FOR TABLE), with column list and row filter. */
    public List<PublicationMember> publications(long oid, int version) throws SQLException {
        List<PublicationMember> out = new ArrayList<>();
        String extras = version >= 150000
                ? "coalesce(ARRAY(SELECT a.attname FROM unnest(pr.prattrs) WITH ORDINALITY u(k, o)"
                + " JOIN pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = u.k ORDER BY u.o), '{}'),"
                + " pg_get_expr(pr.prqual, pr.prrelid)"
                : "'{}'::name[], NULL::text";
        try (PreparedStatement ps = conn.prepareStatement("SELECT p.pubname, pg_get_userbyid(p.pubowner), " + extras
                + " FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"
                + " WHERE pr.prrelid = ?::oid ORDER BY p.pubname")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PublicationMember(rs.getString(1), rs.getString(2), strings(rs.getArray(3)),
                            rs.getString(4)));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<PolicyInfo> policies(long oid) throws SQLException {
        List<PolicyInfo> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT p.polname, p.polpermissive,
                       CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                     WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                       ARRAY(SELECT pg_get_userbyid(r) FROM unnest(p.polroles) r WHERE r <> 0 ORDER BY 1),
                       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
                       obj_description(p.oid, 'pg_policy')
                FROM pg_policy p
                WHERE p.polrelid = ?::oid
                ORDER BY p.polname""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PolicyInfo(rs.getString(1), rs.getBoolean(2), rs.getString(3), strings(rs.getArray(4)),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<String> captureTriggers(long oid) throws SQLException {
        return strings("""
                SELECT tgname FROM pg_trigger
                WHERE tgrelid = ?::oid AND NOT tgisinternal AND starts_with(tgname, ?)
                ORDER BY tgname""", oid, CAPTURE_TRIGGER_PREFIX);
    }

    /**
     * Objects that point at the table and that a rename swap cannot carry over (materialized views
     * are in {@link #rewriteDependents}: they are carried over only when asked to). The last branch is
     * a safety net: anything else recorded as depending on the table is refused by name.
     */
    private List<Dependent> dependents(long oid, int version) throws SQLException {
        String publicationsInSchema = version >= 150000 ? """
                UNION ALL
                SELECT 'publication FOR TABLES IN SCHEMA (it would publish pgswap''s shadow table too)', p.pubname
                FROM pg_publication_namespace pn
                JOIN pg_publication p ON p.oid = pn.pnpubid
                WHERE pn.pnnspid = (SELECT relnamespace FROM pg_class WHERE oid = $1)""" : "";
        String sql = """
                SELECT DISTINCT 'object that depends on a materialized view reading it',
                       pg_describe_object(d2.classid, d2.objid, d2.objsubid)
                FROM pg_depend d
                JOIN pg_rewrite r ON r.oid = d.objid
                JOIN pg_class v ON v.oid = r.ev_class AND v.relkind = 'm'
                JOIN pg_depend d2 ON d2.refclassid = 'pg_class'::regclass AND d2.refobjid = v.oid AND d2.deptype = 'n'
                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = $1
                  -- before PostgreSQL 16 a view's own rule depends on the view
                  AND NOT (d2.classid = 'pg_rewrite'::regclass
                           AND EXISTS (SELECT 1 FROM pg_rewrite r2 WHERE r2.oid = d2.objid AND r2.ev_class = v.oid))
                UNION ALL
                SELECT 'foreign key from a partitioned table or partition', format('%s on %s', c.conname, c.conrelid::regclass)
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                WHERE c.contype = 'f' AND c.confrelid = $1 AND c.conrelid <> $1
                  AND (t.relkind <> 'r' OR t.relispartition OR c.conparentid <> 0)
                UNION ALL
                SELECT 'publication FOR ALL TABLES (it would publish pgswap''s shadow and log tables too)', p.pubname
                FROM pg_publication p WHERE p.puballtables
                UNION ALL
                SELECT 'logical replication subscription (the table is its target)', s.subname
                FROM pg_subscription_rel sr JOIN pg_subscription s ON s.oid = sr.srsubid
                WHERE sr.srrelid = $1
                UNION ALL
                SELECT 'inheritance child', i.inhrelid::regclass::text FROM pg_inherits i WHERE i.inhparent = $1
                UNION ALL
                SELECT 'inheritance parent', i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = $1
                UNION ALL
                SELECT 'use of its row type', pg_describe_object(d.classid, d.objid, d.objsubid)
                FROM pg_depend d
                WHERE d.refclassid = 'pg_type'::regclass AND d.deptype = 'n'
                  AND d.refobjid IN (SELECT t.oid FROM pg_type t WHERE t.typrelid = $1
                                     UNION ALL
                                     SELECT t.typarray FROM pg_type t WHERE t.typrelid = $1)
                UNION ALL
                SELECT 'extension', e.extname
                FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                WHERE d.classid = 'pg_class'::regclass AND d.objid = $1 AND d.deptype = 'e'

                UNION ALL
                SELECT DISTINCT 'object that depends on it', pg_describe_object(d.classid, d.objid, d.objsubid)
                FROM pg_depend d
                WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = $1 AND d.deptype = 'n'
                  AND d.classid NOT IN ('pg_rewrite'::regclass, 'pg_constraint'::regclass,
                                        'pg_statistic_ext'::regclass, 'pg_publication_rel'::regclass)
                  AND NOT (d.classid = 'pg_policy'::regclass
                           AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.oid = d.objid AND p.polrelid = $1))
                  AND NOT (d.classid = 'pg_trigger'::regclass
                           AND EXISTS (SELECT 1 FROM pg_trigger t WHERE t.oid = d.objid AND t.tgrelid = $1))
                  AND NOT (d.classid = 'pg_attrdef'::regclass
                           AND EXISTS (SELECT 1 FROM pg_attrdef a WHERE a.oid = d.objid AND a.adrelid = $1))
                  AND NOT (d.classid = 'pg_class'::regclass AND d.objid = $1)
                """ + publicationsInSchema + "\nORDER BY 1, 2";
        List<Dependent> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql.replace("$1", "?::oid"))) {
            int n = countParams(sql);
            for (int i = 1; i <= n; i++) {
                ps.setLong(i, oid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Dependent(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Table properties the swap cannot reproduce faithfully; each one refuses the run. */
    private List<String> problems(long oid, List<IndexInfo> indexes) throws SQLException {
        List<String> out = new ArrayList<>();
        for (IndexInfo i : indexes) {
            if (!i.valid()) {
                out.add("index " + i.name() + " is invalid (a failed CREATE INDEX CONCURRENTLY?); "
                        + "drop or REINDEX it first");
            } else if (i.definitionTail() == null) {
                out.add("cannot read the definition of index " + i.name());
            }
        }
        for (String c : strings("""
                SELECT conname FROM pg_constraint
                WHERE conrelid = ?::oid AND contype = 'c' AND NOT convalidated
                ORDER BY conname""", oid)) {
            out.add("CHECK constraint " + c + " is NOT VALID; VALIDATE or drop it first");
        }
        return out;
    }

    /**
     * A digest of the table's definition: columns, defaults, indexes, constraints, triggers other
     * than pgswap's, owner, privileges, options, comments, foreign keys in and out, extended
     * statistics. (Views and rules that read it are not in it: the swap reads them afresh before
     * each attempt and deparses them under the lock, so one created meanwhile is carried over.)
     * If it changes while
     * a migration runs, the shadow no longer matches and the swap must not happen (I9).
     */
    public String fingerprint(long oid) throws SQLException {
        return fingerprintAndFilenode(oid)[0];
    }

    /** The fingerprint and the table's current filenode (a rewrite changes it), in one query. */
    public String[] fingerprintAndFilenode(long oid) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(FINGERPRINT)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    private static final String FINGERPRINT = """
                SELECT md5(concat_ws(E'\\n',
                  c.relname, c.relkind, c.relpersistence, c.relowner, c.relacl::text, c.reloptions::text,
                  c.relrowsecurity, c.relforcerowsecurity, c.relreplident, obj_description(c.oid, 'pg_class'),
                  (SELECT string_agg(concat_ws(':', a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
                                               a.attnotnull, a.attidentity, a.attgenerated, a.attcollation,
                                               a.attacl::text, pg_get_expr(ad.adbin, ad.adrelid),
                                               col_description(a.attrelid, a.attnum)), ',' ORDER BY a.attnum)
                   FROM pg_attribute a
                   LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                  (SELECT string_agg(pg_get_indexdef(i.indexrelid) || i.indisvalid, ',' ORDER BY i.indexrelid)
                   FROM pg_index i WHERE i.indrelid = c.oid),
                  (SELECT string_agg(k.conname || ' ' || pg_get_constraintdef(k.oid), ',' ORDER BY k.conname)
                   FROM pg_constraint k WHERE k.conrelid = c.oid OR k.confrelid = c.oid),
                  (SELECT string_agg(pg_get_triggerdef(t.oid) || t.tgenabled::text, ',' ORDER BY t.tgname)
                   FROM pg_trigger t
                   WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND NOT starts_with(t.tgname, 'pgswap_capture_')),
                  (SELECT string_agg(concat_ws(':', p.polname, p.polcmd, p.polpermissive, p.polroles::text,
                                               pg_get_expr(p.polqual, p.polrelid),
                                               pg_get_expr(p.polwithcheck, p.polrelid)), ',' ORDER BY p.polname)
                   FROM pg_policy p WHERE p.polrelid = c.oid),
                  (SELECT string_agg(s.stxname || pg_get_statisticsobjdef_columns(s.oid), ',' ORDER BY s.stxname)
                   FROM pg_statistic_ext s WHERE s.stxrelid = c.oid))),
                coalesce(pg_relation_filenode(c.oid), 0)
                FROM pg_class c WHERE c.oid = ?::oid""";

    /**
     * Sessions other than this one holding a granted lock on the table inside a transaction older
     * than {@code minAge}: a swap requested now would queue behind them.
     */
    public List<LockHolder> lockHolders(long oid, Duration minAge) throws SQLException {
        return lockHolders(List.of(oid), minAge);
    }

    /** The same for several relations (everything the swap locks). */
    public List<LockHolder> lockHolders(List<Long> oids, Duration minAge) throws SQLException {
        List<LockHolder> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT a.pid, a.usename, a.application_name, a.state, l.mode,
                       (extract(epoch FROM now() - a.xact_start) * 1000)::bigint, left(a.query, 200),
                       n.nspname, c.relname
                FROM pg_locks l
                JOIN pg_stat_activity a ON a.pid = l.pid
                JOIN pg_class c ON c.oid = l.relation
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE l.locktype = 'relation' AND l.relation = ANY(CAST(? AS oid[])) AND l.granted
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.pid <> pg_backend_pid()
                  AND a.xact_start < now() - make_interval(secs => ?::double precision / 1000)
                ORDER BY a.xact_start""")) {
            ps.setArray(1, conn.createArrayOf("bigint", oids.toArray()));
            ps.setLong(2, minAge.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LockHolder(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Duration.ofMillis(rs.getLong(6)), rs.getString(7),
                            io.pgswap.sql.QualifiedName.format(rs.getString(8), rs.getString(9))));
                }
            }
        }
        return out;
    }

    private static int countParams(String sql) {
        int n = 0;
        for (int i = sql.indexOf("$1"); i >= 0; i = sql.indexOf("$1", i + 2)) {
            n++;
        }
        return n;
    }

    private List<String> strings(String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private Long queryLong(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                }
                return null;
            }
        }
    }

    private String queryString(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    private static List<String> strings(Array a) throws SQLException {
        if (a == null) {
            return List.of();
        }
        return List.copyOf(Arrays.asList((String[]) a.getArray()));
    }

    private static char charOf(String s) {
        return s == null || s.isEmpty() ? ' ' : s.charAt(0);
    }
}
