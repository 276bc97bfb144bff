package io.pgswap.pipeline;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Hooks;
import io.pgswap.core.LockGate;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Throttle;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.recipe.Reversal;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.replay.Replayer;
import io.pgswap.retry.Clock;
import java.util.List;

/**
 * What the steps of one swap share: the immutable facts and recipe, the shadow's columns (the
 * original's unless the recipe changes columns), the tuning, and the run's one progress object.
 * {@code db} is null in a dry run (the steps then only describe themselves).
 */
public record SwapContext(Db db, TableFacts facts, Names names, SwapRecipe recipe, ColumnMapping mapping,
                          List<Column> shadowColumns, Tuning tuning, SwapOptions options, Progress progress,
                          StopSignal stop, Clock clock, Hooks hooks, LockGate gate, Throttle throttle) {

    /** A context for a recipe that keeps the original's columns. */
    public SwapContext(Db db, TableFacts facts, Names names, SwapRecipe recipe, ColumnMapping mapping, Tuning tuning,
                       SwapOptions options, Progress progress, StopSignal stop, Clock clock, Hooks hooks,
                       LockGate gate, Throttle throttle) {
        this(db, facts, names, recipe, mapping, facts.columns(), tuning, options, progress, stop, clock, hooks, gate,
                throttle);
    }

    public SwapContext {
        shadowColumns = List.copyOf(shadowColumns);
    }

    public Replayer replayer() {
        return new Replayer(facts, names, mapping, recipe.errors(), tuning.replayBatch(), progress, clock, hooks,
                throttle, tuning.lockBudget());
    }

    /** Whether the checksum runs: asked for, or the recipe's default and not turned off. */
    public boolean checksum() {
        return options.checksumOn(recipe.checksumByDefault());
    }

    /** How a revert would fill the old table from the new one, or why it cannot. */
    public Reversal reversal() {
        return recipe.reverse().derive(facts, shadowColumns);
    }

    /** The shadow's column of that name (the new table's after the swap). */
    public Column shadowColumn(String name) {
        return shadowColumns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalStateException("the shadow has no column " + name));
    }
}
