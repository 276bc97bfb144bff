package io.pgswap.swap;

import io.pgswap.capture.Capture;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.ForeignKey;
import io.pgswap.catalog.PolicyInfo;
import io.pgswap.catalog.RewriteDependent;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TriggerInfo;
import io.pgswap.core.Names;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * Statement text of a revert window. In the swap transaction the reverse capture goes on the new
 * table (after the renames it has the table's name), so every write after the swap is logged, and
 * the old table loses what would act on the rows a revert replays into it: its user triggers
 * (an audit trigger would record every write twice), its rules (a DO INSTEAD rule would swallow a
 * replayed delete), its policies and its self-referencing foreign keys (a child replayed before
 * its parent would fail). The revert creates all of them again from the new table's definition,
 * exactly as the swap created them on the new table. The revert itself is the swap with the roles
 * of the tables exchanged ({@link Names#reversed()}).
 */
public final class RevertSql {
    private RevertSql() {
    }

    /** Before the swap (no lock on the table): the reverse log with the new table's key types, and its function. */
    public static List<String> createReverseLog(TableFacts f, Names n, List<Column> newKey) {
        return Capture.createLog(f.displayName(), newKey, n.reversed());
    }

    /** In the swap transaction, after the renames ({@code rewrites}: the rules read under the lock). */
    public static List<String> openWindow(TableFacts f, Names n, List<RewriteDependent> rewrites) {
        String old = Sql.qualified(f.schema(), n.oldName());
        List<String> out = new ArrayList<>(Capture.createTriggers(f.qualifiedName(), n.reversed()));
        for (TriggerInfo t : f.triggers()) {
            out.add("DROP TRIGGER " + Sql.ident(t.name()) + " ON " + old);
        }
        for (PolicyInfo p : f.policies()) {
            out.add("DROP POLICY " + Sql.ident(p.name()) + " ON " + old);
        }
        for (RewriteDependent r : rewrites) {
            if (r.isRule() && r.relationOid() == f.oid()) {
                out.add("DROP RULE " + Sql.ident(r.rule()) + " ON " + old);
            }
        }
        for (ForeignKey k : f.foreignKeys()) {
            if (k.tableOid() == f.oid() && k.referencedOid() == f.oid()) {
                out.add("ALTER TABLE " + old + " DROP CONSTRAINT " + Sql.ident(k.name()));
            }
        }
        return out;
    }

    /** When the window ends: the reverse triggers on the live table {@code table} (quoted), the function, the log. */
    public static List<String> closeWindow(String table, Names n) {
        return Capture.drop(table, n.reversed());
    }
}
