package io.pgswap.pipeline;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.ForeignKey;
import io.pgswap.catalog.LockLevel;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.PlanStep;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import io.pgswap.swap.SwapSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the swap has committed: VALIDATE every foreign key the swap re-added NOT VALID (SHARE
 * UPDATE EXCLUSIVE: reads and writes go on), drop the log and the trigger function, and drop the
 * old table only when asked. The migration is DONE only when every key is valid: a key that
 * fails stays NOT VALID (new writes are checked), the message says which rows violate it, and
 * running the same command again validates what is left.
 */
final class FinishStep implements SwapStep {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Override
    public String name() {
        return SwapPipeline.FINISH;
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        List<String> sql = new ArrayList<>();
        List<LockUse> locks = new ArrayList<>();
        for (ForeignKey k : ctx.facts().foreignKeys()) {
            if (k.needsValidation()) {
                sql.add(SwapSql.validate(k.schema(), k.table(), k.name()));
                locks.add(new LockUse(k.qualifiedTable(), LockLevel.SHARE_UPDATE_EXCLUSIVE));
                if (!k.isIncoming(ctx.facts().oid()) || k.referencedOid() == k.tableOid()) {
                    locks.add(new LockUse(k.qualifiedReferenced(), LockLevel.ROW_SHARE));
                }
            }
        }
        boolean validates = !sql.isEmpty();
        sql.addAll(SwapSql.dropHelpers(ctx.names()));
        String old = Sql.qualified(ctx.facts().schema(), ctx.names().oldName());
        boolean window = ctx.options().hasRevertWindow() && ctx.reversal().possible();
        if (ctx.options().dropOld() && !window) {
            sql.add("DROP TABLE " + old);
            locks.add(new LockUse(old, LockLevel.ACCESS_EXCLUSIVE));
        }
        return new PlanStep(name(), (validates ? "validate the re-added foreign keys (SHARE UPDATE EXCLUSIVE: reads "
                + "and writes go on), then " : "") + "drop the log and the trigger function; "
                + (window ? "keep the old table as " + old + " for the revert window"
                : ctx.options().dropOld() ? "drop the old table in its own transaction"
                : "keep the old table as " + old + " (drop it later, when the workload is quiet)"),
                Statement.all(sql), locks, true, Duration.ofMillis(100), null);
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        Connection c = conns.control();
        List<String[]> toValidate = Rows.list(c, Statement.of(SwapSql.pendingValidation(),
                        c.createArrayOf("text", StateStore.keysToValidate(c, m.id()).toArray()),
                        ctx.facts().qualifiedName()),
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        List<String> failures = new ArrayList<>();
        for (String[] k : toValidate) {
            String on = Sql.qualified(k[0], k[1]);
            try {
                ctx.gate().run(c, List.of(new LockUse(on, LockLevel.SHARE_UPDATE_EXCLUSIVE)),
                        "validating foreign key " + k[2] + " on " + QualifiedName.format(k[0], k[1]), tx -> {
                            Tx.execute(tx, List.of(SwapSql.validate(k[0], k[1], k[2])));
                            return null;
                        });
            } catch (SQLException e) {
                if (!PgErrors.is(e, PgErrors.FOREIGN_KEY_VIOLATION)) {
                    throw e;
                }
                failures.add(k[2] + " on " + QualifiedName.format(k[0], k[1]) + ": " + PgErrors.message(e)
                        + (PgErrors.detail(e) == null ? "" : " (" + PgErrors.detail(e) + ")"));
            }
        }
        if (!failures.isEmpty()) {
            String table = ctx.facts().displayName();
            throw new PgSwapException(ExitCode.FAILED, "the swap of " + table + " is done (the new table is live; "
                    + "the old one is kept as " + QualifiedName.format(ctx.facts().schema(), ctx.names().oldName())
                    + "), but " + failures.size() + " foreign key(s) could not be validated and stay NOT VALID (new "
                    + "writes are checked): " + String.join("; ", failures) + ". The rows broke the key before the "
                    + "migration; fix them, then run the same command again to validate the rest");
        }
        // DONE only once the keys are valid: a run that dies before comes back here and validates
        // a forward swap with a revert window keeps the old table (the revert's own finish has reversed names)
        boolean window = !ctx.names().reverse()
                && StateStore.revertState(c, m.id()).map(s -> s.until() != null).orElse(false);
        Tx.withLockRetry(c, ctx.clock(), ctx.tuning().lockBudget(), "dropping the change log", tx -> {
            Tx.execute(tx, SwapSql.dropHelpers(ctx.names()));
            if (window) {
                // what a revert checks the new table against: its definition now, keys validated
                StateStore.setRevertFingerprint(tx, m.id(), io.pgswap.catalog.Fingerprint.of(tx, m.tableOid())
                        .encoded());
            }
            StateStore.setPhase(tx, m.id(), next);
            return null;
        });
        String old = Sql.qualified(ctx.facts().schema(), ctx.names().oldName());
        if (window) {
            LOG.info("the old table is kept as {} for the revert window", old);
        } else if (ctx.options().dropOld()) {
            ctx.gate().run(c, List.of(new LockUse(old, LockLevel.ACCESS_EXCLUSIVE)), "dropping the old table", tx -> {
                Tx.execute(tx, List.of("DROP TABLE IF EXISTS " + old));
                return null;
            });
            LOG.info("dropped the old table {}", old);
        } else {
            LOG.info("the {} table is kept as {}; drop it when the workload is quiet: DROP TABLE {};",
                    ctx.names().reverse() ? "new" : "old", old, old);
        }
    }
}
