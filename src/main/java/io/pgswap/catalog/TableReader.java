package io.pgswap.catalog;

import io.pgswap.PgSwapException;
import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the table's own definition: the pg_class row, columns, indexes, privileges, sequences,
 * triggers, policies, extended statistics, and the properties a swap cannot reproduce.
 */
final class TableReader {
    private final Connection conn;

    TableReader(Connection conn) {
        this.conn = conn;
    }

    private static char charOf(String s) {
        return s == null || s.isEmpty() ? ' ' : s.charAt(0);
    }

    TableFacts read(long oid, DependencyReader deps) throws SQLException {
        int version = Integer.parseInt(Rows.string(conn, Statement.of("SHOW server_version_num")));
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
                List<Routine> routines = new RoutineReader(conn).read(oid);
                List<Dependent> dependents = new ArrayList<>(deps.dependents(oid, version));
                routines.stream().filter(r -> r.problem() != null).forEach(r -> dependents.add(new Dependent(
                        "use of its row type (" + r.problem() + ")", r.signature())));
                long reltuples = rs.getLong(19);
                long pages = rs.getLong(20);
                long heapBytes = rs.getLong(16);
                long estimatedRows = reltuples >= 0 ? reltuples : 0;
                if (reltuples < 0 || pages == 0) {
                    estimatedRows = heapBytes > 0 ? heapBytes / 100 : 0; // never analyzed: a rough guess
                }
                return new TableFacts(oid, rs.getString(1), rs.getString(2), rs.getString(3).charAt(0),
                        rs.getString(4).charAt(0), rs.getBoolean(5), rs.getString(6), rs.getBoolean(7), grants(oid),
                        Rows.strings(rs.getArray(8)), Rows.strings(rs.getArray(9)), rs.getString(10), rs.getString(11),
                        rs.getBoolean(12), rs.getBoolean(13), rs.getString(14).charAt(0), rs.getString(15),
                        columns, indexes, key, sequences(oid), captureTriggers(oid), triggers(oid), policies(oid), deps.foreignKeys(oid, version),
                        deps.rewriteDependents(oid), routines, deps.publications(oid, version), statistics(oid), List.copyOf(dependents),
                        List.copyOf(problems), heapBytes, rs.getLong(17), rs.getLong(18), estimatedRows, pages,
                        version, Fingerprint.of(conn, oid),
                        rs.getBoolean(5) ? new PartitionReader(conn).read(oid, deps.inheritedKeys(oid, version)) : null);
            }
        }
    }

    List<Column> columns(long oid) throws SQLException {
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
                            charOf(rs.getString(5)), charOf(rs.getString(6)), rs.getInt(7), Rows.strings(rs.getArray(8))));
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
                       obj_description(con.oid, 'pg_constraint'), i.indisreplident, i.indisclustered,
                       ARRAY(SELECT ia.attnum || '=' || ia.attstattarget::int FROM pg_attribute ia
                             WHERE ia.attrelid = i.indexrelid AND coalesce(ia.attstattarget::int, -1) >= 0
                             ORDER BY ia.attnum),
                       format('CREATE %sINDEX %I ON ONLY %I.%I ',
                              CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END, ic.relname, n.nspname, t.relname)
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
                    // a partitioned table's index reads "ON ONLY table" (it holds no entries of its own)
                    String only = rs.getString(22);
                    String tail = def.startsWith(prefix) ? def.substring(prefix.length())
                            : def.startsWith(only) ? def.substring(only.length()) : null;
                    String contype = rs.getString(14);
                    out.add(new IndexInfo(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), Rows.strings(rs.getArray(8)), tail,
                            rs.getString(11), rs.getString(12), rs.getString(13),
                            contype == null ? null : contype.charAt(0), rs.getString(15), rs.getBoolean(16),
                            rs.getBoolean(17), rs.getString(18), rs.getBoolean(19), rs.getBoolean(20),
                            Rows.strings(rs.getArray(21))));
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

    List<Grant> grants(long oid) throws SQLException {
        List<Grant> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT CASE WHEN e.grantee = 0 THEN NULL ELSE pg_get_userbyid(e.grantee) END,
                       e.privilege_type, e.is_grantable, NULL::name, pg_get_userbyid(e.grantor)
                FROM pg_class c, aclexplode(c.relacl) e
                WHERE c.oid = ?::oid
                UNION ALL
                SELECT CASE WHEN e.grantee = 0 THEN NULL ELSE pg_get_userbyid(e.grantee) END,
                       e.privilege_type, e.is_grantable, a.attname, pg_get_userbyid(e.grantor)
                FROM pg_attribute a, aclexplode(a.attacl) e
                WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped""")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Grant(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<SequenceLink> sequences(long oid) throws SQLException {
        List<SequenceLink> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT sn.nspname, s.relname, a.attname, d.deptype = 'i', format_type(q.seqtypid, NULL),
                       s.oid::bigint, s.relacl IS NOT NULL, obj_description(s.oid, 'pg_class')
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
                            rs.getString(5), rs.getBoolean(7), rs.getBoolean(4) ? grants(rs.getLong(6)) : List.of(),
                            rs.getString(8)));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<TriggerInfo> triggers(long oid) throws SQLException {
        List<TriggerInfo> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled, obj_description(t.oid, 'pg_trigger'),
                       CASE WHEN t.tgtype & 16 <> 0 THEN ARRAY(SELECT a.attname FROM unnest(t.tgattr::int2[]) k(attnum)
                            JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum) END
                FROM pg_trigger t
                WHERE t.tgrelid = ?::oid AND NOT t.tgisinternal AND t.tgparentid = 0 AND t.tgname !~ '^pgswap_(capture|fill|revert)_[0-9]+(_truncate)?$'
                ORDER BY t.tgname""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TriggerInfo(rs.getString(1), rs.getString(2), charOf(rs.getString(3)), rs.getString(4),
                            rs.getArray(5) == null ? null : Rows.strings(rs.getArray(5))));
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
                    out.add(new PolicyInfo(rs.getString(1), rs.getBoolean(2), rs.getString(3), Rows.strings(rs.getArray(4)),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
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
                            Rows.strings(rs.getArray(4)), rs.getInt(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<String> captureTriggers(long oid) throws SQLException {
        return Rows.strings(conn, Statement.of("""
                SELECT tgname FROM pg_trigger
                WHERE tgrelid = ?::oid AND NOT tgisinternal AND tgname ~ ?
                ORDER BY tgname""", oid, Inspector.OWN_TRIGGER_PATTERN));
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
        for (String c : Rows.strings(conn, Statement.of("""
                SELECT conname FROM pg_constraint
                WHERE conrelid = ?::oid AND contype = 'c' AND NOT convalidated
                ORDER BY conname""", oid))) {
            out.add("CHECK constraint " + c + " is NOT VALID; VALIDATE or drop it first");
        }
        return out;
    }
}
