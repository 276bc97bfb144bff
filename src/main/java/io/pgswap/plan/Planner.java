package io.pgswap.plan;

import io.pgswap.capture.Capture;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.copy.CopySql;
import io.pgswap.engine.MigrationSpec;
import io.pgswap.engine.Operation;
import io.pgswap.replay.ReplaySql;
import io.pgswap.shadow.ShadowDdl;
import io.pgswap.sql.Sql;
import io.pgswap.swap.SwapSql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pure function from catalog facts and the request to the ordered steps a run will take.
 * The statement text comes from the same builders the engine runs, so the plan shows exactly
 * what will be sent.
 */
public final class Planner {
    /**
     * Rates used for estimates, measured on a 2-core VM with shared/bench (PostgreSQL 15,
     * 2M rows): INSERT ... SELECT of the heap about 60 MB/s, B-tree builds about 40 MB/s of
     * finished index. Real servers are usually faster; treat estimates as an upper-side guide.
     */
    static final double COPY_BYTES_PER_SECOND = 60e6;
    static final double INDEX_BYTES_PER_SECOND = 40e6;
    static final double SCAN_BYTES_PER_SECOND = 400e6;

    private Planner() {
    }

    public static Plan plan(TableFacts f, MigrationSpec spec, long migrationId, List<Plan.Finding> findings) {
        Names n = new Names(migrationId, f.schema(), f.name());
        String table = f.qualifiedName();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("capture", "create the change log and attach the capture trigger "
                + "(every INSERT/UPDATE/DELETE on the table logs its key from now on)",
                concat(Capture.createLog(f, n), Capture.createTriggers(f, n)), LockLevel.SHARE_ROW_EXCLUSIVE, table,
                Duration.ofMillis(50), "lock held for milliseconds; waits at most " + spec.lockTimeout().toMillis()
                + " ms per try, retried with backoff"));
        steps.add(new Step("shadow", "create the shadow table with the new definition (no indexes yet)",
                ShadowDdl.createTable(f, n, spec), LockLevel.ACCESS_SHARE, table, Duration.ofMillis(100), null));
        steps.add(new Step("copy", "copy the rows in batches of heap pages, each batch its own transaction "
                + "(about " + spec.batchTime().toMillis() + " ms per batch); progress is checkpointed",
                List.of(CopySql.copyBatch(f, n, spec)), LockLevel.ACCESS_SHARE, table,
                seconds(f.heapBytes() + f.toastBytes(), COPY_BYTES_PER_SECOND), null));
        List<String> indexSql = new ArrayList<>();
        indexSql.add(ShadowDdl.removeLoggedKeys(f, n));
        ShadowDdl.indexes(f, n).forEach(u -> indexSql.addAll(u.build()));
        ShadowDdl.indexes(f, n).forEach(u -> indexSql.addAll(u.finish()));
        steps.add(new Step("indexes", "remove logged keys from the shadow (the replay re-inserts them), then build "
                + f.indexes().size() + " index(es) on it, " + spec.indexJobs() + " at a time", indexSql,
                LockLevel.NONE, table, seconds(f.indexBytes(), INDEX_BYTES_PER_SECOND),
                "locks only the shadow; the original is not touched"));
        steps.add(new Step("replay", "apply the change log to the shadow (per batch: take the oldest log rows "
                + "by id, delete those keys from the shadow, re-insert their current rows), then ANALYZE it",
                List.of(ReplaySql.takeBatch(f, n), ReplaySql.deleteFromShadow(f, n),
                        ReplaySql.insertIntoShadow(f, n, spec), "ANALYZE " + n.shadow()),
                LockLevel.ACCESS_SHARE, table, seconds(f.heapBytes(), SCAN_BYTES_PER_SECOND),
                "repeated until the backlog is small, then between swap attempts"));
        List<String> swap = new ArrayList<>();
        swap.add(SwapSql.setLockTimeout().replace("?", "'" + spec.lockTimeout().toMillis() + "ms'"));
        swap.addAll(SwapSql.lock(f, n));
        swap.add("-- drain the remaining log (statements of the replay step) and check it is empty");
        swap.add(SwapSql.assertLogEmpty(n));
        swap.addAll(SwapSql.sequenceOwnership(f, n));
        f.sequences().stream().filter(s -> s.identity() && !"bigint".equals(s.dataType())).forEach(s -> swap.add(
                SwapSql.sequenceType("<shadow identity sequence of " + Sql.ident(s.column()) + ">", s)));
        f.sequences().stream().filter(s -> s.identity()).forEach(s -> swap.add(SwapSql.continueIdentity(s)
                .replace("?", "'<shadow identity sequence of " + s.column() + ">'")));
        swap.addAll(SwapSql.renames(f, n, f.sequences().stream().filter(s -> s.identity())
                .map(s -> "<shadow identity sequence of " + Sql.ident(s.column()) + ">").toList(),
                f.rewriteDependents(), f.publications(), f.materializedViews().stream().map(r -> "-- rebuild " + r
                        + ": DROP MATERIALIZED VIEW, CREATE MATERIALIZED VIEW ... AS <its query> WITH DATA (the query "
                        + "runs under the lock), then its indexes, owner, privileges and comments").toList()));
        swap.add("COMMIT");
        int others = SwapSql.lockedRelations(f).size() - 1;
        steps.add(new Step("swap", "swap the tables by renaming, inside one short transaction, and re-point what "
                + "depended on the original; retried up to " + spec.maxAttempts() + " times within "
                + spec.swapBudget().toMinutes() + " min, waiting while another session holds a relation it locks "
                + "in a long transaction", swap, LockLevel.ACCESS_EXCLUSIVE,
                table, Duration.ofMillis(50), "each attempt waits at most " + spec.lockTimeout().toMillis()
                + " ms per lock; held for the drain and the renames (tens of ms)"
                + (others > 0 ? "; also locks " + others + " related relation(s), listed in the SQL, in a fixed order"
                : "")
                + (f.materializedViews().isEmpty() ? "" : "; PLUS the time to rebuild "
                + f.materializedViews().size() + " materialized view(s) (--rebuild-matviews)")));
        List<String> finish = new ArrayList<>(f.foreignKeys().stream()
                .filter(io.pgswap.catalog.ForeignKey::needsValidation)
                .map(k -> SwapSql.validate(k.schema(), k.table(), k.name())).toList());
        boolean validates = !finish.isEmpty();
        finish.addAll(SwapSql.dropHelpers(n));
        String old = Sql.qualified(f.schema(), n.oldName());
        if (spec.dropOld()) {
            finish.add("DROP TABLE " + old);
        }
        steps.add(new Step("finish", (validates ? "validate the re-added foreign keys (SHARE UPDATE EXCLUSIVE: reads and writes go on), then " : "")
                + "drop the log and the trigger function; "
                + (spec.dropOld() ? "drop the old table in its own transaction"
                : "keep the old table as " + old + " (drop it later, when the workload is quiet)"),
                finish, spec.dropOld() ? LockLevel.ACCESS_EXCLUSIVE : LockLevel.NONE,
                spec.dropOld() ? old : table, Duration.ofMillis(100), null));
        String key = f.key().map(k -> k.name() + " (" + String.join(", ", k.keyColumns()) + ")").orElse(null);
        return new Plan(f.displayName(), spec.operation().command(), spec.column(), key, f.serverVersionNum(),
                f.heapBytes(), f.indexBytes(), f.toastBytes(), f.estimatedRows(), steps, findings,
                alternatives(f, spec));
    }

    static List<Plan.Alternative> alternatives(TableFacts f, MigrationSpec spec) {
        List<Plan.Alternative> out = new ArrayList<>();
        String t = f.qualifiedName();
        Duration scan = seconds(f.heapBytes() + f.toastBytes(), SCAN_BYTES_PER_SECOND);
        if (spec.operation() == Operation.ADD_NOT_NULL) {
            Column c = f.column(spec.column()).orElseThrow();
            String col = Sql.ident(c.name());
            out.add(new Plan.Alternative("plain ALTER TABLE",
                    List.of("ALTER TABLE " + t + " ALTER COLUMN " + col + " SET NOT NULL"),
                    "scans the whole table under ACCESS EXCLUSIVE: every read and write waits about "
                            + scan.toMillis() + " ms (longer behind any long transaction); fails if NULLs exist"));
            if (f.serverMajor() >= 18) {
                String name = Sql.ident(Sql.boundedName(f.name() + "_" + c.name() + "_not_null"));
                out.add(new Plan.Alternative("NOT NULL NOT VALID, then VALIDATE (PostgreSQL 18)",
                        List.of("ALTER TABLE " + t + " ADD CONSTRAINT " + name + " NOT NULL " + col + " NOT VALID",
                                "ALTER TABLE " + t + " VALIDATE CONSTRAINT " + name),
                        "no copy: a brief ACCESS EXCLUSIVE to add, then a scan of about " + scan.toMillis()
                                + " ms under SHARE UPDATE EXCLUSIVE (reads and writes continue); "
                                + "NULLs must be fixed first"));
            } else {
                String name = Sql.ident(Sql.boundedName(f.name() + "_" + c.name() + "_not_null"));
                out.add(new Plan.Alternative("CHECK NOT VALID, VALIDATE, then SET NOT NULL",
                        List.of("ALTER TABLE " + t + " ADD CONSTRAINT " + name + " CHECK (" + col
                                        + " IS NOT NULL) NOT VALID",
                                "ALTER TABLE " + t + " VALIDATE CONSTRAINT " + name,
                                "ALTER TABLE " + t + " ALTER COLUMN " + col + " SET NOT NULL",
                                "ALTER TABLE " + t + " DROP CONSTRAINT " + name),
                        "no copy: three brief ACCESS EXCLUSIVE locks (ADD, SET NOT NULL, which skips its scan because the "
                                + "valid CHECK proves it, and DROP) and a scan of about " + scan.toMillis()
                                + " ms under SHARE UPDATE EXCLUSIVE; NULLs must be fixed first; "
                                + "each statement needs a lock_timeout and retries"));
            }
        } else {
            out.add(new Plan.Alternative("VACUUM FULL",
                    List.of("VACUUM FULL " + t),
                    "rewrites under ACCESS EXCLUSIVE: every read and write waits for about "
                            + seconds(f.heapBytes(), COPY_BYTES_PER_SECOND).plus(seconds(f.indexBytes(),
                            INDEX_BYTES_PER_SECOND)).toSeconds() + " s"));
        }
        return out;
    }

    static Duration seconds(long bytes, double rate) {
        return Duration.ofMillis(Math.max(1, Math.round(bytes / rate * 1000)));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
