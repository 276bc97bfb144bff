package io.pgswap.engine;

import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.LockHolder;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.Db;

import io.pgswap.plan.Plan;
import io.pgswap.plan.Planner;
import io.pgswap.sql.Sql;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Inspect, preflight and plan inside one READ ONLY transaction: the server itself guarantees
 * that a dry run changes nothing.
 */
public final class DryRun {
    private DryRun() {
    }

    public static Plan plan(Db db, MigrationSpec spec) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                Inspector inspector = new Inspector(c);
                TableFacts f = inspector.inspect(inspector.resolveTable(spec.schema(), spec.table()));
                Preflight.checkTable(spec, f);
                boolean resuming = StateStore.schemaExists(c) && StateStore.findActive(c, f.oid()).isPresent();
                Preflight.checkDatabase(c, spec, f, resuming);
                List<Plan.Finding> findings = findings(c, inspector, spec, f);
                if (StateStore.tryLock(c, f.oid())) {
                    StateStore.unlock(c, f.oid());
                } else {
                    findings.add(0, new Plan.Finding("error", "another pgswap run is working on this table: "
                            + StateStore.lockHolder(c, f.oid()) + "; a run now would be refused"));
                }
                long nextId = 1;
                if (StateStore.schemaExists(c)) {
                    nextId = StateStore.all(c).stream().mapToLong(m -> m.id()).max().orElse(0) + 1;
                    if (resuming) {
                        var m = StateStore.findActive(c, f.oid()).get();
                        nextId = m.id();
                        findings.add(new Plan.Finding("info", "migration #" + m.id() + " of this table is at phase "
                                + m.phase() + "; a run resumes it from there"));
                    }
                }
                return Planner.plan(f, spec, nextId, findings);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        }
    }

    static List<Plan.Finding> findings(Connection c, Inspector inspector, MigrationSpec spec, TableFacts f)
            throws SQLException {
        List<Plan.Finding> out = new ArrayList<>();
        if (spec.operation() == Operation.ADD_NOT_NULL) {
            String exact = "SELECT count(*) FROM " + f.qualifiedName() + " WHERE " + Sql.ident(spec.column())
                    + " IS NULL";
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT null_frac FROM pg_stats
                    WHERE schemaname = ? AND tablename = ? AND attname = ?""")) {
                ps.setString(1, f.schema());
                ps.setString(2, f.name());
                ps.setString(3, spec.column());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        out.add(new Plan.Finding("info", "no statistics for " + spec.column()
                                + " (never analyzed); NULL count unknown. Exact count: " + exact));
                    } else {
                        long nulls = Math.round(rs.getDouble(1) * f.estimatedRows());
                        if (nulls > 0 && spec.fill() == null) {
                            out.add(new Plan.Finding("error", "statistics estimate about " + nulls + " NULL(s) in "
                                    + spec.column() + "; the run will refuse without --fill VALUE. Exact count: "
                                    + exact));
                        } else {
                            out.add(new Plan.Finding("info", "statistics estimate " + nulls + " NULL(s) in "
                                    + spec.column() + (spec.fill() != null ? ", to be filled with --fill" : "")
                                    + ". Exact count: " + exact));
                        }
                    }
                }
            }
        }
        for (LockHolder h : inspector.lockHolders(io.pgswap.swap.SwapSql.lockedRelations(f), Duration.ofSeconds(1))) {
            out.add(new Plan.Finding("warning", h + " would make the swap wait until it ends: "
                    + (h.query() == null ? "" : h.query().replaceAll("\\s+", " "))));
        }
        int views = f.views().size();
        long rules = f.rewriteDependents().stream().filter(io.pgswap.catalog.RewriteDependent::isRule).count();
        if (views + rules + f.foreignKeys().size() + f.publications().size() > 0) {
            out.add(new Plan.Finding("info", "the swap re-points " + views + " view(s), " + rules + " rule(s), "
                    + f.incomingKeys().size() + " foreign key(s) into the table, " + f.ownKeys().size()
                    + " of its own and " + f.publications().size() + " publication membership(s); see the swap step"));
        }
        for (var mv : f.materializedViews()) {
            out.add(new Plan.Finding("warning", mv + " is rebuilt inside the swap: its query runs while the table "
                    + "is locked ACCESS EXCLUSIVE"));
        }
        long need = f.heapBytes() + f.indexBytes() + f.toastBytes();
        out.add(new Plan.Finding("info", "needs about " + need / (1024 * 1024) + " MB of free disk for the shadow "
                + "(table + indexes), and writes about as much WAL"));
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT slot_name, active, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint
                FROM pg_replication_slots ORDER BY slot_name""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Plan.Finding(rs.getBoolean(2) ? "info" : "warning", "replication slot " + rs.getString(1)
                        + (rs.getBoolean(2) ? " is active" : " is INACTIVE and retains WAL") + ", "
                        + rs.getLong(3) / (1024 * 1024) + " MB behind; the copy adds about " + need / (1024 * 1024)
                        + " MB of WAL"));
            }
        } catch (SQLException e) {
            out.add(new Plan.Finding("info", "could not read replication slots: " + e.getSQLState()));
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pid FROM pg_stat_progress_vacuum WHERE relid = ?::oid")) {
            ps.setLong(1, f.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Plan.Finding("info", "a vacuum (pid " + rs.getInt(1) + ") is running on the table; "
                            + "creating the capture trigger may wait for it"));
                }
            }
        }
        return out;
    }

}
