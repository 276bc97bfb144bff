package io.pgswap.inplace;

import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Hooks;
import io.pgswap.core.LockGate;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.Throttle;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.retry.Clock;

/** What the steps of one in-place run share. {@code db} is null in a dry run. */
public record InPlaceContext(Db db, TableFacts facts, Names names, InPlaceRecipe recipe, Tuning tuning,
                             Progress progress, StopSignal stop, Clock clock, Hooks hooks, LockGate gate,
                             Throttle throttle) {
}
