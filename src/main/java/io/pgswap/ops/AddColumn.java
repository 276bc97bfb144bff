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
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.sql.UserSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * add-column: a new column without a long lock. The server is asked (on an empty copy of the
 * table, see {@link ColumnProbe}) whether adding it with its default rewrites the table. When it
 * does not (PostgreSQL 11+ stores a non-volatile default once), the whole job is one ADD COLUMN
 * under the bounded lock. When it does (a volatile default such as gen_random_uuid()), the column
 * is added without it, the default is set for new rows in the same transaction, and the existing
 * rows get their own value in short batches; a trigger gives rows the application updates
 * meanwhile theirs, and a value the application writes is never overwritten. With --not-null the
 * in-place NOT NULL recipe finishes the job. Identity, stored generated columns and domains with
 * constraints cannot be split that way: they are refused, with the swap command that can do them.
 *
 * @param settled "catalog-only" or "backfill": what the server said when the migration started
 */
public final class AddColumn implements Operation<AddColumn.Args> {
    static final String CATALOG_ONLY = "catalog-only";
    static final String BACKFILL = "backfill";

    public record Args(Target table, String column, String type, String defaultExpr, boolean notNull,
                       String settled) {
        boolean backfills() {
            return defaultExpr != null && !CATALOG_ONLY.equals(settled);
        }
    }

    @CommandLine.Command(name = "add-column",
            description = {"Add a column without blocking the table, also with a volatile default.",
            "",
            "pgswap first asks the server whether the default rewrites the table (it adds the column to an empty "
                    + "copy of the table's definition and rolls back). If not, the column is added in one ALTER TABLE "
                    + "holding ACCESS EXCLUSIVE for milliseconds. If it does (gen_random_uuid(), clock_timestamp(), "
                    + "nextval(...)), the column is added without it, the default is set for new rows, and the "
                    + "existing rows get their own value in short batches while the application works; values the "
                    + "application writes meanwhile are kept. --not-null then adds the NOT NULL without a scan "
                    + "under lock."},
            footer = {"", "Examples:",
                "  pgswap add-column orders.shipped_at timestamptz --dry-run",
                "  pgswap add-column orders.priority int --default 0 --not-null",
                "  pgswap add-column orders.public_id uuid --default 'gen_random_uuid()' --not-null"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE.COLUMN", description = "The new column.")
        String target;

        @CommandLine.Parameters(index = "1", paramLabel = "TYPE",
                description = "Its type, as in ALTER TABLE ... ADD COLUMN (e.g. 'numeric(12,2)'); the server checks it.")
        String type;

        @CommandLine.Option(names = "--default", paramLabel = "EXPR",
                description = "Its DEFAULT expression (SQL, checked by the server before anything is created). "
                        + "Existing rows get it too: at once when it is constant, in batches when it is volatile.")
        String defaultExpr;

        @CommandLine.Option(names = "--not-null", description = "Make the column NOT NULL (with --default, or on "
                + "an empty table).")
        boolean notNull;

        @Override
        public Args args() {
            Target.Qualified q = Target.parseWithName(target, "COLUMN");
            try {
                return new Args(q.table(), q.name(), UserSql.fragment(type, "TYPE"),
                        defaultExpr == null ? null : UserSql.fragment(defaultExpr, "the DEFAULT expression"), notNull,
                        null);
            } catch (IllegalArgumentException e) {
                throw PgSwapException.usage(e.getMessage());
            }
        }
    }

    @Override
    public String name() {
        return "add-column";
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
        return Set.of(Options.BACKFILL);
    }

    @Override
    public Target target(Args args) {
        return args.table();
    }

    @Override
    public String describe(Args args) {
        return "add-column " + args.column() + " " + args.type() + (args.defaultExpr() == null ? ""
                : " --default " + Sql.literal(args.defaultExpr())) + (args.notNull() ? " --not-null" : "");
    }

    @Override
    public void check(Args args, TableFacts f) {
        if (f.relkind() != 'r') {
            throw PgSwapException.refused(f.displayName() + (f.relkind() == 'p' ? " is partitioned: ADD COLUMN there "
                    + "locks every partition; add the column with a plain ALTER TABLE in a quiet moment" : " is not a table"));
        }
        if (f.isPartition()) {
            throw PgSwapException.refused(f.displayName() + " is a partition; columns are added to the partitioned table");
        }
    }

    /** Whether the default rewrites the table here; unsettled when the server rejects the column (checkOnServer says why). */
    @Override
    public Args resolve(Args args, TableFacts f, Probe server) throws SQLException {
        if (f.column(args.column()).isPresent()) {
            return args;
        }
        ColumnProbe p;
        try {
            p = ColumnProbe.of(f, args.column(), args.type(), args.defaultExpr(), server);
        } catch (PgSwapException e) {
            return args;
        }
        return new Args(args.table(), args.column(), args.type(), args.defaultExpr(), args.notNull(),
                p.rewrites() ? BACKFILL : CATALOG_ONLY);
    }

    @Override
    public void checkOnServer(Args args, TableFacts f, Probe server) throws SQLException {
        Connection c = server.readOnly();
        if (f.column(args.column()).isPresent()) {
            exists(args, f, f.column(args.column()).get(), server);
            return;
        }
        if (Rows.bool(c, Statement.of("SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = ?::oid OR inhrelid = ?::oid)",
                f.oid(), f.oid()))) {
            throw PgSwapException.refused(f.displayName() + " is part of an inheritance tree; ADD COLUMN there changes "
                    + "every table of it, which add-column does not do");
        }
        ColumnProbe p = ColumnProbe.of(f, args.column(), args.type(), args.defaultExpr(), server);
        if (p.identity() != ' ' || p.generated() == 's') {
            throw PgSwapException.refused((p.identity() != ' ' ? "an identity" : "a stored generated")
                    + " column gets its value for every existing row while the table is rewritten under ACCESS "
                    + "EXCLUSIVE; it cannot be added in place. Add it by swap: " + alterCommand(args, f));
        }
        if (p.rewrites()) {
            NotValidChecks.refuseBroken(c, f, "the backfill of column " + args.column());
        }
        if (p.extras().contains("a sequence")) {
            throw PgSwapException.refused("the type '" + args.type() + "' creates a sequence: create the "
                    + "sequence first, then pgswap add-column " + f.displayName() + "." + args.column() + " "
                    + p.type() + " --default \"nextval('SEQUENCE')\" --not-null");
        }
        if (!p.extras().isEmpty()) {
            throw PgSwapException.refused("the type '" + args.type() + "' also creates " + String.join(", ", p.extras())
                    + "; give only the type here and add constraints with add-check, add-foreign-key or add-index");
        }
        if (p.defaultInType() && p.generated() != 'v') { // a virtual generated column (18) is computed on read: catalog only
            throw PgSwapException.usage("the type '" + args.type() + "' contains a DEFAULT; give it with --default");
        }
        if (p.notNullInType()) {
            throw PgSwapException.usage("the type '" + args.type() + "' contains NOT NULL; use --not-null");
        }
        if (p.typeRewrites()) {
            throw PgSwapException.refused((p.domain() ? "the domain " + p.type() + " has constraints: PostgreSQL checks "
                    : "the type " + p.type() + " makes PostgreSQL check ") + "every existing row against it by rewriting "
                    + "the table under ACCESS EXCLUSIVE, with or without a default; it cannot be added in place. Add it "
                    + "by swap: " + alterCommand(args, f) + ", or add it as the base type and its CHECK with add-check");
        }
        boolean rows = Rows.bool(c, Statement.of("SELECT EXISTS (SELECT 1 FROM ONLY " + f.qualifiedName() + ")"));
        if (args.notNull() && rows && args.defaultExpr() == null) {
            throw PgSwapException.refused("a NOT NULL column needs a value for the existing rows of " + f.displayName()
                    + "; give one with --default");
        }
        if (args.notNull() && rows && !p.rewrites() && Rows.bool(c, Statement.of("SELECT CAST((" + args.defaultExpr()
                + ") AS " + p.type() + ") IS NULL"))) {
            throw PgSwapException.refused("the default " + args.defaultExpr() + " is NULL, so the existing rows of "
                    + f.displayName() + " would violate --not-null; give a default that is not NULL");
        }
        if (args.notNull()) {
            new InPlaceNotNull(f, null, args.column(), InPlaceNotNull.defaultName(f, args.column()), false)
                    .checkName(c);
        }
    }

    /** A column of that name is there: the same one is nothing to do, another one is refused. */
    private static void exists(Args args, TableFacts f, Column col, Probe server) throws SQLException {
        String[] want = ColumnProbe.normalForm(args.column(), args.type(), args.defaultExpr(), server);
        String have = Rows.first(server.readOnly(), Statement.of("""
                SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
                JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                WHERE d.adrelid = ?::oid AND a.attname = ?""", f.oid(), col.name()), rs -> rs.getString(1)).orElse(null);
        String definition = col.type() + (have == null ? "" : " DEFAULT " + have) + (col.notNull() ? " NOT NULL" : "");
        if (want[0].equals(col.type()) && java.util.Objects.equals(want[1], have) && args.notNull() == col.notNull()) {
            throw PgSwapException.nothingToDo("column " + col.name() + " of " + f.displayName() + " is already there as "
                    + definition + "; nothing to do");
        }
        throw PgSwapException.refused("column " + col.name() + " of " + f.displayName() + " already exists as "
                + definition + (want[0].equals(col.type()) && args.notNull() && !col.notNull()
                ? "; to make it NOT NULL: pgswap add-not-null " + f.displayName() + "." + col.name()
                + " --strategy in-place" : "; choose another name"));
    }

    private static String alterCommand(Args args, TableFacts f) {
        String sub = "ADD COLUMN " + Sql.ident(args.column()) + " " + args.type()
                + (args.defaultExpr() == null ? "" : " DEFAULT " + args.defaultExpr()) + (args.notNull() ? " NOT NULL" : "");
        return "pgswap alter " + f.displayName() + " '" + sub.replace("'", "'\\''") + "'";
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Connection readOnly) {
        if (!args.backfills()) {
            return List.of();
        }
        List<Plan.Finding> out = new ArrayList<>();
        out.add(Plan.Finding.info("the backfill writes a new version of each of the about " + f.estimatedRows()
                + " rows: about " + (f.heapBytes() / (1024 * 1024)) + " MB of WAL, and as much dead space until "
                + "vacuum reclaims it"));
        List<String> fired = f.updateTriggers(args.column());
        if (!fired.isEmpty()) {
            out.add(Plan.Finding.warning("the backfill's UPDATEs fire the table's UPDATE trigger(s) "
                    + String.join(", ", fired) + " for every row"));
        }
        if (!f.publications().isEmpty()) {
            out.add(Plan.Finding.info("the table is published: subscribers receive every backfilled row (add the "
                    + "column on the subscribers first)"));
        }
        return out;
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        String plain = "ALTER TABLE " + f.qualifiedName() + " ADD COLUMN " + Sql.ident(args.column()) + " " + args.type()
                + (args.defaultExpr() == null ? "" : " DEFAULT " + args.defaultExpr()) + (args.notNull() ? " NOT NULL" : "");
        if (args.backfills()) {
            Duration rewrite = Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.COPY_BYTES_PER_SECOND)
                    .plus(Estimates.of(f.indexBytes(), Estimates.INDEX_BYTES_PER_SECOND));
            return List.of(new Plan.Alternative("plain ALTER TABLE ... ADD COLUMN ... DEFAULT", List.of(plain),
                    "the default is volatile, so PostgreSQL rewrites the whole table and rebuilds its indexes under "
                            + "ACCESS EXCLUSIVE: every read and write waits about " + rewrite.toMillis()
                            + " ms (longer behind any long transaction)"));
        }
        return List.of(new Plan.Alternative("plain ALTER TABLE ... ADD COLUMN", List.of(plain), "catalog-only as "
                + "well, but without a lock_timeout its ACCESS EXCLUSIVE request waits behind any long transaction "
                + "on the table, and every later query queues behind the request"));
    }

    @Override
    public Recipe recipe(Args args, TableFacts f, Names n) {
        String t = f.qualifiedName();
        String col = Sql.ident(args.column());
        List<LockUse> exclusive = List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE));
        Statement exists = Statement.of("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) "
                + "AND attname = ? AND attnum > 0 AND NOT attisdropped)", t, args.column());
        Statement dropColumn = Statement.of("ALTER TABLE " + t + " DROP COLUMN IF EXISTS " + col);
        String lockNote = "the request waits at most --lock-timeout, is retried, and is not made while a long "
                + "transaction holds the table";
        if (!args.backfills()) {
            String add = "ALTER TABLE " + t + " ADD COLUMN " + col + " " + args.type()
                    + (args.defaultExpr() == null ? "" : " DEFAULT (" + args.defaultExpr() + ")")
                    + (args.notNull() ? " NOT NULL" : "");
            return new InPlaceRecipe(args.defaultExpr() == null ? "a column without a default is a catalog change"
                    : "the server stores this default once (checked on an empty copy of the table): no rewrite, no scan",
                    List.of(new InPlaceStep("add", "add the column", InPlaceStep.Kind.DDL, List.of(Statement.of(add)),
                            exclusive, exists, new InPlaceStep.Undo(List.of(dropColumn), exclusive, true), null,
                            Duration.ofMillis(20), "ACCESS EXCLUSIVE for milliseconds (catalog only); " + lockNote,
                            null)));
        }
        InPlaceNotNull notNull = args.notNull()
                ? new InPlaceNotNull(f, n, args.column(), InPlaceNotNull.defaultName(f, args.column()), true) : null;
        // the function first (it locks nothing), then one ALTER TABLE for the column, its default and the
        // NOT VALID constraint (catalog only: the column is added without a default, so nothing is rewritten)
        List<Statement> add = new ArrayList<>(FillTrigger.functionForDefault(f, n, args.column(), args.defaultExpr()));
        add.add(Statement.of("ALTER TABLE " + t + "\n  ADD COLUMN " + col + " " + args.type() + ",\n  ALTER COLUMN "
                + col + " SET DEFAULT (" + args.defaultExpr() + ")" + (notNull == null ? ""
                : ",\n  " + notNull.addNotValidClause())));
        add.addAll(FillTrigger.triggerForDefault(f, n, args.column()));
        List<Statement> undo = new ArrayList<>(FillTrigger.drop(f, n));
        undo.add(dropColumn);
        String carried = "fill trigger " + n.fillTrigger() + (notNull == null ? "" : "; " + notNull.constraintDescription());
        List<InPlaceStep> steps = new ArrayList<>();
        steps.add(new InPlaceStep("add", "add the column without its default, then set the default for new rows"
                + (notNull == null ? "" : ", add the NOT NULL NOT VALID") + " and a trigger that fills rows updated "
                + "before the backfill reaches them, all in one transaction", InPlaceStep.Kind.DDL, add, exclusive,
                exists, new InPlaceStep.Undo(undo, exclusive, true), "column " + args.column() + " (not yet "
                + "backfilled); " + carried, Duration.ofMillis(30), "ACCESS EXCLUSIVE for milliseconds (catalog only, "
                + "no rewrite); " + lockNote, null));
        steps.add(new InPlaceStep("backfill", "give every existing row its own value of the default, in batches of "
                + "heap pages (each its own short transaction, checkpointed); rows that already have a value keep it",
                InPlaceStep.Kind.BACKFILL, List.of(Statement.of("UPDATE ONLY " + t + " SET " + col + " = DEFAULT\n"
                + "WHERE ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid) AND " + col + " IS NULL")),
                List.of(new LockUse(t, LockLevel.ROW_EXCLUSIVE)), null, InPlaceStep.Undo.NONE, carried,
                Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.COPY_BYTES_PER_SECOND / 2),
                "ROW EXCLUSIVE, as any UPDATE: the rows of one batch stay locked until it commits (a batch is kept "
                        + "under a quarter of --lock-timeout)", (c, e) -> nullDefault(e, args, f, notNull)));
        if (notNull != null) {
            steps.add(notNull.validateStep());
            steps.addAll(notNull.finishSteps());
        } else {
            steps.add(FillTrigger.dropStep(f, n));
        }
        return new InPlaceRecipe("the default is volatile (adding it rewrites the table on this server): the column "
                + "is added without it and the existing rows are backfilled in batches", steps);
    }

    private static PgSwapException nullDefault(SQLException e, Args args, TableFacts f, InPlaceNotNull notNull) {
        PgSwapException other = NotValidChecks.otherConstraint(e, f, notNull == null ? null : notNull.name(),
                "the backfill of column " + args.column());
        if (other != null
                || !PgErrors.is(e, PgErrors.CHECK_VIOLATION) && !PgErrors.is(e, PgErrors.NOT_NULL_VIOLATION)) {
            return other;
        }
        return new PgSwapException(ExitCode.FAILED, "the default " + args.defaultExpr() + " gave NULL for a row of "
                + f.displayName() + ", which --not-null does not allow (" + PgErrors.message(e) + "). The rows "
                + "backfilled so far keep their values: make the default give a value and run the same command again "
                + "to continue, or 'pgswap abort " + f.displayName() + "' to remove the column",
                e, e.getSQLState());
    }
}
