package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Probe;
import io.pgswap.core.Target;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * add-primary-key: a primary key without blocking writes. Nullable key columns are proved NOT
 * NULL first without a long lock: {@code CHECK (col IS NOT NULL) NOT VALID}, then VALIDATE (a
 * scan under SHARE UPDATE EXCLUSIVE). The unique index is built CONCURRENTLY, and the last step,
 * {@code ADD CONSTRAINT ... PRIMARY KEY USING INDEX} plus dropping the CHECK, takes ACCESS
 * EXCLUSIVE for milliseconds: the valid CHECK lets the server set NOT NULL without scanning
 * (measured on 14, 17 and 18). The columns stay as they were until that last step, so abort has
 * only the CHECK and the index to remove.
 */
public final class AddPrimaryKey implements Operation<AddPrimaryKey.Args> {
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

    @CommandLine.Command(name = "add-primary-key",
            description = {"Add a primary key without blocking writes.",
            "",
            "Nullable columns are first checked to hold no NULL with a NOT VALID CHECK constraint and VALIDATE "
                    + "(reads and writes go on). The unique index is built with CREATE UNIQUE INDEX CONCURRENTLY, "
                    + "then ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY USING INDEX makes it the primary key "
                    + "under a lock of milliseconds, bounded by --lock-timeout and retried. NULLs or duplicates stop "
                    + "the run with their count and samples. A table that has a primary key already is refused.",
            "",
            "On a partitioned table, each partition gets its primary key this way (one migration each), then ADD "
                    + "CONSTRAINT ... PRIMARY KEY on the partitioned table attaches them and builds nothing; the "
                    + "columns must contain the partition key."},
            footer = {"", "Examples:",
                "  pgswap add-primary-key events 'id' --dry-run",
                "  pgswap add-primary-key sales.order_lines 'order_id, line_no'"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE", description = "The table.")
        String table;

        @CommandLine.Parameters(index = "1", paramLabel = "COLUMNS",
                description = "The key's columns, separated by commas.")
        String columns;

        @CommandLine.Option(names = "--name", paramLabel = "NAME",
                description = "The constraint's name (default: the name PostgreSQL would choose, e.g. orders_pkey); taken as written, "
                        + "or as a quoted SQL identifier when in double quotes (\"User_email_key\").")
        String name;

        @CommandLine.Option(names = "--new-index", description = "Build a new unique index even when the table has "
                + "an equivalent one. Without it (and without --name), an equivalent unique index that belongs to no "
                + "constraint is taken over: it becomes the primary key's index, and the constraint gets its name. With it, "
                + "the result is what ALTER TABLE ... ADD PRIMARY KEY makes; apply passes it for a constraint without a name.")
        boolean newIndex;

        @Override
        public Args args() {
            return new Args(Target.parse(table), IndexBuild.columns(columns, "COLUMNS"),
                    IndexBuild.checkName(name, "--name"), newIndex);
        }
    }

    @Override
    public String name() {
        return "add-primary-key";
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
        return "add-primary-key " + (args.name() == null ? "" : args.name() + " ") + "("
                + Sql.identList(args.columns()) + ")";
    }

    @Override
    public void check(Args args, TableFacts f) {
        Optional<IndexInfo> pk = f.indexes().stream().filter(IndexInfo::primary).findFirst();
        if (pk.isPresent()) {
            if (pk.get().keyColumns().equals(args.columns())) {
                throw PgSwapException.nothingToDo(f.displayName() + " already has the primary key "
                        + pk.get().constraintName() + " " + pk.get().constraintDef() + "; nothing to do");
            }
            throw PgSwapException.refused(f.displayName() + " already has a primary key, " + pk.get().constraintName()
                    + " " + pk.get().constraintDef() + "; pgswap does not replace a primary key. Nothing was changed");
        }
        IndexBuild.checkConcurrentlyOrPartitioned(f, "CREATE UNIQUE INDEX");
        IndexBuild.requireColumns(f, args.columns());
    }

    /**
     * A partitioned table: every leaf partition gets its primary key the careful way (NOT NULL
     * proven by a validated CHECK where needed, the index CONCURRENTLY, then USING INDEX), one
     * migration each; then the primary key of the partitioned table, which attaches theirs (the
     * columns are NOT NULL in every partition by then, so its NOT NULL needs no scan either).
     */
    @Override
    public Optional<List<InPlaceStep>> partitioned(Args args, TableFacts parent) {
        return Optional.of(List.of(AddUnique.onPartitioned(parent, args.name(), args.columns(), "PRIMARY KEY", 'p')));
    }

    @Override
    public Args resolvePartitioned(Args args, TableFacts parent, Probe server) throws SQLException {
        Args resolved = new Args(args.table(), args.columns(), args.name() != null ? args.name()
                : made(args, parent, server, null).name());
        checkOnServer(resolved, parent, server);
        AddUnique.refuseIndexNamed(parent, resolved.name());
        return resolved;
    }

    /** Each partition's primary key gets the name PostgreSQL gives it there. */
    @Override
    public Args forPartition(Args args) {
        return new Args(args.table(), args.columns(), null, args.newIndex());
    }

    @Override
    public Args resolve(Args args, TableFacts f, Probe server) throws SQLException {
        if (args.name() != null) {
            return args;
        }
        IndexBuild.Made made = made(args, f, server, null);
        Optional<IndexInfo> reusable = IndexBuild.sameDefinition(f, made).filter(i -> !i.isConstraint());
        if (reusable.isPresent() && !args.newIndex()) {
            LOG.info("add-primary-key: the unique index {} has the same definition: it becomes the primary key's index, "
                    + "under its own name (--new-index builds another)", reusable.get().name());
            return new Args(args.table(), args.columns(), reusable.get().name());
        }
        LOG.info("add-primary-key: no --name given; the primary key is {}, the name PostgreSQL would choose",
                made.name());
        return new Args(args.table(), args.columns(), made.name());
    }

    @Override
    public void checkOnServer(Args args, TableFacts f, Probe server) throws SQLException {
        IndexBuild.Made made = made(args, f, server, args.name());
        AddUnique.checkNames(server.readOnly(), f, made, args.name(), "primary key");
    }

    private IndexBuild.Made made(Args args, TableFacts f, Probe server, String name) throws SQLException {
        return IndexBuild.made(server, f, copy -> "ALTER TABLE " + copy + " ADD " + (name == null ? ""
                : "CONSTRAINT " + Sql.ident(name) + " ") + "PRIMARY KEY (" + Sql.identList(args.columns()) + ")", name,
                true, "the primary key");
    }

    private static List<String> nullable(Args args, TableFacts f) {
        return args.columns().stream().filter(c -> f.column(c).map(col -> !col.notNull()).orElse(false)).toList();
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Connection readOnly) throws SQLException {
        List<Plan.Finding> out = new ArrayList<>();
        List<String> nullable = nullable(args, f);
        if (!nullable.isEmpty()) {
            out.add(Plan.Finding.info("column(s) " + String.join(", ", nullable) + " are nullable: a CHECK (... IS NOT "
                    + "NULL) constraint is validated first, so the primary key's NOT NULL needs no scan under the lock"));
        }
        out.addAll(IndexBuild.waits(readOnly, f));
        return out;
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        return List.of(new Plan.Alternative("plain ALTER TABLE ... ADD PRIMARY KEY",
                List.of("ALTER TABLE " + f.qualifiedName() + " ADD CONSTRAINT " + Sql.ident(args.name())
                        + " PRIMARY KEY (" + Sql.identList(args.columns()) + ")"),
                f.relkind() == 'p' ? "scans every partition for NULLs and builds its index under ACCESS EXCLUSIVE "
                        + "on " + f.displayName() + " and its partitions: every read and write waits until all of "
                        + "them are done" : "scans for NULLs and builds the index under ACCESS EXCLUSIVE: every read "
                        + "and write of " + f.displayName() + " waits, about " + IndexBuild.buildEstimate(f)
                        .dividedBy(2).plus(AddUnique.scan(f)).toMillis() + " ms here"));
    }

    @Override
    public Recipe recipe(Args args, TableFacts f, Names names) {
        String name = Objects.requireNonNull(args.name(), "the name is resolved before the recipe");
        String t = f.qualifiedName();
        List<String> nullable = nullable(args, f);
        String check = Sql.boundedName("pgswap_nn_" + names.migrationId() + "_" + f.name());
        String checkExpr = nullable.stream().map(c -> Sql.ident(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        List<InPlaceStep> steps = new ArrayList<>();
        List<Statement> dropCheck = List.of();
        String carries = "";
        if (!nullable.isEmpty()) {
            Statement exists = Statement.of("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) "
                    + "AND conname = ? AND contype = 'c')", t, check);
            Statement valid = Statement.of("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) "
                    + "AND conname = ? AND contype = 'c' AND convalidated)", t, check);
            InPlaceStep.Undo drop = new InPlaceStep.Undo(List.of(Statement.of("ALTER TABLE " + t
                    + " DROP CONSTRAINT IF EXISTS " + Sql.ident(check))), List.of(new LockUse(t,
                    LockLevel.ACCESS_EXCLUSIVE)), true);
            steps.add(new InPlaceStep("not-null-check", "add CHECK (" + checkExpr + ") NOT VALID: from now on no "
                    + "new or updated row may have a NULL there; existing rows are checked next", InPlaceStep.Kind.DDL,
                    List.of(Statement.of("ALTER TABLE " + t + " ADD CONSTRAINT " + Sql.ident(check) + " CHECK ("
                            + checkExpr + ") NOT VALID")), List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE)), exists,
                    drop, "NOT VALID CHECK constraint " + check + " (" + checkExpr + ")", Duration.ofMillis(20),
                    "lock held for milliseconds; each request waits at most --lock-timeout, is retried, and is not made "
                            + "while a long transaction holds the table", null));
            carries = "CHECK constraint " + check + " (dropped when the primary key is added)";
            steps.add(new InPlaceStep("not-null-validate", "validate the CHECK: scan the existing rows for NULLs while "
                    + "reads and writes go on", InPlaceStep.Kind.DDL,
                    List.of(Statement.of("ALTER TABLE " + t + " VALIDATE CONSTRAINT " + Sql.ident(check))),
                    List.of(new LockUse(t, LockLevel.SHARE_UPDATE_EXCLUSIVE)), valid, InPlaceStep.Undo.NONE, carries,
                    AddUnique.scan(f), "SHARE UPDATE EXCLUSIVE blocks only other schema changes and VACUUM, not reads "
                    + "or writes", (conn, e) -> nulls(conn, e, f, nullable, check)));
            dropCheck = List.of(Statement.of("ALTER TABLE " + t + " DROP CONSTRAINT " + Sql.ident(check)));
        }
        steps.add(AddUnique.uniqueIndex(f, name, args.columns(), (carries.isEmpty() ? "" : carries + " and ")
                + "unique index " + name + " (it becomes the primary key in the last step)"));
        steps.add(AddUnique.constraintStep(f, name, "primary-key", "PRIMARY KEY", 'p', "make the index the primary key "
                + name + (nullable.isEmpty() ? "" : " (the valid CHECK proves NOT NULL, so there is no scan) and drop "
                + "the CHECK"), dropCheck));
        return new InPlaceRecipe("the primary key's index is built CONCURRENTLY, then becomes the key in a moment",
                steps);
    }

    /** NULLs in the key columns: their count and up to 10 sample rows (by ctid). */
    private static PgSwapException nulls(Connection c, SQLException e, TableFacts f, List<String> nullable,
                                         String check) throws SQLException {
        if (!PgErrors.is(e, PgErrors.CHECK_VIOLATION)) {
            return null;
        }
        String where = " FROM ONLY " + f.qualifiedName() + " WHERE " + nullable.stream()
                .map(col -> Sql.ident(col) + " IS NULL").collect(Collectors.joining(" OR "));
        long count = Rows.longValue(c, Statement.of("SELECT count(*)" + where));
        List<String> samples = Rows.strings(c, Statement.of("SELECT ctid::text" + where + " ORDER BY ctid LIMIT 10"));
        return new PgSwapException(ExitCode.FAILED, count + " row(s) of " + f.displayName() + " have NULL in "
                + String.join(", ", nullable) + " (ctid " + String.join(", ", samples) + "); a primary key cannot. The "
                + "CHECK " + check + " stays NOT VALID, so new rows are checked. Fill them (SELECT *" + where
                + ") and run the same command again, or 'pgswap abort " + f.displayName() + "' to drop the CHECK", e,
                e.getSQLState());
    }
}
