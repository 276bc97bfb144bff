package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Probe;
import io.pgswap.core.Target;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.recipe.Recipe;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * add-not-null: make a column NOT NULL without a long lock. By swap (the default): the shadow has
 * the column NOT NULL, the copy and the replay fill NULLs with {@code --fill} (a bind value,
 * checked against every constraint on the column before anything is created). In place
 * ({@code --strategy in-place}): the CHECK NOT VALID / VALIDATE / SET NOT NULL recipe (PostgreSQL
 * 18: NOT NULL NOT VALID / VALIDATE), after a fill trigger and a batched fill when {@code --fill}
 * is given. {@code --strategy auto} picks in place when the NULL rows are few.
 *
 * @param strategy null (swap; also what state rows of older versions read as), "in-place" or "auto"
 * @param settled  what the server settled at the start ({@link Operation#settle}): the strategy
 *                 {@code auto} chose, or a NOT VALID NOT NULL constraint already on the column
 */
public final class AddNotNull implements Operation<AddNotNull.Args> {
    static final String IN_PLACE = "in-place";
    static final String AUTO = "auto";
    /** auto goes in place while at most this share of the rows is NULL (each one is updated in place). */
    static final double AUTO_MAX_NULL_SHARE = 0.10;

    public record Args(Target table, String column, String fill, String strategy, Settled settled) {
        public Args(Target table, String column, String fill) {
            this(table, column, fill, null, null);
        }

        /** The strategy this migration runs: "swap" or "in-place". */
        String chosen() {
            return settled != null && settled.strategy() != null ? settled.strategy()
                    : IN_PLACE.equals(strategy) ? IN_PLACE : "swap";
        }
    }

    /**
     * @param strategy   "swap" or "in-place"
     * @param constraint the NOT NULL constraint to validate, when one is there already (PostgreSQL 18)
     * @param why        the reason, for the plan
     */
    public record Settled(String strategy, String constraint, String why) {
    }

    @CommandLine.Command(name = "add-not-null",
            description = {"Make a column NOT NULL without blocking the table.",
            "",
            "The table is copied into a shadow table that has the NOT NULL, writes that arrive meanwhile are "
                    + "replayed, and the shadow is swapped in within one short ACCESS EXCLUSIVE lock. Existing NULLs "
                    + "stop the run before anything is created, unless --fill gives the value they get.",
            "",
            "With --strategy in-place there is no copy: a CHECK (col IS NOT NULL) NOT VALID constraint is added, "
                    + "validated while the application works, and turned into SET NOT NULL without a scan "
                    + "(PostgreSQL 18: NOT NULL ... NOT VALID, then VALIDATE). With --fill, a trigger first gives "
                    + "NULLs written from then on the value, and the existing NULLs are updated in short batches. "
                    + "--strategy auto picks in place when few rows are NULL."},
            footer = {"", "On a partitioned table every leaf partition gets the NOT NULL in turn, each a migration of "
                    + "its own (a rerun continues with the partitions not yet done), then the partitioned table "
                    + "itself, which then only changes the catalog.",
                "", "Examples:",
                "  pgswap add-not-null orders.status --dry-run",
                "  pgswap add-not-null orders.status --strategy in-place --fill new",
                "  pgswap add-not-null sales.orders.status --fill pending"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE.COLUMN", description = "The column to make NOT NULL.")
        String target;

        @CommandLine.Option(names = "--fill", paramLabel = "VALUE",
                description = "The value NULLs get, in the copy and in rows written meanwhile (a bind value, cast to "
                        + "the column's type; it must satisfy the column's constraints).")
        String fill;

        @CommandLine.Option(names = "--strategy", paramLabel = "swap|in-place|auto",
                description = "swap (the default): copy into a shadow that has the NOT NULL. in-place: CHECK ... NOT "
                        + "VALID, VALIDATE, SET NOT NULL on the table itself (PostgreSQL 18: NOT NULL ... NOT VALID, "
                        + "VALIDATE), with --fill after a trigger and a batched UPDATE of the NULLs; no copy, a few "
                        + "locks of milliseconds. auto: in place when at most 10%% of the rows are NULL, the swap "
                        + "otherwise; the plan says which and why.")
        String strategy;

        @Override
        public Args args() {
            Target.Qualified q = Target.parseWithName(target, "COLUMN");
            if (strategy != null && !List.of("swap", IN_PLACE, AUTO).contains(strategy)) {
                throw PgSwapException.usage("--strategy must be swap, in-place or auto, not '" + strategy + "'");
            }
            return new Args(q.table(), q.name(), fill, "swap".equals(strategy) ? null : strategy, null);
        }
    }

    @Override
    public String name() {
        return "add-not-null";
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
    public Optional<List<String>> withoutKey(Args args, TableFacts f) {
        String column = io.pgswap.sql.QualifiedName.format(f.schema(), f.name(), args.column());
        return Optional.of(args.fill() == null ? List.of(name(), column, "--strategy", IN_PLACE)
                : List.of(name(), column, "--fill", args.fill(), "--strategy", IN_PLACE));
    }

    @Override
    public String describe(Args args) {
        return "add-not-null " + args.column() + (args.fill() == null ? "" : " --fill " + Sql.literal(args.fill()))
                + (args.strategy() == null ? "" : " --strategy " + args.strategy());
    }

    private static Column column(Args args, TableFacts f) {
        return f.column(args.column()).orElseThrow(() -> PgSwapException.refused("column \"" + args.column()
                + "\" does not exist in " + f.displayName() + " (columns: "
                + f.columns().stream().map(Column::name).collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public void check(Args args, TableFacts f) {
        Column c = column(args, f);
        // on PostgreSQL 18 a NOT VALID NOT NULL constraint marks the column NOT NULL too: resolve() tells
        if (c.notNull() && f.serverMajor() < 18) {
            throw PgSwapException.nothingToDo("column " + c.name() + " of " + f.displayName()
                    + " is already NOT NULL; nothing to do");
        }
        if (c.isGenerated()) {
            throw PgSwapException.refused("column " + c.name() + " of " + f.displayName() + " is generated; "
                    + "pgswap does not change generated columns");
        }
    }

    /**
     * On PostgreSQL 18 a NOT VALID NOT NULL constraint on the column is validated in place (that is
     * all that is left to do); a valid one is nothing to do. {@code auto} picks the strategy from
     * the estimated NULL rows.
     */
    @Override
    public Args resolve(Args args, TableFacts f, Probe server) throws SQLException {
        Column col = column(args, f);
        if (col.notNull()) {
            Optional<String[]> k = Rows.first(server.readOnly(), Statement.of("""
                    SELECT k.conname, k.convalidated::text FROM pg_constraint k
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                    WHERE k.conrelid = ?::oid AND k.contype = 'n' AND a.attname = ?""", f.oid(), col.name()),
                    rs -> new String[] {rs.getString(1), rs.getString(2)});
            if (k.isEmpty() || Boolean.parseBoolean(k.get()[1])) {
                throw PgSwapException.nothingToDo("column " + col.name() + " of " + f.displayName()
                        + " is already NOT NULL; nothing to do");
            }
            return new Args(args.table(), args.column(), args.fill(), args.strategy(), new Settled(IN_PLACE,
                    k.get()[0], "the column has the NOT VALID NOT NULL constraint " + k.get()[0]
                    + ": it is validated in place (no copy needed)"));
        }
        if (!AUTO.equals(args.strategy())) {
            return args;
        }
        NullEstimate e = NullEstimate.of(f, col.name(), server.readOnly());
        boolean inPlace = e.share() <= AUTO_MAX_NULL_SHARE;
        String why = "--strategy auto chose " + (inPlace ? "in place" : "the swap") + ": " + e.describe() + ", "
                + (inPlace ? "at most" : "more than") + " " + Math.round(AUTO_MAX_NULL_SHARE * 100) + "% of them; "
                + "estimates: in place about " + NullEstimate.human(e.inPlace(f, args.fill() != null)) + ", swap about "
                + NullEstimate.human(e.swap(f));
        return new Args(args.table(), args.column(), args.fill(), args.strategy(),
                new Settled(inPlace ? IN_PLACE : "swap", null, why));
    }

    private static String constraintName(Args args, TableFacts f) {
        return args.settled() != null && args.settled().constraint() != null ? args.settled().constraint()
                : InPlaceNotNull.defaultName(f, args.column());
    }

    @Override
    public void checkOnServer(Args args, TableFacts f, Probe server) throws SQLException {
        Connection c = server.readOnly();
        Column col = column(args, f);
        if (IN_PLACE.equals(args.chosen())) {
            new InPlaceNotNull(f, null, col.name(), constraintName(args, f), false).checkName(server.readOnly());
        }
        if (args.fill() != null) {
            new FillValue(f, col, args.fill()).check(c);
        } else if (Rows.bool(c, Statement.of("SELECT EXISTS (SELECT 1 FROM ONLY " + f.qualifiedName() + " WHERE "
                + Sql.ident(col.name()) + " IS NULL)"))) {
            throw PgSwapException.refused("column " + col.name() + " of " + f.displayName()
                    + " contains NULLs; replace them first: pgswap add-not-null " + f.displayName() + "."
                    + col.name() + " --fill VALUE fills them in batches and then sets NOT NULL, or UPDATE them yourself");
        }
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Connection c) throws SQLException {
        List<Plan.Finding> out = new ArrayList<>();
        List<String> fired = f.updateTriggers(args.column());
        if (args.fill() != null && IN_PLACE.equals(args.chosen()) && !fired.isEmpty()) {
            // the swap fills the shadow's copy, where no user trigger fires; in place, the UPDATEs fire them
            out.add(Plan.Finding.warning("the fill's UPDATEs fire the table's UPDATE trigger(s) "
                    + String.join(", ", fired) + " for every row filled (the swap strategy fires none)"));
        }
        String exact = "SELECT count(*) FROM " + f.qualifiedName() + " WHERE " + Sql.ident(args.column()) + " IS NULL";
        Double nullFrac = Rows.first(c, Statement.of("""
                SELECT null_frac FROM pg_stats
                WHERE schemaname = ? AND tablename = ? AND attname = ?""", f.schema(), f.name(), args.column()),
                rs -> rs.getDouble(1)).orElse(null);
        if (nullFrac == null) {
            out.add(Plan.Finding.info("no statistics for " + args.column() + " (never analyzed); NULL count "
                    + "unknown. Exact count: " + exact));
            return out;
        }
        long nulls = Math.round(nullFrac * f.estimatedRows());
        NullEstimate e = new NullEstimate(nulls, f.estimatedRows(), "statistics");
        out.add(Plan.Finding.info("statistics estimate " + nulls + " NULL(s) in " + args.column()
                + (args.fill() != null ? ", to be filled with --fill" : "") + ". Exact count: " + exact));
        out.add(Plan.Finding.info("estimates: in place about " + NullEstimate.human(e.inPlace(f, args.fill() != null))
                + " (" + (args.fill() != null ? "a batched UPDATE of the NULL rows, " : "")
                + "one scan, locks of milliseconds), swap about " + NullEstimate.human(e.swap(f))
                + " (a copy of the table and its indexes, one lock of milliseconds)"));
        return out;
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        List<Plan.Alternative> out = new ArrayList<>();
        String t = f.qualifiedName();
        String col = Sql.ident(args.column());
        Duration scan = Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.SCAN_BYTES_PER_SECOND);
        out.add(new Plan.Alternative("plain ALTER TABLE", List.of("ALTER TABLE " + t + " ALTER COLUMN " + col
                + " SET NOT NULL"), "scans the whole table under ACCESS EXCLUSIVE: every read and write waits about "
                + scan.toMillis() + " ms (longer behind any long transaction); fails if NULLs exist"));
        String name = Sql.ident(InPlaceNotNull.defaultName(f, args.column()));
        if (f.serverMajor() >= 18) {
            out.add(new Plan.Alternative("NOT NULL NOT VALID, then VALIDATE (PostgreSQL 18)",
                    List.of("ALTER TABLE " + t + " ADD CONSTRAINT " + name + " NOT NULL " + col + " NOT VALID",
                            "ALTER TABLE " + t + " VALIDATE CONSTRAINT " + name),
                    "no copy: a brief ACCESS EXCLUSIVE to add, then a scan of about " + scan.toMillis()
                            + " ms under SHARE UPDATE EXCLUSIVE (reads and writes continue); NULLs must be fixed first"));
        } else {
            out.add(new Plan.Alternative("CHECK NOT VALID, VALIDATE, then SET NOT NULL",
                    List.of("ALTER TABLE " + t + " ADD CONSTRAINT " + name + " CHECK (" + col + " IS NOT NULL) NOT VALID",
                            "ALTER TABLE " + t + " VALIDATE CONSTRAINT " + name,
                            "ALTER TABLE " + t + " ALTER COLUMN " + col + " SET NOT NULL",
                            "ALTER TABLE " + t + " DROP CONSTRAINT " + name),
                    "no copy: three brief ACCESS EXCLUSIVE locks (ADD, SET NOT NULL, which skips its scan because "
                            + "the "
                            + "valid CHECK proves it, and DROP) and a scan of about " + scan.toMillis()
                            + " ms under SHARE UPDATE EXCLUSIVE; NULLs must be fixed first; each statement needs a "
                            + "lock_timeout and retries"));
        }
        return out;
    }

    /**
     * Every leaf first, then SET NOT NULL on the partitioned table: with the column NOT NULL in every
     * partition, PostgreSQL 14-18 only changes the catalog (checked with log_min_messages = debug1:
     * no "verifying table"), under ACCESS EXCLUSIVE on the parent and on every partition for
     * milliseconds.
     */
    @Override
    public java.util.Optional<List<InPlaceStep>> partitioned(Args args, TableFacts parent) {
        Column c = column(args, parent);
        String t = parent.qualifiedName();
        return java.util.Optional.of(List.of(new InPlaceStep("set-not-null", "SET NOT NULL on the partitioned table "
                + parent.displayName() + ": every partition already has it, so only the catalog changes",
                InPlaceStep.Kind.DDL, List.of(Statement.of("ALTER TABLE " + t + " ALTER COLUMN " + Sql.ident(c.name())
                + " SET NOT NULL")), List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE)),
                Statement.of("SELECT attnotnull FROM pg_attribute WHERE attrelid = CAST(? AS regclass) AND attname = ?",
                        t, c.name()), InPlaceStep.Undo.NONE, null, Duration.ofMillis(20),
                "ACCESS EXCLUSIVE on the partitioned table and every partition for milliseconds (no scan); bounded "
                        + "by --lock-timeout and retried", null)));
    }

    @Override
    public Recipe recipe(Args args, TableFacts f, Names names) {
        Column col = column(args, f);
        FillValue fill = args.fill() == null ? null : new FillValue(f, col, args.fill());
        if (IN_PLACE.equals(args.chosen())) {
            return inPlace(args, f, names, col);
        }
        return new SwapRecipe(args.settled() != null && args.settled().why() != null ? args.settled().why()
                : "the default strategy: a copy with the column NOT NULL, no long lock",
                shadow -> List.of(Statement.of(setNotNull(f, shadow, col.name()))), false,
                SwapRecipe.copyColumns((source, target) -> fill != null && source != null
                        && source.name().equals(col.name()) ? fill.coalesce("o") : null),
                (e, duringReplay) -> explain(e, duringReplay, f, col, args), false,
                SwapRecipe.sameColumnsBack("after a revert, " + col.name() + " of " + f.displayName()
                        + " accepts NULLs again (the old table never had the NOT NULL); rows written since the swap "
                        + "come back with the values they have in the new table" + (fill == null ? "" : " (the --fill "
                        + "value where the copy filled a NULL), the others with their original NULLs")));
    }

    /**
     * In place: with --fill, a trigger that fills NULLs written from now on and a batched UPDATE
     * of the existing ones (each batch its own transaction), then the NOT NULL recipe, which
     * removes the trigger at the end.
     */
    private static InPlaceRecipe inPlace(Args args, TableFacts f, Names n, Column col) {
        List<InPlaceStep> steps = new ArrayList<>();
        boolean fill = args.fill() != null;
        String t = f.qualifiedName();
        if (fill) {
            steps.add(new InPlaceStep("fill-trigger", "create the trigger that gives NULLs written from now on the "
                    + "--fill value", InPlaceStep.Kind.DDL, FillTrigger.forFillValue(f, n, col.name(), args.fill()),
                    List.of(new LockUse(t, LockLevel.SHARE_ROW_EXCLUSIVE)), FillTrigger.exists(f, n),
                    FillTrigger.undo(f, n), "fill trigger " + n.fillTrigger(), Duration.ofMillis(20),
                    "SHARE ROW EXCLUSIVE (blocks writes, not reads) for milliseconds; the request waits at most "
                            + "--lock-timeout and is retried", null));
            String c = Sql.ident(col.name());
            steps.add(new InPlaceStep("fill", "UPDATE the rows where " + col.name() + " IS NULL, in batches of heap "
                    + "pages (each its own short transaction, checkpointed)", InPlaceStep.Kind.BACKFILL,
                    List.of(Statement.of("UPDATE ONLY " + t + " SET " + c + " = CAST(? AS " + col.type() + ")\n"
                            + "WHERE ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid) AND " + c + " IS NULL",
                            args.fill())), List.of(new LockUse(t, LockLevel.ROW_EXCLUSIVE)), null,
                    InPlaceStep.Undo.NONE, "fill trigger " + n.fillTrigger(),
                    Estimates.of(f.heapBytes(), Estimates.SCAN_BYTES_PER_SECOND),
                    "ROW EXCLUSIVE, as any UPDATE: rows of one batch stay locked until it commits; an abort keeps the "
                            + "filled values", (conn, e) -> explain(e, true, f, col, args)));
        }
        steps.addAll(new InPlaceNotNull(f, n, col.name(), constraintName(args, f), fill).steps());
        String why = args.settled() != null && args.settled().why() != null ? args.settled().why()
                : "--strategy in-place: the constraint is added NOT VALID and validated while the application works, "
                + "no copy";
        return new InPlaceRecipe(why, steps);
    }

    /**
     * The new NOT NULL on the shadow. On PostgreSQL 18, where NOT NULL is a named constraint, it
     * gets the name PostgreSQL itself would give it on the original table.
     */
    static String setNotNull(TableFacts f, String shadow, String column) {
        if (f.serverMajor() >= 18) {
            return "ALTER TABLE " + shadow + " ADD CONSTRAINT "
                    + Sql.ident(InPlaceNotNull.defaultName(f, column)) + " NOT NULL " + Sql.ident(column);
        }
        return "ALTER TABLE " + shadow + " ALTER COLUMN " + Sql.ident(column) + " SET NOT NULL";
    }

    private static PgSwapException explain(SQLException e, boolean duringReplay, TableFacts f, Column col, Args args) {
        if (IN_PLACE.equals(args.chosen())) {
            return PgErrors.isIntegrityViolation(e) ? new PgSwapException(ExitCode.FAILED, "the --fill value '"
                    + args.fill() + "' violates a constraint of " + f.displayName() + " (" + PgErrors.message(e)
                    + "); the rows filled so far keep it. Run 'pgswap abort " + f.displayName() + "' to remove the "
                    + "fill trigger, then run again with a value the constraint accepts", e, e.getSQLState()) : null;
        }
        if (PgErrors.is(e, PgErrors.NOT_NULL_VIOLATION)) {
            return new PgSwapException(ExitCode.FAILED, duringReplay
                    ? "the application wrote NULL into " + col.name() + " of " + f.displayName() + " during the "
                    + "migration; nothing was swapped and the helper objects were removed. Fix the writer, or run "
                    + "again with --fill VALUE"
                    : "column " + col.name() + " of " + f.displayName() + " got NULLs after the check; nothing was "
                    + "swapped and the helper objects were removed. Run again with --fill VALUE, or UPDATE them first",
                    e, e.getSQLState());
        }
        if (PgErrors.isIntegrityViolation(e) && args.fill() != null) {
            return new PgSwapException(ExitCode.FAILED, "the --fill value '" + args.fill() + "' violates a constraint "
                    + "of " + f.displayName() + " (" + PgErrors.message(e) + "); nothing was swapped and the helper "
                    + "objects were removed. Run again with a value the constraint accepts", e, e.getSQLState());
        }
        return null;
    }
}
