package io.pgswap.catalog;

import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A digest of everything about the table that a migration copies or depends on, in named parts,
 * so that a change made while a migration runs stops the swap with a message that says what
 * changed (I9). Views and rules that read the table are not in it: the swap reads them afresh
 * before each attempt and deparses them under its lock. The table's filenode comes with it
 * (a TRUNCATE, VACUUM FULL or CLUSTER changes it).
 */
public record Fingerprint(Map<String, String> parts, long filenode) {
    /** Table-level properties: kind, persistence, owner, tablespace, access method, options, RLS flags, replica identity, comment. */
    public static final String TABLE = "table";
    public static final String PRIVILEGES = "privileges";
    /** Names, types, NOT NULL, identity, generated, collation, default, comment, statistics, options, storage, compression. */
    public static final String COLUMNS = "columns";
    /** Definitions, validity, CLUSTER and replica-identity marks, tablespaces, comments, column statistics targets. */
    public static final String INDEXES = "indexes";
    /** CHECK, NOT NULL, unique, exclusion and foreign keys (in and out), with validity and comments. */
    public static final String CONSTRAINTS = "constraints";
    public static final String TRIGGERS = "triggers";
    public static final String POLICIES = "policies";
    public static final String STATISTICS = "statistics";

    public Fingerprint {
        parts = Map.copyOf(parts);
    }

    /** The stored form: "name=digest" parts joined by ';'. */
    public String encoded() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of(TABLE, PRIVILEGES, COLUMNS, INDEXES, CONSTRAINTS, TRIGGERS, POLICIES, STATISTICS)) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(name).append('=').append(parts.get(name));
        }
        return sb.toString();
    }

    /** Whether a stored fingerprint is of this (named-parts) form; pgswap 0.1.0 stored one md5. */
    public static boolean isEncoded(String stored) {
        return stored != null && stored.startsWith(TABLE + "=");
    }

    /** The names of the parts that differ from the stored form (empty: the definition is unchanged). */
    public List<String> changedSince(String stored) {
        Map<String, String> before = new LinkedHashMap<>();
        for (String kv : stored.split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                before.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        List<String> out = new ArrayList<>();
        parts.forEach((name, digest) -> {
            if (!digest.equals(before.get(name))) {
                out.add(name);
            }
        });
        out.sort(null);
        return out;
    }

    public static Fingerprint of(Connection c, long oid) throws SQLException {
        return Rows.first(c, Statement.of(QUERY, oid), rs -> {
            Map<String, String> p = new LinkedHashMap<>();
            p.put(TABLE, rs.getString(1));
            p.put(PRIVILEGES, rs.getString(2));
            p.put(COLUMNS, rs.getString(3));
            p.put(INDEXES, rs.getString(4));
            p.put(CONSTRAINTS, rs.getString(5));
            p.put(TRIGGERS, rs.getString(6));
            p.put(POLICIES, rs.getString(7));
            p.put(STATISTICS, rs.getString(8));
            return new Fingerprint(p, rs.getLong(9));
        }).orElseThrow(() -> new SQLException("table with OID " + oid + " no longer exists", "42P01"));
    }

    /** The single digest pgswap 0.1.0 stored, for migrations started by it (see the state upgrade). */
    public static String legacy(Connection c, long oid) throws SQLException {
        return Rows.string(c, Statement.of(LEGACY, oid));
    }

    /**
     * The digests of the parts. Arrays whose order carries no meaning (privileges, storage options)
     * are compared sorted: a REVOKE and GRANT back, or an option set again to its value, reorders
     * them without changing the table.
     */
    private static final String QUERY = """
            SELECT
              md5(concat_ws(E'\\n', c.relkind, c.relpersistence, c.relowner, c.reltablespace, c.relam,
                            %%SORTED(c.reloptions)%%, (SELECT %%SORTED(t.reloptions)%% FROM pg_class t WHERE t.oid = c.reltoastrelid),
                            c.relrowsecurity, c.relforcerowsecurity, c.relreplident, obj_description(c.oid, 'pg_class'))),
              md5(concat_ws(E'\\n', %%SORTED(c.relacl)%%,
                  (SELECT string_agg(a.attnum || ':' || %%SORTED(a.attacl)%%, ',' ORDER BY a.attnum)
                   FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND a.attacl IS NOT NULL))),
              md5(coalesce((SELECT string_agg(concat_ws(':', a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
                                               a.attnotnull, a.attidentity, a.attgenerated, a.attcollation,
                                               pg_get_expr(ad.adbin, ad.adrelid), col_description(a.attrelid, a.attnum),
                                               coalesce(a.attstattarget::int, -1), %%SORTED(a.attoptions)%%, a.attstorage,
                                               a.attcompression), ',' ORDER BY a.attnum)
                   FROM pg_attribute a
                   LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')),
              md5(coalesce((SELECT string_agg(concat_ws(':', pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisready,
                                               i.indisclustered, i.indisreplident, ic.reltablespace,
                                               obj_description(i.indexrelid, 'pg_class'),
                                               (SELECT string_agg(ia.attnum || '=' || ia.attstattarget::int, ',' ORDER BY ia.attnum)
                                                FROM pg_attribute ia
                                                WHERE ia.attrelid = i.indexrelid AND coalesce(ia.attstattarget::int, -1) >= 0)),
                                    ',' ORDER BY ic.relname)
                   FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid), '')),
              md5(coalesce((SELECT string_agg(concat_ws(':', k.conname, k.conrelid, pg_get_constraintdef(k.oid),
                                               k.convalidated, k.condeferrable, k.condeferred,
                                               obj_description(k.oid, 'pg_constraint')), ',' ORDER BY k.conname, k.conrelid)
                   FROM pg_constraint k WHERE k.conrelid = c.oid OR k.confrelid = c.oid), '')),
              md5(coalesce((SELECT string_agg(concat_ws(':', pg_get_triggerdef(t.oid), t.tgenabled,
                                               obj_description(t.oid, 'pg_trigger')), ',' ORDER BY t.tgname)
                   FROM pg_trigger t
                   WHERE t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgname !~ '^pgswap_(capture|fill|revert)_[0-9]+(_truncate)?$'), '')),
              md5(coalesce((SELECT string_agg(concat_ws(':', p.polname, p.polcmd, p.polpermissive, p.polroles::text,
                                               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
                                               obj_description(p.oid, 'pg_policy')), ',' ORDER BY p.polname)
                   FROM pg_policy p WHERE p.polrelid = c.oid), '')),
              md5(coalesce((SELECT string_agg(concat_ws(':', s.stxname, s.stxnamespace, pg_get_statisticsobjdef_columns(s.oid),
                                               s.stxkind::text, coalesce(s.stxstattarget::int, -1), s.stxowner,
                                               obj_description(s.oid, 'pg_statistic_ext')), ',' ORDER BY s.stxname)
                   FROM pg_statistic_ext s WHERE s.stxrelid = c.oid), '')),
              coalesce(pg_relation_filenode(c.oid), 0)
            FROM pg_class c WHERE c.oid = ?::oid""".replaceAll("%%SORTED\\(([a-z.]+)\\)%%",
            "coalesce((SELECT '{' || string_agg(x::text, ',' ORDER BY x::text) || '}' FROM unnest($1) x), $1::text)");

    private static final String LEGACY = """
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
               FROM pg_statistic_ext s WHERE s.stxrelid = c.oid)))
            FROM pg_class c WHERE c.oid = ?::oid""";
}
