package io.pgswap.ops;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Probe;
import io.pgswap.core.Target;
import io.pgswap.db.Rows;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.recipe.Recipe;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * add-unique: a UNIQUE constraint without blocking writes. The unique index is built
 * CONCURRENTLY (as add-index builds it), then {@code ADD CONSTRAINT ... UNIQUE USING INDEX}
 * turns it into the constraint under ACCESS EXCLUSIVE for milliseconds, bounded and retried.
 * A valid unique index with exactly that definition is used as it is.
 */
public final class AddUnique implements Operation<AddUnique.Args> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    /** @param name the constraint (and index) name; filled in as PostgreSQL would choose it when not given */
    public record Args(Target table, List<String> columns, String name, boolean newIndex) {
        public Args {
            columns = List.copyOf(columns);
        }

        public Args(Target table, List<String> columns, String name) {
            this(table, columns, name, false);
        }
    }

    @CommandLine.Command(name = "add-unique",
            description = {"Add a UNIQUE constraint without blocking writes.",
            "",
            "The unique index is built with CREATE UNIQUE INDEX CONCURRENTLY (reads and writes go on; waits for "
                    + "older transactions are bounded by --wait-timeout), then ALTER TABLE ... ADD CONSTRAINT ... "
                    + "UNIQUE USING INDEX makes it the constraint, under a lock of milliseconds bounded by "
                    + "--lock-timeout and retried. Duplicates stop the run with their count and sample values; the "
                    + "invalid index is removed.",
            "",
            "On a partitioned table, each partition gets its constraint this way (one migration each), then ADD "
                    + "CONSTRAINT on the partitioned table attaches them and builds nothing; the columns must "
                    + "contain the partition key."},
            footer = {"", "Examples:",
                "  pgswap add-unique orders 'order_number' --dry-run",
                "  pgswap add-unique sales.orders 'customer_id, external_id' --name orders_external_key"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE", description = "The table.")
        String table;

        @CommandLine.Parameters(index = "1", paramLabel = "COLUMNS",
                description = "The constraint's columns, separated by commas.")
        String columns;

        @CommandLine.Option(names = "--name", paramLabel = "NAME",
                description = "The constraint's name (default: the name PostgreSQL would choose, e.g. orders_a_b_key); taken as written, "
                        + "or as a quoted SQL identifier when in double quotes (\"User_email_key\").")
        String name;

        @CommandLine.Option(names = "--new-index", description = "Build a new unique index even when the table has "
                + "an equivalent one. Without it (and without --name), an equivalent unique index that belongs to no "
                + "constraint is taken over: it becomes the unique constraint's index, and the constraint gets its name. With it, "
                + "the result is what ALTER TABLE ... ADD UNIQUE makes; apply passes it for a constraint without a name.")
        boolean newIndex;

        @Override
        public Args args() {
            return new Args(Target.parse(table), IndexBuild.columns(columns, "COLUMNS"),
                    IndexBuild.checkName(name, "--name"), newIndex);
        }
    }

    @Override
    public String name() {
        return "add-unique";
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
        return Set.of(Options.CONCURRENT);
    }

    @Override
    public Target target(Args args) {
        return args.table();
    }

    @Override
    public String describe(Args args) {
        return "add-unique " + (args.name() == null ? "" : args.name() + " ") + "(" + Sql.identList(args.columns())
                + ")";
    }

    @Override
    public void check(Args args, TableFacts f) {
        IndexBuild.checkConcurrentlyOrPartitioned(f, "CREATE UNIQUE INDEX");
        IndexBuild.requireColumns(f, args.columns());
    }

    /**
     * A partitioned table: every leaf partition gets its own unique constraint the careful way (its
     * index CONCURRENTLY, then USING INDEX), one migration each; then the constraint on the
     * partitioned table, which finds every partition's constraint and attaches it, building nothing.
     */
    @Override
    public Optional<List<InPlaceStep>> partitioned(Args args, TableFacts parent) {
        return Optional.of(List.of(onPartitioned(parent, args.name(), args.columns(), "UNIQUE", 'u')));
    }

    @Override
    public Args resolvePartitioned(Args args, TableFacts parent, Probe server) throws SQLException {
        Args resolved = new Args(args.table(), args.columns(), args.name() != null ? args.name()
                : made(args, parent, server, null).name());
        checkOnServer(resolved, parent, server);
        refuseIndexNamed(parent, resolved.name());
        return resolved;
    }

    /** Each partition's constraint gets the name PostgreSQL gives it there (or is an equivalent one it has). */
    @Override
    public Args forPartition(Args args) {
        return new Args(args.table(), args.columns(), null, args.newIndex());
    }

    /** A partitioned table's index cannot become a constraint (no USING INDEX there): its name is not free. */
    static void refuseIndexNamed(TableFacts parent, String name) {
        IndexBuild.named(parent, name).ifPresent(i -> {
            throw PgSwapException.refused(parent.displayName() + " already has an index named " + name + " ("
                    + i.definitionTail() + "); an index of a partitioned table cannot become a constraint, so choose "
                    + "another --name (or drop that index)");
        });
    }

    /**
     * ADD CONSTRAINT on the partitioned table once every partition has the constraint: PostgreSQL
     * attaches the partitions' constraints and their indexes, and builds nothing.
     */
    static InPlaceStep onPartitioned(TableFacts parent, String name, List<String> columns, String kind, char contype) {
        Objects.requireNonNull(name, "the name is resolved first (resolvePartitioned)");
        String t = parent.qualifiedName();
        return new InPlaceStep("constraint-on-parent", "add the " + (contype == 'p' ? "primary key " : "unique "
                + "constraint ") + name + " to the partitioned table " + parent.displayName() + ": every partition "
                + "has it, so PostgreSQL attaches theirs and builds nothing", InPlaceStep.Kind.DDL,
                List.of(Statement.of("ALTER TABLE " + t + " ADD CONSTRAINT " + Sql.ident(name) + " " + kind + " ("
                        + Sql.identList(columns) + ")")), List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE)),
                Statement.of("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ? "
                        + "AND contype = ?)", t, name, String.valueOf(contype)), InPlaceStep.Undo.NONE, null,
                Duration.ofMillis(20), "ACCESS EXCLUSIVE on the partitioned table and every partition for milliseconds "
                + "(no build: the partitions' constraints are attached); bounded by --lock-timeout and retried", null);
    }

    @Override
    public Args resolve(Args args, TableFacts f, Probe server) throws SQLException {
        if (args.name() != null) {
            return args;
        }
        IndexBuild.Made made = made(args, f, server, null);
        Optional<IndexInfo> reusable = IndexBuild.sameDefinition(f, made).filter(i -> !i.isConstraint());
        if (reusable.isPresent() && !args.newIndex()) {
            LOG.info("add-unique: the unique index {} has the same definition: it becomes the unique constraint's index, "
                    + "under its own name (--new-index builds another)", reusable.get().name());
            return new Args(args.table(), args.columns(), reusable.get().name());
        }
        LOG.info("add-unique: no --name given; the constraint is {}, the name PostgreSQL would choose",
                made.name());
        return new Args(args.table(), args.columns(), made.name());
    }

    @Override
    public void checkOnServer(Args args, TableFacts f, Probe server) throws SQLException {
        IndexBuild.Made made = made(args, f, server, args.name());
        for (IndexInfo i : f.indexes()) {
            if (made.sameAs(i) && i.valid() && i.constraintType() != null
                    && (i.constraintType() == 'u' || i.constraintType() == 'p')) {
                throw PgSwapException.nothingToDo(f.displayName() + " already has the " + (i.primary() ? "primary key "
                        : "unique constraint ") + i.constraintName() + " " + i.constraintDef() + "; nothing to do");
            }
        }
        checkNames(server.readOnly(), f, made, args.name(), "constraint");
    }

    /**
     * The name must be free for the constraint, and for its index unless the table's index of that
     * name is the one to use (valid, same definition, no constraint: built before) or an INVALID
     * leftover (rebuilt).
     */
    static void checkNames(Connection c, TableFacts f, IndexBuild.Made made, String name, String what)
            throws SQLException {
        if (Rows.bool(c, Statement.of("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = CAST(? AS oid) "
                + "AND conname = ?)", f.oid(), name))) {
            throw PgSwapException.refused(f.displayName() + " already has a constraint named " + name
                    + "; choose another --name");
        }
        Optional<IndexInfo> named = IndexBuild.named(f, name);
        if (named.isPresent() && named.get().valid() && (!made.sameAs(named.get()) || named.get().isConstraint())) {
            throw PgSwapException.refused(f.displayName() + " already has an index named " + name + " ("
                    + named.get().definitionTail() + "); choose another --name for the " + what);
        }
        Optional<String> other = IndexBuild.nameUsedElsewhere(c, f, name);
        if (other.isPresent()) {
            throw PgSwapException.refused("the name " + name + " is taken by " + other.get() + "; choose another --name");
        }
    }

    private IndexBuild.Made made(Args args, TableFacts f, Probe server, String name) throws SQLException {
        return IndexBuild.made(server, f, copy -> "ALTER TABLE " + copy + " ADD " + (name == null ? ""
                : "CONSTRAINT " + Sql.ident(name) + " ") + "UNIQUE (" + Sql.identList(args.columns()) + ")", name,
                true, "the unique constraint");
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Connection readOnly) throws SQLException {
        return IndexBuild.waits(readOnly, f);
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        return List.of(new Plan.Alternative("plain ALTER TABLE ... ADD CONSTRAINT ... UNIQUE",
                List.of("ALTER TABLE " + f.qualifiedName() + " ADD CONSTRAINT " + Sql.ident(args.name()) + " UNIQUE ("
                        + Sql.identList(args.columns()) + ")"),
                f.relkind() == 'p' ? "builds every partition's index under ACCESS EXCLUSIVE on " + f.displayName()
                        + " and its partitions: every read and write waits until all of them are built"
                        : "builds the index under ACCESS EXCLUSIVE: every read and write of " + f.displayName()
                        + " waits for the whole build, about " + IndexBuild.buildEstimate(f).dividedBy(2).toMillis()
                        + " ms here"));
    }

    @Override
    public Recipe recipe(Args args, TableFacts f, Names names) {
        String name = Objects.requireNonNull(args.name(), "the name is resolved before the recipe");
        return new InPlaceRecipe("the unique index is built CONCURRENTLY, then becomes the constraint in a moment",
                List.of(uniqueIndex(f, name, args.columns(), "unique index " + name + " (it becomes the "
                                + "constraint in the next step)"),
                        constraintStep(f, name, "constraint", "UNIQUE", 'u', "make the index the UNIQUE constraint "
                                + name, List.of())));
    }

    /** The CONCURRENT build of the unique B-tree index a constraint then uses. */
    static InPlaceStep uniqueIndex(TableFacts f, String name, List<String> columns, String leaves) {
        return IndexBuild.buildStep(f, name, "CREATE UNIQUE INDEX CONCURRENTLY " + Sql.ident(name) + " ON "
                + f.qualifiedName() + " USING btree (" + Sql.identList(columns) + ")", "build the unique index " + name
                + " with CREATE UNIQUE INDEX CONCURRENTLY while reads and writes go on", leaves);
    }

    /** ADD CONSTRAINT name UNIQUE|PRIMARY KEY USING INDEX name, then {@code more} in the same transaction. */
    static InPlaceStep constraintStep(TableFacts f, String name, String step, String kind, char contype,
                                      String description, List<Statement> more) {
        String t = f.qualifiedName();
        List<Statement> sql = new java.util.ArrayList<>(List.of(Statement.of("ALTER TABLE " + t + " ADD CONSTRAINT "
                + Sql.ident(name) + " " + kind + " USING INDEX " + Sql.ident(name))));
        sql.addAll(more);
        return new InPlaceStep(step, description, InPlaceStep.Kind.DDL, sql,
                List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE)),
                Statement.of("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ? "
                        + "AND contype = ?)", t, name, String.valueOf(contype)),
                InPlaceStep.Undo.NONE, null, Duration.ofMillis(20), "ACCESS EXCLUSIVE for milliseconds (no scan: the "
                + "index is built); each request waits at most --lock-timeout, is retried, and is not made while a "
                + "long transaction holds the table", null);
    }

    static Duration scan(TableFacts f) {
        return Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.SCAN_BYTES_PER_SECOND);
    }
}
