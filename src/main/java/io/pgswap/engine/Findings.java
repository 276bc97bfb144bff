package io.pgswap.engine;

import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.LockHolder;
import io.pgswap.catalog.RewriteDependent;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.Rows;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.plan.PlanStep;
import io.pgswap.sql.Statement;
import io.pgswap.state.RunLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a dry run reports besides the steps: sessions in the way, disk and WAL, slots, vacuums, other runs. */
final class Findings {
    private Findings() {
    }

    static List<Plan.Finding> of(Connection c, TableFacts f, List<PlanStep> steps, boolean swap) throws SQLException {
        List<Plan.Finding> out = new ArrayList<>();
        if (RunLock.tryLock(c, f.oid())) {
            RunLock.unlock(c, f.oid());
        } else {
            out.add(Plan.Finding.error("another pgswap run is working on this table: " + RunLock.holder(c, f.oid())
                    + "; a run now would be refused"));
        }
        Map<Long, Boolean> seen = new LinkedHashMap<>();
        List<Long> oids = new ArrayList<>();
        for (PlanStep s : steps) {
            for (LockUse l : s.locks()) {
                Long oid = Rows.longValue(c, Statement.of("SELECT to_regclass(?)::oid::bigint", l.relation()));
                if (oid != null && seen.putIfAbsent(oid, true) == null) {
                    oids.add(oid);
                }
            }
        }
        if (!oids.isEmpty()) {
            for (LockHolder h : new Inspector(c).lockHolders(oids, Duration.ofSeconds(1))) {
                out.add(Plan.Finding.warning(h + " would make pgswap wait until it ends before asking for its locks: "
                        + (h.query() == null ? "" : h.query().replaceAll("\\s+", " "))));
            }
        }
        if (swap) {
            int views = f.views().size();
            long rules = f.rewriteDependents().stream().filter(RewriteDependent::isRule).count();
            if (views + rules + f.foreignKeys().size() + f.publications().size() > 0) {
                out.add(Plan.Finding.info("the swap re-points " + views + " view(s), " + rules + " rule(s), "
                        + f.incomingKeys().size() + " foreign key(s) into the table, " + f.ownKeys().size()
                        + " of its own and " + f.publications().size() + " publication membership(s); see the swap step"));
            }
            for (var r : f.routines()) {
                if (r.problem() == null) {
                    out.add(Plan.Finding.info(r + " uses the table's row type: the swap drops it and creates it "
                            + "again for the new table (same definition, owner, privileges and comment; a new OID)"));
                }
            }
            for (var mv : f.materializedViews()) {
                out.add(Plan.Finding.warning(mv + " is rebuilt inside the swap: its query runs while the table is "
                        + "locked ACCESS EXCLUSIVE"));
            }
            long need = f.heapBytes() + f.indexBytes() + f.toastBytes();
            out.add(Plan.Finding.info("needs about " + need / (1024 * 1024) + " MB of free disk for the shadow "
                    + "(table + indexes), and writes about as much WAL"));
            slots(c, out, need);
        }
        for (Integer pid : Rows.list(c, Statement.of("SELECT pid FROM pg_stat_progress_vacuum WHERE relid = ?::oid",
                f.oid()), rs -> rs.getInt(1))) {
            out.add(Plan.Finding.info("a vacuum (pid " + pid + ") is running on the table; pgswap's first lock "
                    + "request waits for it or, if it is an autovacuum it may cancel, cancels it"));
        }
        return out;
    }

    private static void slots(Connection c, List<Plan.Finding> out, long need) {
        try {
            out.addAll(Rows.list(c, Statement.of("""
                    SELECT slot_name, active, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint
                    FROM pg_replication_slots ORDER BY slot_name"""), rs -> new Plan.Finding(
                    rs.getBoolean(2) ? "info" : "warning", "replication slot " + rs.getString(1)
                    + (rs.getBoolean(2) ? " is active" : " is INACTIVE and retains WAL") + ", "
                    + rs.getLong(3) / (1024 * 1024) + " MB behind; the copy adds about " + need / (1024 * 1024)
                    + " MB of WAL")));
        } catch (SQLException e) {
            out.add(Plan.Finding.info("could not read replication slots: " + e.getSQLState()));
        }
    }
}
