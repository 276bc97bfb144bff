package io.pgswap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.Hooks;
import io.pgswap.core.Names;
import io.pgswap.core.Pacing;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.core.Tuning;
import io.pgswap.ops.Repack;
import io.pgswap.plan.PlanStep;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.retry.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dry run's plan states the pace a run will use: the settings, and what auto does. */
class PacePlanTest {
    private static List<PlanStep> plan(int indexJobs, Pacing pacing) {
        TableFacts f = TableFactsFixture.orders().build();
        Names names = new Names(7, f.schema(), f.name());
        SwapRecipe recipe = (SwapRecipe) new Repack().recipe(new Repack.Args(new Target(null, "orders")), f, names);
        Tuning tuning = new Tuning(Duration.ofMillis(200), Duration.ofMinutes(5), Duration.ofMinutes(10), 200,
                Duration.ofMillis(200), 0, 5000, indexJobs, Duration.ofHours(1), pacing);
        return SwapPipeline.plan(new SwapContext(null, f, names, recipe, recipe.mapping().derive(f, f.columns()), tuning,
                SwapOptions.DEFAULT, new Progress(), new StopSignal(), Clock.SYSTEM, Hooks.NONE, null, null));
    }

    private static String description(List<PlanStep> steps, String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().description();
    }

    @Test
    void theDefaultPlanSaysWhatAutoDoes() {
        List<PlanStep> p = plan(Pacing.AUTO, Pacing.DEFAULT);
        assertThat(description(p, "copy")).contains("committed in page order",
                "copy jobs auto, duty cycle auto, no rate bound", "fewer than 2 other sessions are active",
                "one job working 50% of the time in batches of at most 50 ms");
        assertThat(description(p, "indexes")).contains("at a time: auto (twice the server's cores while it is idle",
                "without the server's parallel workers");
        assertThat(description(p, "replay")).contains("meanwhile, on another connection, ANALYZE it");
    }

    @Test
    void explicitSettingsAreShownAsGiven() {
        List<PlanStep> p = plan(3, new Pacing(2, 40, 20_000));
        assertThat(description(p, "copy")).contains("copy jobs 2, duty cycle 40%, at most 20000 rows/s")
                .doesNotContain("auto");
        assertThat(description(p, "indexes")).contains("at a time: 3, without the server's parallel workers "
                + "(--duty-cycle below 100)");
        assertThat(description(plan(3, new Pacing(2, 100, 0)), "indexes")).endsWith("at a time: 3");
    }
}
