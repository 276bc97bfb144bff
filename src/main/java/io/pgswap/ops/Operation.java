package io.pgswap.ops;

import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Probe;
import io.pgswap.core.Target;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.Recipe;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * One kind of change to one table. Everything about an operation lives in its own file: its
 * arguments (a record {@code A}, stored as JSON in the state row), its command-line form, its
 * checks, the alternatives the plan mentions, and the recipe it picks from the catalog facts and
 * the server version. The engine never asks which operation it is running.
 *
 * <p>Checks come in two kinds: {@link #check} on the catalog facts alone, and
 * {@link #checkOnServer} for what needs the server (an expression it must parse, a value it must
 * cast); both are read only and run before anything is created, in dry runs too. "Nothing to
 * do" is a {@code PgSwapException.nothingToDo} from either, and comes before any refusal.
 */
public interface Operation<A extends Record> {
    /** Option groups an operation's command takes besides the ones every command takes. */
    enum Options {
        /** The swap's tuning: batches, replay, index jobs, swap attempts, --no-swap, --drop-old, ... */
        SWAP,
        /** Batched in-place updates: --batch-time, --batch-size. */
        BACKFILL,
        /** CONCURRENTLY builds: --wait-timeout. */
        CONCURRENT
    }

    /** The command name ("add-check"); also what the state row records. */
    String name();

    Class<A> argsType();

    /** A new picocli command object holding this operation's parameters and options. */
    Command<A> command();

    Set<Options> options();

    /** Whether it runs on a materialized view too (an index build does; anything that changes columns does not). */
    default boolean onMaterializedViews() {
        return false;
    }

    Target target(A args);

    /** One line for people: "add-not-null status --fill 'x'". */
    String describe(A args);

    void check(A args, TableFacts f);

    /**
     * The arguments with what the server decides filled in, once, when a migration starts: the
     * name PostgreSQL would give an index, whether a default rewrites the table, which strategy
     * {@code auto} picks (a {@code settled} component). The state row stores them, so a resumed or
     * aborted migration rebuilds the recipe it started with. A re-run's arguments are compared
     * with the stored ones without {@code settled}, and, when they differ only by what is filled
     * in, after resolving them too, which must then give the same answer (find the index an
     * interrupted run left, for instance). Runs after {@link #check}, before the recipe is built;
     * read only (scratch work aside). It must not refuse what {@link #checkOnServer} would explain
     * better (an expression the server rejects): leave such arguments unresolved. Default: as given.
     */
    default A resolve(A args, TableFacts f, Probe server) throws SQLException {
        return args;
    }

    default void checkOnServer(A args, TableFacts f, Probe server) throws SQLException {
    }

    /**
     * The pgswap command, as its arguments, that makes the same change without a replay key, for a table that has
     * none (its swap is refused); empty when the operation has no such form.
     */
    default java.util.Optional<List<String>> withoutKey(A args, TableFacts f) {
        return java.util.Optional.empty();
    }

    /** What the dry run reports besides the steps (estimates, warnings). Read only. */
    default List<Plan.Finding> findings(A args, TableFacts f, Connection readOnly) throws SQLException {
        return List.of();
    }

    /**
     * {@link #findings(Record, TableFacts, Connection)} for operations that need scratch work to
     * say what they found (what a plain ALTER would do on this server, say).
     */
    default List<Plan.Finding> findings(A args, TableFacts f, Probe server) throws SQLException {
        return findings(args, f, server.readOnly());
    }

    List<Plan.Alternative> alternatives(A args, TableFacts f);

    Recipe recipe(A args, TableFacts f, Names names);

    /**
     * The recipe, for operations whose choice depends on the server's answers (whether a plain
     * ALTER would rewrite the table on this version): asked through {@code server}, read only or in
     * rolled-back scratch transactions. The engine uses this one until a swap is done, and
     * {@link #recipe(Record, TableFacts, Names)} once the table is the new one.
     */
    default Recipe recipe(A args, TableFacts f, Names names, Probe server) throws SQLException {
        return recipe(args, f, names);
    }

    /**
     * Whether and how the operation runs on a partitioned table: empty (the default) refuses it;
     * otherwise the engine runs the operation on every leaf partition in turn, one migration each,
     * and then these steps on the partitioned table itself (each a catalog-only change that holds
     * because every partition already has it; run under the bounded lock of an in-place DDL step).
     */
    default java.util.Optional<List<io.pgswap.recipe.InPlaceStep>> partitioned(A args, TableFacts parent) {
        return java.util.Optional.empty();
    }

    /**
     * For a partitioned table, before anything else: the arguments resolved and checked against
     * the partitioned table itself (through {@code server}, read only or in rolled-back scratch
     * transactions), e.g. the name its index gets. {@link #partitioned} gets only these. An
     * operation that does not run on partitioned tables keeps the default.
     */
    default A resolvePartitioned(A args, TableFacts parent, Probe server) throws SQLException {
        return args;
    }

    /** The arguments each leaf partition's own run gets (its table filled in by the engine); by default the same. */
    default A forPartition(A args) {
        return args;
    }

    /**
     * The picocli side of an operation: an object annotated with {@code @Command} (description,
     * examples), {@code @Parameters} and {@code @Option}, which turns what was parsed into the
     * arguments record (throwing a usage error for what does not fit).
     */
    interface Command<A> {
        A args();
    }
}
