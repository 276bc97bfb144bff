package io.pgswap.ops;

import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Target;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.Recipe;
import io.pgswap.recipe.SwapRecipe;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/** repack: rewrite the table without changing it (an online VACUUM FULL). */
public final class Repack implements Operation<Repack.Args> {
    public record Args(Target table) {
    }

    @CommandLine.Command(name = "repack",
            description = {"Rewrite a table online to remove its bloat, like VACUUM FULL without the outage.",
            "",
            "The table is copied into a shadow table while writes are captured and replayed, and the shadow "
                    + "is swapped in within one short ACCESS EXCLUSIVE lock; the application keeps reading and "
                    + "writing."},
            footer = {"", "A partitioned table is repacked one leaf partition at a time, each a migration of its own; a "
                    + "rerun continues with the partitions not yet done. A single partition can be named too.",
                    "", "Examples:", "  pgswap repack orders --dry-run", "  pgswap repack sales.orders --drop-old",
                    "  pgswap repack payment_p2022_01"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE", description = "The table to rewrite.")
        String table;

        @Override
        public Args args() {
            return new Args(Target.parse(table));
        }
    }

    @Override
    public String name() {
        return "repack";
    }

    @Override
    public Class<Args> argsType() {
        return Args.class;
    }

    @Override
    public Command<Args> command() {
        return new Cli();
    }

    @Override
    public Set<Options> options() {
        return Set.of(Options.SWAP);
    }

    @Override
    public Target target(Args args) {
        return args.table();
    }

    @Override
    public String describe(Args args) {
        return "repack";
    }

    @Override
    public void check(Args args, TableFacts f) {
    }

    /** A partitioned table is repacked leaf by leaf; the partitioned table itself holds no rows. */
    @Override
    public java.util.Optional<List<io.pgswap.recipe.InPlaceStep>> partitioned(Args args, TableFacts parent) {
        return java.util.Optional.of(List.of());
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        return List.of(new Plan.Alternative("VACUUM FULL", List.of("VACUUM FULL " + f.qualifiedName()),
                "rewrites under ACCESS EXCLUSIVE: every read and write waits for about "
                        + Estimates.of(f.heapBytes(), Estimates.COPY_BYTES_PER_SECOND)
                        .plus(Estimates.of(f.indexBytes(), Estimates.INDEX_BYTES_PER_SECOND)).toSeconds() + " s"));
    }

    @Override
    public Recipe recipe(Args args, TableFacts f, Names names) {
        return new SwapRecipe("a rewrite without a change: copy, replay, swap", SwapRecipe.NO_CHANGE, false,
                SwapRecipe.copyColumns((source, target) -> null), SwapRecipe.Errors.NONE);
    }
}
