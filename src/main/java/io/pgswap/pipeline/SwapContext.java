package io.pgswap.pipeline;

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
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.replay.Replayer;
import io.pgswap.retry.Clock;

/**
 * What the steps of one swap share: the immutable facts and recipe, the tuning, and the run's
 * one progress object. {@code db} is null in a dry run (the steps then only describe themselves).
 */
public record SwapContext(Db db, TableFacts facts, Names names, SwapRecipe recipe, ColumnMapping mapping,
                          Tuning tuning, SwapOptions options, Progress progress, StopSignal stop, Clock clock,
                          Hooks hooks, LockGate gate, Throttle throttle) {

    public Replayer replayer() {
        return new Replayer(facts, names, mapping, recipe.errors(), tuning.replayBatch(), progress, clock, hooks,
                throttle);
    }
}
