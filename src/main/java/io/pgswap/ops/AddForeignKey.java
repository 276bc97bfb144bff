package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Probe;
import io.pgswap.core.Target;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.recipe.Recipe;
import io.pgswap.sql.ChosenName;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * add-foreign-key: a foreign key without a long lock. {@code ADD CONSTRAINT ... FOREIGN KEY ...
 * NOT VALID} takes SHARE ROW EXCLUSIVE on both tables for milliseconds (writes wait, reads go on),
 * requested in PostgreSQL's own order (the referencing table, then the referenced one), each
 * request bounded by lock_timeout and the pair retried as one attempt; {@code VALIDATE CONSTRAINT}
 * then checks the existing rows under SHARE UPDATE EXCLUSIVE on the referencing table and ROW
 * SHARE on the referenced one, which block neither reads nor writes.
 *
 * With {@code --with-index}, an index on the referencing columns is built first with CREATE INDEX
 * CONCURRENTLY (the add-index step, leftovers and all), so deletes on the referenced table do not
 * scan the referencing one once the key exists.
 *
 * @param settled the referenced table's schema, resolved when the migration started
 * @param withIndex build an index on the referencing columns first
 * @param index with {@code withIndex}: that index's name, resolved when the migration started (an
 *              index the table already has that starts with the columns, else the one PostgreSQL would name)
 */
public final class AddForeignKey implements Operation<AddForeignKey.Args> {

    public record Args(Target table, List<String> columns, Target referenced, List<String> referencedColumns,
                       String name, String onDelete, String onUpdate, String settled, boolean withIndex,
                       String index) {
        public Args(Target table, List<String> columns, Target referenced, List<String> referencedColumns, String name,
                    String onDelete, String onUpdate, String settled) {
            this(table, columns, referenced, referencedColumns, name, onDelete, onUpdate, settled, false, null);
        }
    }

    @CommandLine.Command(name = "add-foreign-key",
            description = {"Add a foreign key without blocking writes while the existing rows are checked.",
            "",
            "The key is added NOT VALID (SHARE ROW EXCLUSIVE on both tables for milliseconds, bounded by "
                    + "--lock-timeout and retried), then validated while the application keeps reading and writing. "
                    + "Rows that reference nothing stop the run with their count and sample keys; the key then stays "
                    + "NOT VALID and checks every new write. Without an index on the referencing columns every "
                    + "delete on the referenced table scans the referencing table: pgswap warns and prints the "
                    + "add-index command to run first, or builds one first with --with-index."},
            footer = {"", "Examples:",
                "  pgswap add-foreign-key orders.customer_id customers.id --dry-run",
                "  pgswap add-foreign-key 'order_lines(order_id, shop_id)' 'orders(id, shop_id)' --on-delete cascade",
                "  pgswap add-foreign-key sales.orders.customer_id crm.customers.id --name orders_customer_fk",
                "  pgswap add-foreign-key orders.customer_id customers.id --with-index"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "TABLE.COLUMN|'TABLE(A,B)'",
                description = "The referencing table and column(s), [SCHEMA.] optional.")
        String from;

        @CommandLine.Parameters(index = "1", paramLabel = "REFTABLE.COLUMN|'REFTABLE(X,Y)'",
                description = "The referenced table and its column(s), covered by its primary key or a unique constraint. "
                        + "The table alone (REFTABLE, or '[SCHEMA.]REFTABLE()') means its primary key, as REFERENCES "
                        + "reftable does.")
        String to;

        @CommandLine.Option(names = "--name", paramLabel = "NAME",
                description = "The constraint's name (default: TABLE_COLUMNS_fkey, numbered past a name the schema "
                        + "holds, as PostgreSQL names it); taken as written, or as a quoted SQL identifier when in "
                        + "double quotes (\"User_email_key\").")
        String name;

        @CommandLine.Option(names = "--on-delete", paramLabel = "ACTION",
                description = "NO ACTION (the default), RESTRICT, CASCADE, SET NULL or SET DEFAULT.")
        String onDelete;

        @CommandLine.Option(names = "--on-update", paramLabel = "ACTION",
                description = "NO ACTION (the default), RESTRICT, CASCADE, SET NULL or SET DEFAULT.")
        String onUpdate;

        @CommandLine.Option(names = "--with-index",
                description = "First build an index on the referencing columns with CREATE INDEX CONCURRENTLY (no "
                        + "write blocked; named as PostgreSQL would name it), unless an index already starts with "
                        + "them. --wait-timeout bounds its waits for older transactions.")
        boolean withIndex;

        @Override
        public Args args() {
            ForeignKeyArgs.Key a = ForeignKeyArgs.key(from, "the referencing key");
            ForeignKeyArgs.Key b = ForeignKeyArgs.referencedKey(to);
            if (!b.columns().isEmpty() && a.columns().size() != b.columns().size()) {
                throw PgSwapException.usage("the referencing key has " + a.columns().size() + " column(s), the "
                        + "referenced key " + b.columns().size() + "; they must pair up");
            }
            if (name != null && name.isBlank()) {
                throw PgSwapException.usage("--name must not be empty");
            }
            return new Args(a.table(), a.columns(), b.table(), b.columns(), IndexBuild.checkName(name, "--name"),
                    ForeignKeyArgs.action(onDelete, "--on-delete"), ForeignKeyArgs.action(onUpdate, "--on-update"), null,
                    withIndex, null);
        }
    }

    @Override
    public String name() {
        return "add-foreign-key";
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
        return Set.of(Options.CONCURRENT); // the --with-index build
    }

    @Override
    public Target target(Args args) {
        return args.table();
    }

    @Override
    public String describe(Args args) {
        return "add-foreign-key (" + String.join(", ", args.columns()) + ") -> " + args.referenced() + "("
                + String.join(", ", args.referencedColumns()) + ")" + (args.name() == null ? "" : " --name " + args.name())
                + (args.onDelete() == null ? "" : " --on-delete " + args.onDelete())
                + (args.onUpdate() == null ? "" : " --on-update " + args.onUpdate())
                + (args.withIndex() ? " --with-index" : "");
    }

    static String constraintName(Args args, TableFacts f) {
        return args.name() != null ? args.name()
                : ChosenName.of(f.name(), ChosenName.columnsPart(args.columns()), "fkey", n -> false);
    }

    /** The referenced table, quoted (qualified once the migration has settled its schema). */
    private static String referenced(Args args) {
        String schema = args.settled() != null ? args.settled() : args.referenced().schema();
        return schema == null ? Sql.ident(args.referenced().table()) : Sql.qualified(schema, args.referenced().table());
    }

    private static String referencedName(Args args) {
        return QualifiedName.format(args.settled() != null ? args.settled() : args.referenced().schema(),
                args.referenced().table());
    }

    @Override
    public void check(Args args, TableFacts f) {
        if (f.relkind() != 'r' && !(f.relkind() == 'p' && f.serverMajor() >= 18)) {
            throw PgSwapException.refused(f.displayName() + (f.relkind() == 'p' ? " is partitioned: PostgreSQL "
                    + f.serverMajor() + " cannot add a foreign key NOT VALID to it (PostgreSQL 18 can)"
                    : " is not a table"));
        }
        List<String> missing = args.columns().stream().filter(c -> f.column(c).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw PgSwapException.refused("column(s) " + String.join(", ", missing) + " do not exist in "
                    + f.displayName() + " (columns: " + f.columns().stream().map(Column::name)
                    .collect(Collectors.joining(", ")) + ")");
        }
        if (args.withIndex() && !ForeignKeyIndex.indexed(args.columns(), f)) {
            IndexBuild.checkConcurrently(f, "CREATE INDEX");
        }
    }

    @Override
    public Args resolve(Args args, TableFacts f, Probe server) throws SQLException {
        long oid;
        try {
            oid = new Inspector(server.readOnly()).resolveTable(args.referenced().schema(), args.referenced().table());
        } catch (PgSwapException e) {
            return args; // checkOnServer says why
        }
        String schema = Rows.string(server.readOnly(), Statement.of("SELECT n.nspname FROM pg_class c JOIN "
                + "pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?::oid", oid));
        List<String> refColumns = args.referencedColumns().isEmpty()
                ? primaryKey(server.readOnly(), oid, QualifiedName.format(schema, args.referenced().table()), args)
                : args.referencedColumns();
        String name = args.name() != null ? args.name()
                : ForeignKeyArgs.chosenName(args, f, oid, refColumns, server.readOnly());
        return new Args(args.table(), args.columns(), args.referenced(), refColumns, name,
                args.onDelete(), args.onUpdate(), schema, args.withIndex(), ForeignKeyIndex.name(args, f, server));
    }

    /** The referenced table's primary key columns, in order: what a referenced table named alone means. */
    private static List<String> primaryKey(Connection c, long ref, String refName, Args args) throws SQLException {
        List<String> key = Rows.strings(c, Statement.of("""
                SELECT a.attname FROM pg_constraint k
                CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, n)
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
                WHERE k.conrelid = ?::oid AND k.contype = 'p' ORDER BY u.n""", ref));
        if (key.isEmpty()) {
            throw PgSwapException.refused(refName + " has no primary key, which a referenced table named without "
                    + "columns means; name the referenced column(s): '" + refName + "(X, Y)'");
        }
        if (key.size() != args.columns().size()) {
            throw PgSwapException.usage("the referencing key has " + args.columns().size() + " column(s), the primary "
                    + "key of " + refName + " (" + String.join(", ", key) + ") " + key.size() + "; they must pair up");
        }
        return key;
    }

    @Override
    public void checkOnServer(Args args, TableFacts f, Probe server) throws SQLException {
        Connection c = server.readOnly();
        long ref = new Inspector(c).resolveTable(args.referenced().schema(), args.referenced().table());
        String refName = referencedName(args);
        String name = constraintName(args, f);
        new ForeignKeyCheck(f, args, ref, refName, name).existing(c);
        List<String> refColumns = Rows.strings(c, Statement.of("""
                SELECT attname FROM pg_attribute WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped
                ORDER BY attnum""", ref));
        List<String> missing = args.referencedColumns().stream().filter(x -> !refColumns.contains(x)).toList();
        if (!missing.isEmpty()) {
            throw PgSwapException.refused("column(s) " + String.join(", ", missing) + " do not exist in " + refName
                    + " (columns: " + String.join(", ", refColumns) + ")");
        }
        if (!Rows.bool(c, Statement.of("SELECT has_table_privilege(?::oid, 'REFERENCES')", ref))) {
            throw PgSwapException.refused("role " + Rows.string(c, Statement.of("SELECT current_user")) + " may not "
                    + "reference " + refName + "; GRANT REFERENCES ON " + refName + " to it first");
        }
        if (!uniqueOn(c, ref, args.referencedColumns())) {
            throw PgSwapException.refused(refName + " has no primary key or unique constraint on exactly ("
                    + String.join(", ", args.referencedColumns()) + "), which PostgreSQL needs to check the key; "
                    + "add one first (e.g. pgswap add-unique " + refName + " '"
                    + String.join(", ", args.referencedColumns()) + "')");
        }
        probe(args, f, ref, refName, name, server);
        // a missing index on the referencing columns is one of the findings, which a run logs as a warning
    }

    /** A valid, immediate, non-partial unique index whose key is exactly these columns (in any order). */
    private static boolean uniqueOn(Connection c, long table, List<String> columns) throws SQLException {
        for (List<String> key : Rows.list(c, Statement.of("""
                SELECT ARRAY(SELECT a.attname FROM generate_series(0, i.indnkeyatts - 1) s(k)
                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[s.k])
                FROM pg_index i
                WHERE i.indrelid = ?::oid AND i.indisunique AND i.indisvalid AND i.indimmediate
                  AND i.indpred IS NULL AND i.indexprs IS NULL""", table), rs -> Rows.strings(rs.getArray(1)))) {
            if (key.size() == columns.size() && new HashSet<>(key).equals(new HashSet<>(columns))) {
                return true;
            }
        }
        return false;
    }

    /** The server adds the key between empty copies of the two tables: types, actions and all. */
    private static void probe(Args args, TableFacts f, long ref, String refName, String name, Probe server)
            throws SQLException {
        boolean self = ref == f.oid();
        try {
            server.scratch(tx -> {
                Tx.execute(tx, List.of("CREATE TEMP TABLE pgswap_fk_probe (LIKE " + f.qualifiedName()
                        + " INCLUDING DEFAULTS INCLUDING INDEXES) ON COMMIT DROP"));
                if (!self) {
                    Tx.execute(tx, List.of("CREATE TEMP TABLE pgswap_fk_ref_probe (LIKE " + referenced(args)
                            + " INCLUDING DEFAULTS INCLUDING INDEXES) ON COMMIT DROP"));
                }
                Tx.execute(tx, List.of(addStatement(args, "pg_temp.pgswap_fk_probe", self ? "pg_temp.pgswap_fk_probe"
                        : "pg_temp.pgswap_fk_ref_probe", name)));
                return null;
            });
        } catch (SQLException e) {
            if (PgErrors.is(e, "42804")) {
                throw new PgSwapException(ExitCode.REFUSED, "the key columns' types are not comparable: "
                        + f.displayName() + "(" + types(args.columns(), f) + ") cannot reference " + refName + "("
                        + String.join(", ", args.referencedColumns()) + ") (" + PgErrors.message(e) + "). Nothing was "
                        + "changed; change a column's type first (pgswap alter)", e, e.getSQLState());
            }
            if (PgErrors.isUserSqlError(e)) {
                throw new PgSwapException(ExitCode.REFUSED, "PostgreSQL would not add this foreign key: "
                        + PgErrors.message(e) + ". Nothing was changed", e, e.getSQLState());
            }
            throw e;
        }
    }

    private static String types(List<String> columns, TableFacts f) {
        return columns.stream().map(c -> c + " " + f.column(c).map(Column::type).orElse("?"))
                .collect(Collectors.joining(", "));
    }

    static String addStatement(Args args, String table, String refTable, String name) {
        return "ALTER TABLE " + table + " ADD CONSTRAINT " + Sql.ident(name) + " FOREIGN KEY ("
                + Sql.identList(args.columns()) + ") REFERENCES " + refTable + " (" + Sql.identList(args.referencedColumns())
                + ")" + (args.onDelete() == null ? "" : " ON DELETE " + args.onDelete())
                + (args.onUpdate() == null ? "" : " ON UPDATE " + args.onUpdate()) + " NOT VALID";
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Connection readOnly) throws SQLException {
        List<Plan.Finding> out = new ArrayList<>();
        if (!ForeignKeyIndex.indexed(args.columns(), f)) {
            if (!args.withIndex()) {
                out.add(Plan.Finding.warning(ForeignKeyIndex.warning(args, f, referencedName(args))));
            } else if (args.index() != null) {
                out.addAll(IndexBuild.waits(readOnly, f));
            }
        }
        if (args.referencedColumns().size() == args.columns().size()) {
            out.addAll(ViolationSample.findings(readOnly, f, ForeignKeyCheck.orphan(args, referenced(args)), "s",
                    "the foreign key (" + String.join(", ", args.columns()) + ") -> " + referencedName(args) + "("
                    + String.join(", ", args.referencedColumns()) + ")", "SELECT s.*"
                    + ForeignKeyCheck.orphanRows(args, f, f.qualifiedName(), referenced(args))));
        }
        return out;
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        String plain = addStatement(args, f.qualifiedName(), referenced(args), constraintName(args, f));
        plain = plain.substring(0, plain.length() - " NOT VALID".length());
        return List.of(new Plan.Alternative("plain ALTER TABLE ... ADD FOREIGN KEY", List.of(plain),
                "checks every existing row while holding SHARE ROW EXCLUSIVE on both tables: writes to both wait about "
                        + Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.SCAN_BYTES_PER_SECOND).toMillis()
                        + " ms or longer (longer behind any long transaction)"));
    }

    @Override
    public Recipe recipe(Args args, TableFacts f, Names n) {
        String t = f.qualifiedName();
        String r = referenced(args);
        String name = constraintName(args, f);
        boolean self = r.equals(t);
        List<LockUse> add = self ? List.of(new LockUse(t, LockLevel.SHARE_ROW_EXCLUSIVE))
                : List.of(new LockUse(t, LockLevel.SHARE_ROW_EXCLUSIVE), new LockUse(r, LockLevel.SHARE_ROW_EXCLUSIVE));
        List<LockUse> drop = self ? List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE))
                : List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE), new LockUse(r, LockLevel.ACCESS_EXCLUSIVE));
        List<LockUse> validate = self ? List.of(new LockUse(t, LockLevel.SHARE_UPDATE_EXCLUSIVE))
                : List.of(new LockUse(t, LockLevel.SHARE_UPDATE_EXCLUSIVE), new LockUse(r, LockLevel.ROW_SHARE));
        Statement exists = Statement.of("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) "
                + "AND conname = ? AND contype = 'f')", t, name);
        Statement valid = Statement.of("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) "
                + "AND conname = ? AND contype = 'f' AND convalidated)", t, name);
        InPlaceStep addStep = new InPlaceStep("add", "add the foreign key NOT VALID: from now on every new or updated "
                + "row is checked, existing rows are not", InPlaceStep.Kind.DDL,
                List.of(Statement.of("LOCK TABLE " + t + " IN SHARE ROW EXCLUSIVE MODE"),
                        Statement.of(addStatement(args, t, r, name))), add, exists,
                new InPlaceStep.Undo(List.of(Statement.of("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS "
                        + Sql.ident(name))), drop, true),
                "NOT VALID foreign key " + name + " on " + f.displayName(), Duration.ofMillis(20),
                "SHARE ROW EXCLUSIVE on both tables (writes wait, reads go on) for milliseconds, taken in "
                        + "PostgreSQL's own order (" + f.displayName() + " first); each request waits at most "
                        + "--lock-timeout, the pair is retried as one attempt, and it is not requested while a long "
                        + "transaction holds either table", null);
        InPlaceStep validateStep = new InPlaceStep("validate", "validate the foreign key: check the existing rows "
                + "while reads and writes go on", InPlaceStep.Kind.DDL,
                List.of(Statement.of("ALTER TABLE " + t + " VALIDATE CONSTRAINT " + Sql.ident(name))), validate, valid,
                InPlaceStep.Undo.NONE, null, Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.SCAN_BYTES_PER_SECOND),
                "SHARE UPDATE EXCLUSIVE on " + f.displayName() + " and ROW SHARE on " + referencedName(args)
                        + " block only other schema changes and VACUUM, not reads or writes",
                (c, e) -> new ForeignKeyCheck(f, args, 0, referencedName(args), name).violations(c, e, t, r));
        List<InPlaceStep> steps = new ArrayList<>();
        if (args.withIndex()) {
            String index = java.util.Objects.requireNonNull(args.index(), "the index name is resolved before the recipe");
            steps.add(IndexBuild.buildStep(f, index, ForeignKeyIndex.create(args, index, t, true), "build the index " + index
                    + " on (" + String.join(", ", args.columns()) + ") with CREATE INDEX CONCURRENTLY, so that "
                    + "deletes on " + referencedName(args) + " do not scan " + f.displayName(), null));
        }
        steps.add(addStep);
        steps.add(validateStep);
        return new InPlaceRecipe("a foreign key is added NOT VALID and validated separately (no copy needed)"
                + (args.withIndex() ? ", after its index is built CONCURRENTLY" : ""), steps);
    }
}
