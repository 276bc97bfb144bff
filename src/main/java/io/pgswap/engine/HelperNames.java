package io.pgswap.engine;

import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names a new migration's helpers will take must be free before anything is created: a
 * user's table that happens to be called {@code pgswap_shadow_1}, or an old table a run kept
 * before the state schema was dropped and its numbering started again ({@code pgswap_old_1_t}),
 * would make the run fail on its CREATE or at the swap, and its cleanup must never touch what
 * it did not make. A migration whose names are taken is given the next number instead.
 */
final class HelperNames {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private static final int TRIES = 20;

    private HelperNames() {
    }

    /** The migration's id once its helpers' names are free (a new number for the same row otherwise). */
    static long free(Connection c, TableFacts f, long id) throws SQLException {
        long now = id;
        for (int attempt = 1; ; attempt++) {
            Optional<String> taken = taken(c, f, new Names(now, f.schema(), f.name()));
            if (taken.isEmpty()) {
                return now;
            }
            if (attempt >= TRIES) {
                throw io.pgswap.PgSwapException.refused("the names pgswap's helper objects would take are used by "
                        + "other objects (" + taken.get() + ", and more for each of " + TRIES + " migration numbers); "
                        + "rename or drop those objects ('pgswap cleanup --dry-run' shows the ones earlier runs left)");
            }
            long next = StateStore.renumber(c, now);
            LOG.info("migration #{}: {} exists already (not made by this run), so the migration is #{}", now,
                    taken.get(), next);
            now = next;
        }
    }

    /** An object with a name the helpers of migration {@code n} would take, described; empty when all are free. */
    static Optional<String> taken(Connection c, TableFacts f, Names n) throws SQLException {
        long id = n.migrationId();
        List<String> prefixes = List.of("pgswap_" + id + "_", "pgswap_old_" + id + "_", "pgswap_rev_" + id + "_");
        return Rows.first(c, Statement.of("""
                SELECT kind || ' ' || format('%I.%I', nspname, name) FROM (
                    SELECT CASE c.relkind WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'S' THEN 'sequence'
                                          WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END AS kind,
                           n.nspname, c.relname AS name
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE (n.nspname = ? AND (c.relname IN (?, ?, ?) OR starts_with(c.relname, ?)
                                              OR starts_with(c.relname, ?) OR starts_with(c.relname, ?)))
                       OR (n.nspname = ? AND c.relname IN (?, ?))
                    UNION ALL
                    SELECT 'statistics object', n.nspname, s.stxname
                    FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
                    WHERE n.nspname = ? AND (starts_with(s.stxname, ?) OR starts_with(s.stxname, ?)
                                             OR starts_with(s.stxname, ?))
                    UNION ALL
                    SELECT 'trigger on the table', n.nspname, t.tgname
                    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE t.tgrelid = CAST(? AS oid) AND t.tgname IN (?, ?, ?, ?, ?)
                ) x ORDER BY 1 LIMIT 1""",
                f.schema(), n.shadowName(), n.oldName(), n.reversed().oldName(), prefixes.get(0), prefixes.get(1),
                prefixes.get(2), Names.STATE_SCHEMA, "log_" + id, "revlog_" + id, f.schema(), prefixes.get(0),
                prefixes.get(1), prefixes.get(2), f.oid(), n.captureTrigger(), n.truncateTrigger(),
                n.reversed().captureTrigger(), n.reversed().truncateTrigger(), n.fillTrigger()), rs -> rs.getString(1));
    }
}
