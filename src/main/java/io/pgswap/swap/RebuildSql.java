package io.pgswap.swap;

import io.pgswap.catalog.RewriteDependent;
import io.pgswap.catalog.Routine;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * Statement text for what the swap can re-point only by creating it again: materialized views
 * reading the table and routines tied to its row type.
 */
public final class RebuildSql {
    private RebuildSql() {
    }

    /**
     * A materialized view is re-pointed only by rebuilding it: dropped and created again from its
     * query (deparsed before the rename), with its options, tablespace, owner, privileges,
     * comments and indexes. With data if it had data: that query runs under the swap's lock.
     */
    public static List<String> rebuild(RewriteDependent r, io.pgswap.catalog.MaterializedView m) {
        String q = r.qualifiedRelation();
        List<String> out = new ArrayList<>();
        out.add("DROP MATERIALIZED VIEW " + q);
        out.add("CREATE MATERIALIZED VIEW " + q + io.pgswap.shadow.ShadowDdl.withOptions(r.options())
                + (m.tablespace() == null ? "" : " TABLESPACE " + Sql.ident(m.tablespace())) + " AS\n" + r.body()
                + (m.populated() ? "\nWITH DATA" : "\nWITH NO DATA"));
        // what the running role's default privileges granted the new view: it gets exactly the old one's
        out.addAll(io.pgswap.shadow.ShadowDdl.undoDefaultPrivileges(q, m.defaultGrantees()));
        out.add("ALTER MATERIALIZED VIEW " + q + " OWNER TO " + Sql.ident(r.owner()));
        out.addAll(io.pgswap.shadow.ShadowDdl.privileges(q, r.owner(), m.hasAcl(), m.grants()));
        m.statisticsTargets().forEach((column, target) -> out.add("ALTER MATERIALIZED VIEW " + q + " ALTER COLUMN "
                + Sql.ident(column) + " SET STATISTICS " + target));
        if (m.comment() != null) {
            out.add("COMMENT ON MATERIALIZED VIEW " + q + " IS " + Sql.literal(m.comment()));
        }
        m.columnComments().forEach((column, comment) -> out.add("COMMENT ON COLUMN " + q + "." + Sql.ident(column)
                + " IS " + Sql.literal(comment)));
        out.addAll(m.indexes());
        m.indexComments().forEach((index, comment) -> out.add("COMMENT ON INDEX " + Sql.qualified(r.schema(), index)
                + " IS " + Sql.literal(comment)));
        if (m.clusteredOn() != null) {
            out.add("ALTER MATERIALIZED VIEW " + q + " CLUSTER ON " + Sql.ident(m.clusteredOn()));
        }
        return out;
    }

    /**
     * A routine tied to the table's row type, dropped before the renames, is created again from its
     * definition (deparsed under the lock before them, so the table's name in it is the new
     * table's), with its owner and exactly its old privileges (those that default privileges gave
     * the new one are revoked) and its comment. Its OID changes; nothing depended on it (preflight
     * refuses otherwise).
     */
    static List<String> recreate(Routine r) {
        String definition = r.definition().strip();
        List<String> out = new ArrayList<>();
        out.add(createNaming(r, definition.endsWith(";") ? definition.substring(0, definition.length() - 1)
                : definition));
        out.add("ALTER " + r.target() + " OWNER TO " + Sql.ident(r.owner()));
        if (r.hasAcl() || r.defaultPrivileges()) {
            // created with the default ACL unless default privileges changed it: then, and when the
            // old one had its own, it is set to exactly the old one
            if (!r.defaultGrantees().isEmpty()) {
                out.add("REVOKE ALL ON " + r.target() + " FROM " + Sql.identList(r.defaultGrantees()));
            }
            out.addAll(io.pgswap.shadow.ShadowDdl.privileges(r.target(), r.owner(), true, r.grants()));
        }
        if (r.comment() != null) {
            out.add("COMMENT ON " + r.target() + " IS " + Sql.literal(r.comment()));
        }
        return out;
    }

    private static final String TAG = "$pgswap_routine$";

    /**
     * The CREATE, run so that a failure names the routine: its body may no longer fit the new
     * definition (a column an SQL body reads was dropped), and the swap then fails with that
     * message, nothing swapped. Plain when the definition holds the DO block's quote tag.
     */
    static String createNaming(Routine r, String create) {
        if (create.contains(TAG)) {
            return create;
        }
        return "DO " + TAG + " BEGIN EXECUTE " + Sql.literal(create) + "; EXCEPTION WHEN OTHERS THEN RAISE EXCEPTION "
                + "'pgswap: % cannot be created again for the new table (it uses the table''s row type): %; change "
                + "it to fit the new definition (or drop it), then run the command again', "
                + Sql.literal(r.signature()) + ", SQLERRM; END " + TAG;
    }
}
