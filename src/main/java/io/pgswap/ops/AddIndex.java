package io.pgswap.ops;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Probe;
import io.pgswap.core.Target;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.recipe.Recipe;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.sql.UserSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * add-index: CREATE [UNIQUE] INDEX CONCURRENTLY, outside a transaction, with what a careful DBA
 * does by hand around it: the first lock (SHARE UPDATE EXCLUSIVE) bounded and retried, the waits
 * for older transactions bounded separately and shown, an INVALID index of the same name dropped
 * and rebuilt, validity checked after the build, duplicates of a unique build counted, and an
 * equivalent valid index taken as "nothing to do". Without --name the index gets the name
 * PostgreSQL would give it.
 */
public final class AddIndex implements Operation<AddIndex.Args> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    /**
     * @param columns the index's column list as given (user SQL: columns, expressions, opclasses, ordering)
     * @param name    the index name; filled in as PostgreSQL would choose it when not given
     * @param using   the access method (btree when null)
     * @param where   the predicate of a partial index, or null
     * @param include the INCLUDE column list, or null
     */
    /** {@code ifNotExists}: a relation of that name already there is nothing to do, as CREATE INDEX IF NOT EXISTS. */
    public record Args(Target table, String columns, String name, boolean unique, String using, String where,
                       String include, boolean ifNotExists) {
        public Args(Target table, String columns, String name, boolean unique, String using, String where,
                    String include) {
            this(table, columns, name, unique, using, where, include, false);
        }

        Args withName(String n) {
            return new Args(table, columns, n, unique, using, where, include, ifNotExists);
        }
    }

    @CommandLine.Command(name = "add-index",
            description = {"Build an index without blocking writes: CREATE INDEX CONCURRENTLY, done carefully.",
            "",
            "The build takes SHARE UPDATE EXCLUSIVE, which blocks no reads or writes. Its first lock request "
                    + "waits at most --lock-timeout and is retried; its waits for older transactions are bounded by "
                    + "--wait-timeout, and progress names the session it waits for. An INVALID index of the same "
                    + "name (a failed earlier attempt) is dropped and rebuilt; after the build the index is checked "
                    + "to be valid. A unique build that finds duplicates removes its invalid index and reports them. "
                    + "When the table already has a valid index with the same definition, there is nothing to do.",
            "",
            "Without --name the index gets the name PostgreSQL would give it (printed, and shown by --dry-run).",
            "",
            "On a partitioned table, each partition gets its index CONCURRENTLY (one migration each), then CREATE "
                    + "INDEX on the partitioned table attaches them and builds nothing (SHARE for milliseconds)."},
            footer = {"", "Examples:",
                "  pgswap add-index orders 'customer_id, created_at DESC' --dry-run",
                "  pgswap add-index orders 'lower(email)' --unique --name orders_email_key",
                "  pgswap add-index orders 'status' --where \"status <> 'done'\" --include 'amount'",
                "  pgswap add-index orders 'tags' --using gin --wait-timeout 30min"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE", description = "The table to index.")
        String table;

        @CommandLine.Parameters(index = "1", paramLabel = "COLUMNS",
                description = "The index's columns as in CREATE INDEX ... (COLUMNS): names, expressions, operator "
                        + "classes, ASC/DESC; the server checks them before anything is created.")
        String columns;

        @CommandLine.Option(names = "--name", paramLabel = "NAME",
                description = "The index name (default: the name PostgreSQL would choose, e.g. orders_customer_id_idx); taken as written, or "
                        + "as a quoted SQL identifier when in double quotes (\"User_email_key\").")
        String name;

        @CommandLine.Option(names = "--unique", description = "Build a unique index; duplicates stop the run with "
                + "their count and sample values, and the invalid index is removed.")
        boolean unique;

        @CommandLine.Option(names = "--using", paramLabel = "METHOD",
                description = "The index access method: btree (default), hash, gin, gist, spgist, brin, or one an "
                        + "extension adds.")
        String using;

        @CommandLine.Option(names = "--where", paramLabel = "EXPR", description = "Make it a partial index: WHERE EXPR.")
        String where;

        @CommandLine.Option(names = "--include", paramLabel = "COLUMNS",
                description = "Non-key columns stored in the index: INCLUDE (COLUMNS).")
        String include;

        @CommandLine.Option(names = "--if-not-exists",
                description = "When a relation named --name already exists (whatever its definition): nothing to do, "
                        + "as CREATE INDEX IF NOT EXISTS.")
        boolean ifNotExists;

        @Override
        public Args args() {
            try {
                String method = null;
                if (using != null) {
                    method = IndexBuild.identifier(using, "--using " + using);
                    if (method == null) {
                        throw PgSwapException.usage("--using " + using + " should be the name of an access method "
                                + "(btree, hash, gin, gist, spgist, brin, ...)");
                    }
                }
                return new Args(Target.parse(table), UserSql.fragment(columns, "the column list"),
                        IndexBuild.checkName(name, "--name"), unique, method,
                        where == null ? null : UserSql.fragment(where, "the WHERE expression"),
                        include == null ? null : UserSql.fragment(include, "the INCLUDE column list"), ifNotExists);
            } catch (IllegalArgumentException e) {
                throw PgSwapException.usage(e.getMessage());
            }
        }
    }

    @Override
    public String name() {
        return "add-index";
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
    public boolean onMaterializedViews() {
        return true;
    }

    @Override
    public Target target(Args args) {
        return args.table();
    }

    @Override
    public String describe(Args args) {
        return "add-index " + (args.name() == null ? "" : args.name() + " ") + "(" + args.columns() + ")"
                + (args.unique() ? " UNIQUE" : "") + (args.using() == null ? "" : " USING " + args.using())
                + (args.include() == null ? "" : " INCLUDE (" + args.include() + ")")
                + (args.where() == null ? "" : " WHERE " + args.where());
    }

    @Override
    public void check(Args args, TableFacts f) {
        IndexBuild.checkConcurrentlyOrPartitioned(f, "CREATE INDEX");
    }

    /**
     * A partitioned table: CREATE INDEX CONCURRENTLY does not work on it, and a plain CREATE INDEX
     * on it blocks writes to every partition for every partition's build. So each leaf partition
     * gets its index CONCURRENTLY, one migration each, named as PostgreSQL names a partition's
     * index (or an equivalent one it has is kept); then the index on the partitioned table is
     * created, which finds every partition's index built and only attaches them (catalog work,
     * SHARE on the parent and the partitions for milliseconds). The partitions' set is checked
     * under that lock (see the engine's partitioned run), so no build happens there.
     */
    @Override
    public Optional<List<InPlaceStep>> partitioned(Args args, TableFacts parent) {
        String name = java.util.Objects.requireNonNull(args.name(), "the name is resolved first (resolvePartitioned)");
        String t = parent.qualifiedName();
        return Optional.of(List.of(new InPlaceStep("create-on-parent", "create " + name + " on the "
                + "partitioned table " + parent.displayName() + ": every partition has its index, so PostgreSQL "
                + "attaches them and builds nothing", InPlaceStep.Kind.DDL, List.of(Statement.of(create(args,
                name, t, false))), List.of(new LockUse(t, LockLevel.SHARE)), Statement.of("SELECT EXISTS "
                + "(SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = CAST(? AS "
                + "regclass) AND c.relname = ? AND i.indisvalid)", t, name), InPlaceStep.Undo.NONE, null,
                Duration.ofMillis(20), "SHARE on the partitioned table and on every partition for milliseconds (no "
                + "build: the partitions' indexes are attached); writes wait that long; bounded by --lock-timeout "
                + "and retried", null)));
    }

    /** The partitioned table's own index: its name (PostgreSQL's choice when not given), checked as on a table. */
    @Override
    public Args resolvePartitioned(Args args, TableFacts parent, Probe server) throws SQLException {
        Args resolved = resolve(args, parent, server);
        checkOnServer(resolved, parent, server);
        Optional<IndexInfo> unfinished = IndexBuild.named(parent, resolved.name()).filter(i -> !i.valid());
        if (unfinished.isPresent()) {
            throw PgSwapException.refused(parent.displayName() + " has the INVALID index " + resolved.name() + " "
                    + unfinished.get().definitionTail() + ": a CREATE INDEX ... ON ONLY whose partitions' indexes "
                    + "are not all attached. Attach them (ALTER INDEX " + Sql.qualified(parent.schema(), resolved.name())
                    + " ATTACH PARTITION ...) or drop it (DROP INDEX " + Sql.qualified(parent.schema(), resolved.name())
                    + "), then run this again");
        }
        return resolved;
    }

    /** Each partition's index gets the name PostgreSQL gives a partition's index (or is an equivalent one it has). */
    @Override
    public Args forPartition(Args args) {
        return new Args(args.table(), args.columns(), null, args.unique(), args.using(), args.where(), args.include(),
                false);
    }

    /** Without --name: an index with this definition the table has (valid, or an INVALID leftover), else PostgreSQL's choice. */
    @Override
    public Args resolve(Args args, TableFacts f, Probe server) throws SQLException {
        if (args.name() != null) {
            return args;
        }
        IndexBuild.Made made = made(args, f, server, null);
        Optional<IndexInfo> same = IndexBuild.sameDefinition(f, made);
        if (same.isPresent()) {
            if (!same.get().valid()) {
                LOG.info("add-index: no --name given; the INVALID index {} has this definition, a leftover of "
                        + "an earlier attempt: it is dropped and built again under its name",
                        QualifiedName.format(f.schema(), same.get().name()));
            }
            return args.withName(same.get().name()); // valid: nothing to do; INVALID: dropped and rebuilt
        }
        LOG.info("add-index: no --name given; the index is {}, the name PostgreSQL would choose",
                QualifiedName.format(f.schema(), made.name()));
        return args.withName(made.name());
    }

    @Override
    public void checkOnServer(Args args, TableFacts f, Probe server) throws SQLException {
        IndexBuild.Made made = made(args, f, server, args.name());
        Optional<IndexInfo> same = f.indexes().stream().filter(made::sameAs).filter(IndexInfo::valid).findFirst();
        if (same.isPresent()) {
            IndexInfo i = same.get();
            throw PgSwapException.nothingToDo(f.displayName() + " already has the valid index " + i.name() + " "
                    + i.definitionTail() + (i.name().equals(args.name()) ? "" : " (the same definition under another "
                    + "name; to rename it: ALTER INDEX " + Sql.qualified(f.schema(), i.name()) + " RENAME TO "
                    + Sql.ident(args.name()) + ")") + "; nothing to do");
        }
        Optional<IndexInfo> named = IndexBuild.named(f, args.name());
        Optional<String> other = IndexBuild.nameUsedElsewhere(server.readOnly(), f, args.name());
        // an INVALID index of that name (an interrupted build, perhaps this command's) is rebuilt as always
        if (args.ifNotExists() && (named.isPresent() ? named.get().valid() : other.isPresent())) {
            throw PgSwapException.nothingToDo("the name " + args.name() + " is taken by " + (named.isPresent()
                    ? "the index " + args.name() + " " + named.get().definitionTail() : other.get())
                    + "; nothing to do (--if-not-exists)");
        }
        if (named.isPresent() && named.get().valid()) {
            throw PgSwapException.refused(f.displayName() + " already has an index named " + args.name() + " with "
                    + "another definition (" + named.get().definitionTail() + "); choose another --name, or drop it "
                    + "first");
        }
        if (other.isPresent()) {
            throw PgSwapException.refused("the name " + args.name() + " is taken by " + other.get()
                    + "; choose another --name");
        }
    }

    private IndexBuild.Made made(Args args, TableFacts f, Probe server, String name) throws SQLException {
        return IndexBuild.made(server, f, copy -> create(args, name, copy, false), name, false,
                "the index definition");
    }

    /** CREATE [UNIQUE] INDEX [CONCURRENTLY] ["name"] ON table [USING m] (columns) [INCLUDE (...)] [WHERE (...)]. */
    private static String create(Args args, String name, String table, boolean concurrently) {
        return "CREATE " + (args.unique() ? "UNIQUE " : "") + "INDEX " + (concurrently ? "CONCURRENTLY " : "")
                + (name == null ? "" : Sql.ident(name) + " ") + "ON " + table
                + (args.using() == null ? "" : " USING " + Sql.ident(args.using()))
                + " (" + args.columns() + ")"
                + (args.include() == null ? "" : " INCLUDE (" + args.include() + ")")
                + (args.where() == null ? "" : " WHERE (" + args.where() + ")");
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Connection readOnly) throws SQLException {
        List<Plan.Finding> out = new ArrayList<>();
        IndexBuild.named(f, args.name()).filter(i -> !i.valid()).ifPresent(i -> out.add(Plan.Finding.warning(
                "the INVALID index " + i.name() + " (" + i.definitionTail() + ", a failed earlier build?) is dropped "
                        + "with DROP INDEX CONCURRENTLY and built again")));
        out.addAll(IndexBuild.waits(readOnly, f));
        return out;
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        if (f.relkind() == 'p') {
            return List.of(new Plan.Alternative("plain CREATE INDEX", List.of(create(args, args.name(),
                    f.qualifiedName(), false)), "takes SHARE on " + f.displayName() + " and on every partition: every "
                    + "INSERT, UPDATE and DELETE waits until every partition's index is built, one after another "
                    + "(CREATE INDEX CONCURRENTLY does not work on a partitioned table)"));
        }
        return List.of(new Plan.Alternative("plain CREATE INDEX", List.of(create(args, args.name(), f.qualifiedName(),
                false)), "takes SHARE on " + f.displayName() + ": every INSERT, UPDATE and DELETE waits for the whole "
                + "build, about " + Estimates.of(f.heapBytes(), Estimates.SCAN_BYTES_PER_SECOND)
                .plus(Estimates.of(Math.max(1, f.estimatedRows()) * 24, Estimates.INDEX_BYTES_PER_SECOND)).toMillis()
                + " ms here (longer behind any long transaction); reads go on"));
    }

    @Override
    public Recipe recipe(Args args, TableFacts f, Names names) {
        String name = java.util.Objects.requireNonNull(args.name(), "the index name is resolved before the recipe");
        return new InPlaceRecipe("an index can be built CONCURRENTLY on the table itself: no copy, no write blocked",
                List.of(IndexBuild.buildStep(f, name, create(args, name, f.qualifiedName(), true), "build the index "
                        + name + " with CREATE " + (args.unique() ? "UNIQUE " : "") + "INDEX CONCURRENTLY: two passes "
                        + "over the table while reads and writes go on", null)));
    }
}
