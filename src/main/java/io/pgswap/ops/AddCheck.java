package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
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
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.sql.UserSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * add-check: a CHECK constraint without a long lock. {@code ADD CONSTRAINT ... NOT VALID} takes
 * ACCESS EXCLUSIVE for milliseconds (bounded, retried); {@code VALIDATE CONSTRAINT} then scans
 * under SHARE UPDATE EXCLUSIVE while reads and writes go on.
 */
public final class AddCheck implements Operation<AddCheck.Args> {
    public record Args(Target table, String name, String expression) {
    }

    @CommandLine.Command(name = "add-check",
            description = {"Add a CHECK constraint without blocking reads or writes while it is validated.",
            "",
            "The constraint is added NOT VALID (a lock of milliseconds, bounded by --lock-timeout and "
                    + "retried), then validated while the application keeps working. Rows that violate it stop the run "
                    + "with their count and sample keys; the constraint then stays NOT VALID and checks every new "
                    + "write."},
            footer = {"", "Examples:",
                "  pgswap add-check orders.amount_positive 'amount > 0' --dry-run",
                "  pgswap add-check sales.orders.status_known \"status IN ('new', 'paid', 'shipped')\""})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE.NAME",
                description = "The table and the name of the new constraint.")
        String target;

        @CommandLine.Parameters(index = "1", paramLabel = "EXPR",
                description = "The CHECK expression, as in CHECK (EXPR); the server checks it before anything is created.")
        String expression;

        @Override
        public Args args() {
            Target.Qualified q = Target.parseWithName(target, "NAME");
            try {
                return new Args(q.table(), q.name(), UserSql.fragment(expression, "the CHECK expression"));
            } catch (IllegalArgumentException e) {
                throw PgSwapException.usage(e.getMessage());
            }
        }
    }

    @Override
    public String name() {
        return "add-check";
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
        return Set.of();
    }

    @Override
    public Target target(Args args) {
        return args.table();
    }

    @Override
    public String describe(Args args) {
        return "add-check " + args.name() + " " + Sql.literal(args.expression());
    }

    @Override
    public void check(Args args, TableFacts f) {
        if (f.relkind() != 'r' && f.relkind() != 'p') {
            throw PgSwapException.refused(f.displayName() + " is not a table; CHECK constraints go on tables");
        }
    }

    /**
     * The server parses the expression as a CHECK constraint on an empty copy of the table (a
     * scratch transaction, rolled back), which also gives its normal form; a constraint of that
     * name that exists already is compared in that form.
     */
    @Override
    public void checkOnServer(Args args, TableFacts f, Probe server) throws SQLException {
        String normal;
        try {
            normal = server.scratch(tx -> {
                Tx.execute(tx, List.of("CREATE TEMP TABLE pgswap_check_probe (LIKE " + f.qualifiedName()
                                + " INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY) ON COMMIT DROP",
                        "ALTER TABLE pgswap_check_probe ADD CONSTRAINT " + Sql.ident(args.name()) + " CHECK ("
                                + args.expression() + ") NOT VALID"));
                return Rows.string(tx, Statement.of("""
                        SELECT regexp_replace(pg_get_constraintdef(oid), ' NOT VALID$', '')
                        FROM pg_constraint WHERE conrelid = 'pg_temp.pgswap_check_probe'::regclass AND conname = ?""",
                        args.name()));
            });
        } catch (SQLException e) {
            if (PgErrors.isUserSqlError(e)) {
                throw new PgSwapException(ExitCode.REFUSED, "the CHECK expression is not valid for " + f.displayName()
                        + ": " + PgErrors.message(e) + ". Nothing was changed", e, e.getSQLState());
            }
            throw e;
        }
        Optional<String[]> existing = Rows.first(server.readOnly(), Statement.of("""
                SELECT k.contype, regexp_replace(pg_get_constraintdef(k.oid), ' NOT VALID$', ''), k.convalidated
                FROM pg_constraint k WHERE k.conrelid = ?::oid AND k.conname = ?""", f.oid(), args.name()),
                rs -> new String[] {rs.getString(1), rs.getString(2), String.valueOf(rs.getBoolean(3))});
        if (existing.isPresent()) {
            String[] e = existing.get();
            if (!"c".equals(e[0]) || !normal.equals(e[1])) {
                throw PgSwapException.refused(f.displayName() + " already has a constraint named " + args.name() + ": "
                        + e[1] + "; choose another name, or drop that constraint first");
            }
            if (Boolean.parseBoolean(e[2])) {
                throw PgSwapException.nothingToDo(f.displayName() + " already has the valid constraint " + args.name()
                        + " " + e[1] + "; nothing to do");
            }
        }
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Connection readOnly) throws SQLException {
        return ViolationSample.findings(readOnly, f, "NOT coalesce((" + args.expression() + "), true)", null,
                "CHECK (" + args.expression() + ")", "SELECT *" + violating(args, f));
    }

    /** " FROM ... WHERE ...": the rows the constraint rejects. */
    private static String violating(Args args, TableFacts f) {
        return " FROM " + (f.relkind() == 'p' ? "" : "ONLY ") + f.qualifiedName() + " WHERE NOT coalesce(("
                + args.expression() + "), true)";
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        return List.of(new Plan.Alternative("plain ALTER TABLE ... ADD CONSTRAINT ... CHECK",
                List.of(add(args, f, false)),
                "scans the whole table under ACCESS EXCLUSIVE: every read and write waits about "
                        + Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.SCAN_BYTES_PER_SECOND).toMillis()
                        + " ms (longer behind any long transaction)"));
    }

    private static String add(Args args, TableFacts f, boolean notValid) {
        return "ALTER TABLE " + f.qualifiedName() + " ADD CONSTRAINT " + Sql.ident(args.name()) + " CHECK ("
                + args.expression() + ")" + (notValid ? " NOT VALID" : "");
    }

    @Override
    public Recipe recipe(Args args, TableFacts f, Names names) {
        String t = f.qualifiedName();
        String c = Sql.ident(args.name());
        Statement exists = Statement.of("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) "
                + "AND conname = ? AND contype = 'c')", t, args.name());
        Statement valid = Statement.of("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) "
                + "AND conname = ? AND contype = 'c' AND convalidated)", t, args.name());
        Duration scan = Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.SCAN_BYTES_PER_SECOND);
        InPlaceStep addStep = new InPlaceStep("add", "add the constraint NOT VALID: from now on every new or updated "
                + "row is checked, existing rows are not", InPlaceStep.Kind.DDL, List.of(Statement.of(add(args, f, true))),
                List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE)), exists,
                new InPlaceStep.Undo(List.of(Statement.of("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + c)),
                        List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE)), true),
                "NOT VALID CHECK constraint " + args.name() + " on " + f.displayName(), Duration.ofMillis(20),
                "lock held for milliseconds; each request waits at most --lock-timeout, is retried, and is not "
                        + "made "
                        + "while a long transaction holds the table", null);
        InPlaceStep validateStep = new InPlaceStep("validate", "validate the constraint: scan the existing rows "
                + "while reads and writes go on", InPlaceStep.Kind.DDL,
                List.of(Statement.of("ALTER TABLE " + t + " VALIDATE CONSTRAINT " + c)),
                List.of(new LockUse(t, LockLevel.SHARE_UPDATE_EXCLUSIVE)), valid, InPlaceStep.Undo.NONE, null, scan,
                "SHARE UPDATE EXCLUSIVE blocks only other schema changes and VACUUM, not reads or writes",
                (conn, e) -> violations(conn, e, args, f));
        return new InPlaceRecipe("a CHECK constraint is added NOT VALID and validated separately (no copy needed)",
                List.of(addStep, validateStep));
    }

    /** Rows that violate the new constraint: their count and up to 10 sample keys. */
    private static PgSwapException violations(Connection c, SQLException e, Args args, TableFacts f)
            throws SQLException {
        if (!PgErrors.is(e, PgErrors.CHECK_VIOLATION)) {
            return null;
        }
        String where = violating(args, f);
        long count = Rows.longValue(c, Statement.of("SELECT count(*)" + where));
        String keys = f.key().map(k -> String.join(", ", k.keyColumns().stream().map(Sql::ident).toList()))
                .orElse("ctid");
        List<String> samples = Rows.strings(c, Statement.of("SELECT (" + keys + ")::text" + where + " ORDER BY "
                + keys + " LIMIT 10"));
        String keyNames = f.key().map(k -> String.join(", ", k.keyColumns())).orElse("ctid");
        return new PgSwapException(ExitCode.FAILED, count + " row(s) of " + f.displayName() + " violate CHECK ("
                + args.expression() + "), e.g. " + keyNames + " = " + String.join("; ", samples) + ". The constraint "
                + args.name() + " stays NOT VALID, so new and updated rows are checked. Fix those rows (SELECT *"
                + where + ") and run the same command again to validate, or 'pgswap abort " + f.displayName()
                + "' to remove what pgswap added (the constraint, unless it was there before)", e, e.getSQLState());
    }
}
