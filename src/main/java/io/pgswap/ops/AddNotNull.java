package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Probe;
import io.pgswap.core.Target;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.Plan;
import io.pgswap.catalog.LockLevel;
import io.pgswap.plan.LockUse;
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
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * add-not-null: make a column NOT NULL without a long lock. By swap: the shadow has the column
 * NOT NULL, the copy and the replay fill NULLs with {@code --fill} (a bind value, checked against
 * every constraint on the column before anything is created).
 */
public final class AddNotNull implements Operation<AddNotNull.Args> {
    public record Args(Target table, String column, String fill) {
    }

    @CommandLine.Command(name = "add-not-null",
            description = {"Make a column NOT NULL without blocking the table.",
            "",
            "The table is copied into a shadow table that has the NOT NULL, writes that arrive meanwhile are "
                    + "replayed, and the shadow is swapped in within one short ACCESS EXCLUSIVE lock. Existing NULLs "
                    + "stop the run before anything is created, unless --fill gives the value they get."},
            footer = {"", "On a partitioned table every leaf partition gets the NOT NULL in turn, each a migration of "
                    + "its own (a rerun continues with the partitions not yet done), then the partitioned table "
                    + "itself, which then only changes the catalog.",
                "", "Examples:",
                "  pgswap add-not-null orders.status --dry-run",
                "  pgswap add-not-null sales.orders.status --fill pending"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE.COLUMN", description = "The column to make NOT NULL.")
        String target;

        @CommandLine.Option(names = "--fill", paramLabel = "VALUE",
                description = "The value NULLs get, in the copy and in rows written meanwhile (a bind value, cast to "
                        + "the column's type; it must satisfy the column's constraints).")
        String fill;

        @Override
        public Args args() {
            Target.Qualified q = Target.parseWithName(target, "COLUMN");
            return new Args(q.table(), q.name(), fill);
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
    public String describe(Args args) {
        return "add-not-null " + args.column() + (args.fill() == null ? "" : " --fill " + Sql.literal(args.fill()));
    }

    private static Column column(Args args, TableFacts f) {
        return f.column(args.column()).orElseThrow(() -> PgSwapException.refused("column \"" + args.column()
                + "\" does not exist in " + f.displayName() + " (columns: "
                + f.columns().stream().map(Column::name).collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public void check(Args args, TableFacts f) {
        Column c = column(args, f);
        if (c.notNull()) {
            throw PgSwapException.nothingToDo("column " + c.name() + " of " + f.displayName()
                    + " is already NOT NULL; nothing to do");
        }
        if (c.isGenerated()) {
            throw PgSwapException.refused("column " + c.name() + " of " + f.displayName() + " is generated; "
                    + "pgswap does not change generated columns");
        }
    }

    @Override
    public void checkOnServer(Args args, TableFacts f, Probe server) throws SQLException {
        Connection c = server.readOnly();
        Column col = column(args, f);
        if (args.fill() != null) {
            new FillValue(f, col, args.fill()).check(c);
        } else if (Rows.bool(c, Statement.of("SELECT EXISTS (SELECT 1 FROM ONLY " + f.qualifiedName() + " WHERE "
                + Sql.ident(col.name()) + " IS NULL)"))) {
            throw PgSwapException.refused("column " + col.name() + " of " + f.displayName()
                    + " contains NULLs; rerun with --fill VALUE to replace them during the copy, or UPDATE them first");
        }
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Connection c) throws SQLException {
        String exact = "SELECT count(*) FROM " + f.qualifiedName() + " WHERE " + Sql.ident(args.column()) + " IS NULL";
        Double nullFrac = Rows.first(c, Statement.of("""
                SELECT null_frac FROM pg_stats
                WHERE schemaname = ? AND tablename = ? AND attname = ?""", f.schema(), f.name(), args.column()),
                rs -> rs.getDouble(1)).orElse(null);
        if (nullFrac == null) {
            return List.of(Plan.Finding.info("no statistics for " + args.column() + " (never analyzed); NULL count "
                    + "unknown. Exact count: " + exact));
        }
        long nulls = Math.round(nullFrac * f.estimatedRows());
        return List.of(Plan.Finding.info("statistics estimate " + nulls + " NULL(s) in " + args.column()
                + (args.fill() != null ? ", to be filled with --fill" : "") + ". Exact count: " + exact));
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
        String name = Sql.ident(Sql.boundedName(f.name() + "_" + args.column() + "_not_null"));
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
        return new SwapRecipe("the default strategy: a copy with the column NOT NULL, no long lock",
                shadow -> List.of(Statement.of(setNotNull(f, shadow, col.name()))), false,
                SwapRecipe.copyColumns((source, target) -> fill != null && source != null
                        && source.name().equals(col.name()) ? fill.coalesce("o") : null),
                (e, duringReplay) -> explain(e, duringReplay, f, col, args));
    }

    /**
     * The new NOT NULL on the shadow. On PostgreSQL 18, where NOT NULL is a named constraint, it
     * gets the name PostgreSQL itself would give it on the original table.
     */
    static String setNotNull(TableFacts f, String shadow, String column) {
        if (f.serverMajor() >= 18) {
            return "ALTER TABLE " + shadow + " ADD CONSTRAINT "
                    + Sql.ident(Sql.boundedName(f.name() + "_" + column + "_not_null")) + " NOT NULL " + Sql.ident(column);
        }
        return "ALTER TABLE " + shadow + " ALTER COLUMN " + Sql.ident(column) + " SET NOT NULL";
    }

    private static PgSwapException explain(SQLException e, boolean duringReplay, TableFacts f, Column col, Args args) {
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
