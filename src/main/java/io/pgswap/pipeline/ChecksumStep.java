package io.pgswap.pipeline;

import io.pgswap.catalog.LockLevel;
import io.pgswap.checksum.ChecksumSql;
import io.pgswap.checksum.Checksummer;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.PlanStep;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Before the swap, when asked for (--checksum, or the recipe's default): the original and the
 * shadow compared chunk by chunk through the column mapping. A key that still differs after the
 * next replay stops the run with the helper objects kept for inspection. Skipped otherwise; the
 * plan says which and why.
 */
final class ChecksumStep implements SwapStep {
    @Override
    public String name() {
        return SwapPipeline.CHECKSUM;
    }

    static ChecksumSql sql(SwapContext ctx) {
        return new ChecksumSql(ctx.facts(), ctx.names(), ctx.mapping(), ctx.shadowColumns());
    }

    /**
     * The shadow's columns the mapping does not fill (an added column with a volatile default, a
     * generated one): the shadow gives them values of its own, so there is nothing to compare.
     */
    static String notCompared(SwapContext ctx) {
        java.util.Set<String> mapped = new java.util.HashSet<>();
        ctx.mapping().entries().forEach(e -> mapped.add(e.column()));
        List<String> left = ctx.shadowColumns().stream().map(io.pgswap.catalog.Column::name)
                .filter(n -> !mapped.contains(n)).toList();
        return left.isEmpty() ? "" : " (not compared: " + String.join(", ", left) + ", which the shadow fills with "
                + "values of its own: a volatile default or a generated column)";
    }

    private static String why(SwapContext ctx) {
        Boolean asked = ctx.options().checksum();
        if (asked != null) {
            return asked ? "asked for with --checksum" : "turned off with --no-checksum";
        }
        return ctx.recipe().checksumByDefault() ? "on by default for this operation; --no-checksum turns it off"
                : "off by default for this operation; --checksum turns it on";
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        if (!ctx.checksum()) {
            return new PlanStep(name(), "skipped: no comparison of the original and the shadow before the swap ("
                    + why(ctx) + ")", List.of(), List.of(), true, Duration.ofMillis(1), null);
        }
        ChecksumSql sql = sql(ctx);
        String[] keyDescriptions = ctx.facts().keyColumns().stream()
                .map(c -> "<" + c.name() + " of each differing key>").toArray(String[]::new);
        List<Statement> statements = new ArrayList<>();
        statements.add(Statement.of("BEGIN ISOLATION LEVEL REPEATABLE READ"));
        statements.add(sql.boundary(null, 9_999, true));
        statements.add(sql.compare(null, null, true));
        statements.add(Statement.of("-- only for a chunk with differences:"));
        statements.add(sql.loggedKeys(null, null, true));
        statements.add(Statement.of("COMMIT"));
        statements.add(Statement.of("-- after the pass, for the keys that differed: the replay catches up, then"));
        statements.add(sql.compareKeys(keyDescriptions));
        statements.add(sql.loggedAmong(keyDescriptions));
        return new PlanStep(name(), "compare the original and the shadow chunk by chunk of the key (" + why(ctx)
                + "): each chunk in one REPEATABLE READ snapshot, every column through the column mapping"
                + notCompared(ctx) + ", keys "
                + "still in the change log left out; a key that still differs after the next replay stops the run "
                + "(exit 1, nothing swapped, the helper objects kept for inspection)", statements,
                List.of(new LockUse(ctx.facts().qualifiedName(), LockLevel.ACCESS_SHARE)), true,
                Estimates.of(2 * (ctx.facts().heapBytes() + ctx.facts().toastBytes()), Estimates.SCAN_BYTES_PER_SECOND),
                "the chunk size adapts to about " + ctx.tuning().batchTime().toMillis() + " ms per chunk (the boundary "
                        + "query's offset and bounds change per chunk); the replay catches up about once a second "
                        + "meanwhile; with more than one copy job (" + CopyStep.pace(ctx.tuning()) + ") the key range "
                        + "is cut at keys sampled with TABLESAMPLE and the jobs compare its parts in parallel, each on "
                        + "its own connection");
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        if (ctx.checksum()) {
            String left = notCompared(ctx);
            if (!left.isEmpty()) {
                org.slf4j.LoggerFactory.getLogger("pgswap").info("checksum: every column{}", left);
            }
            ctx.replayer().catchUp(conns.work(), ctx.tuning().replayBatch(), ctx.stop());
            io.pgswap.core.Pacer pacer = io.pgswap.core.Pacer.follow(ctx.tuning(), ctx.clock(),
                    c -> io.pgswap.core.ServerLoad.read(c, ctx.db().settings().host()), conns.work());
            new Checksummer(ctx.facts(), ctx.names(), sql(ctx), ctx.replayer(), ctx.tuning(), ctx.progress(),
                    ctx.stop(), ctx.clock(), ctx.hooks()).run(conns.work(), ctx.db(), pacer);
        }
        StateStore.setPhase(conns.work(), m.id(), next);
    }
}
