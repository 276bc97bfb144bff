package io.pgswap.shadow;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.db.QuietDdl;
import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves that pgswap's own objects are exactly what pgswap made of them. Something else can change
 * them as they are created: an event trigger on CREATE TABLE that enables row-level security or
 * adds an audit trigger, say. On the shadow that would change the table the application gets after
 * the swap, and a trigger added there would fire for every copied row; on the log it would run for
 * every application write. Checked in the transaction that creates them (so a failure leaves
 * nothing) and again before the swap.
 *
 * <p>pgswap also keeps event triggers off its own DDL where it may: see {@link QuietDdl}.
 */
public final class ShadowCheck {
    private ShadowCheck() {
    }

    /** See {@link QuietDdl}: event triggers (not ENABLE ALWAYS) stay off pgswap's own DDL where the role may. */
    public static boolean quietDdl(Connection tx) throws SQLException {
        return QuietDdl.begin(tx);
    }

    /** The shadow carries no trigger, policy or rule and the original's flags, owner and privileges. */
    public static void shadow(Connection c, TableFacts f, Names n) throws SQLException {
        List<String> found = Rows.list(c, Statement.of("""
                SELECT d FROM (
                  SELECT 'trigger ' || t.tgname AS d FROM pg_trigger t
                  WHERE t.tgrelid = to_regclass(?) AND NOT t.tgisinternal
                  UNION ALL
                  SELECT 'policy ' || p.polname FROM pg_policy p WHERE p.polrelid = to_regclass(?)
                  UNION ALL
                  SELECT 'rule ' || r.rulename FROM pg_rewrite r WHERE r.ev_class = to_regclass(?)
                  UNION ALL
                  SELECT 'row level security ' || CASE WHEN s.relrowsecurity THEN 'enabled' ELSE 'disabled' END
                  FROM pg_class s WHERE s.oid = to_regclass(?) AND s.relrowsecurity <> ?
                  UNION ALL
                  SELECT 'forced row level security' FROM pg_class s WHERE s.oid = to_regclass(?) AND s.relforcerowsecurity <> ?
                  UNION ALL
                  SELECT 'owner ' || pg_get_userbyid(s.relowner) FROM pg_class s
                  WHERE s.oid = to_regclass(?) AND pg_get_userbyid(s.relowner) <> ?
                  UNION ALL
                  SELECT 'privileges ' || coalesce(s.relacl::text, 'default') FROM pg_class s, pg_class o
                  WHERE s.oid = to_regclass(?) AND o.oid = ?::oid
                    AND (SELECT string_agg(a::text, ',' ORDER BY a::text)
                         FROM unnest(coalesce(s.relacl, acldefault('r', s.relowner))) a)
                        IS DISTINCT FROM (SELECT string_agg(a::text, ',' ORDER BY a::text)
                                          FROM unnest(coalesce(o.relacl, acldefault('r', o.relowner))) a)
                  UNION ALL
                  SELECT 'index ' || i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                  WHERE x.indrelid = to_regclass(?) AND i.relname NOT LIKE ?
                ) x ORDER BY 1""", n.shadow(), n.shadow(), n.shadow(), n.shadow(), f.rowSecurity(), n.shadow(),
                f.forceRowSecurity(), n.shadow(), f.owner(), n.shadow(), f.oid(), n.shadow(),
                n.shadowIndexPrefix().replace("_", "\\_") + "%"), rs -> rs.getString(1));
        if (!found.isEmpty()) {
            throw changedBySomethingElse(c, "the shadow table " + n.shadow(), found);
        }
    }

    /** The change log has no trigger, rule or row-level security: it only receives the capture's rows. */
    public static void log(Connection c, Names n) throws SQLException {
        List<String> found = Rows.list(c, Statement.of("""
                SELECT d FROM (
                  SELECT 'trigger ' || t.tgname AS d FROM pg_trigger t
                  WHERE t.tgrelid = to_regclass(?) AND NOT t.tgisinternal
                  UNION ALL
                  SELECT 'rule ' || r.rulename FROM pg_rewrite r WHERE r.ev_class = to_regclass(?)
                  UNION ALL
                  SELECT 'row level security' FROM pg_class s WHERE s.oid = to_regclass(?) AND s.relrowsecurity
                ) x ORDER BY 1""", n.logTable(), n.logTable(), n.logTable()), rs -> rs.getString(1));
        if (!found.isEmpty()) {
            throw changedBySomethingElse(c, "the change log " + n.logTable(), found);
        }
    }

    private static PgSwapException changedBySomethingElse(Connection c, String what, List<String> found)
            throws SQLException {
        List<String> events = Rows.strings(c, Statement.of("""
                SELECT evtname || ' (' || evtevent || CASE evtenabled WHEN 'A' THEN ', ENABLE ALWAYS' WHEN 'R'
                       THEN ', ENABLE REPLICA' ELSE '' END || ')'
                FROM pg_event_trigger WHERE evtenabled <> 'D' ORDER BY evtname"""));
        List<String> parts = new ArrayList<>(found);
        if (found.stream().allMatch(d -> d.startsWith("privileges ") || d.startsWith("owner "))) {
            // privileges and owner are compared with the original's as they are now
            return new PgSwapException(ExitCode.FAILED, what + " no longer has the original's "
                    + String.join(" and ", found.stream().map(d -> d.substring(0, d.indexOf(' '))).toList())
                    + " (" + String.join(", ", parts) + "): the original's were changed while the migration ran "
                    + "(GRANT, REVOKE, ALTER TABLE ... OWNER TO), or something else changed the shadow's"
                    + (events.isEmpty() ? "" : " (enabled event triggers: " + String.join(", ", events) + ")")
                    + ". Nothing was swapped and the helper objects were removed; run the same command again", null,
                    null);
        }
        return new PgSwapException(ExitCode.FAILED, "something other than pgswap changed " + what + " as it was "
                + "created: " + String.join(", ", parts) + (events.isEmpty() ? "" : "; enabled event triggers: "
                + String.join(", ", events)) + ". pgswap will not swap in a table with a definition the original "
                + "does not have. Nothing was swapped and the helper objects were removed; disable the event trigger "
                + "for the run (ALTER EVENT TRIGGER ... DISABLE), make it skip tables named pgswap_*, or run pgswap "
                + "as a role allowed to set session_replication_role (then event triggers not ENABLE ALWAYS stay off "
                + "pgswap's own objects)", null, null);
    }
}
