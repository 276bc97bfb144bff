package io.pgswap.ops;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.SequenceLink;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Probe;
import io.pgswap.core.Target;
import io.pgswap.ops.AlterSubcommands.Subcommand;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.recipe.Recipe;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * alter: any ALTER TABLE that rewrites the table, online. The user's subcommands are applied to
 * the empty shadow right after it is created; the column mapping is then derived by comparing
 * the shadow with the original (same-name columns copied, through their USING expression when
 * they have one; dropped columns left out; added ones get their default, per row, in the copy and
 * in the replay). The server is asked what a plain ALTER would do on its version: when nothing in
 * the request rewrites, scans or rebuilds, the plain ALTER runs under the bounded lock instead
 * (unless --force-swap).
 */
public final class Alter implements Operation<Alter.Args> {
    /** {@code using}: "COLUMN=EXPR" as given; {@code forceSwap}: copy even when a plain ALTER would not rewrite. */
    /**
     * @param settled what the server settled at the start: the value each added column's non-volatile
     *                default gives the existing rows (see {@link AlterDefaults}); null before that. Like
     *                every {@code settled}, not part of what makes a re-run the same request.
     */
    public record Args(Target table, String subcommands, List<String> using, boolean forceSwap,
                       Map<String, String> settled) {
        public Args {
            using = using == null ? List.of() : List.copyOf(using);
            settled = settled == null ? null : Map.copyOf(settled);
        }

        public Args(Target table, String subcommands, List<String> using, boolean forceSwap) {
            this(table, subcommands, using, forceSwap, null);
        }
    }

    @CommandLine.Command(name = "alter",
            description = {"Run ALTER TABLE subcommands that rewrite the table (column types, the key's too) without "
                    + "blocking it.",
            "",
            "Supported: ALTER COLUMN ... TYPE ... [USING ...], ADD COLUMN (volatile defaults too), DROP COLUMN, "
                    + "ALTER COLUMN ... SET/DROP DEFAULT and SET/DROP NOT NULL, ADD CONSTRAINT ... CHECK, several at "
                    + "once. The subcommands are applied to an empty shadow table, the rows are copied into it through each column's "
                    + "cast or USING expression while writes are captured and replayed, and the shadow is swapped in "
                    + "within one short ACCESS EXCLUSIVE lock. Before anything is created the server checks the "
                    + "subcommands and says, per subcommand, whether a plain ALTER would rewrite the table, scan it, or "
                    + "only change the catalog on its version; when nothing needs more than the catalog, the plain "
                    + "ALTER runs under a bounded lock instead of a copy. Identity and serial sequences follow an "
                    + "integer type change; views and foreign keys on a retyped column are carried through when the "
                    + "server accepts them on the new types, else the run is refused naming them. A value that does "
                    + "not convert stops the run before the swap (exit 1) with the server's message and the key of "
                    + "such a row."},
            footer = {"", "Examples:",
                "  pgswap alter orders 'ALTER COLUMN id TYPE bigint' --dry-run",
                "  pgswap alter orders 'ALTER COLUMN id TYPE bigint, ALTER COLUMN amount TYPE numeric(14,2)'",
                "  pgswap alter sales.orders 'ALTER COLUMN cents TYPE bigint' --using 'cents=round(amount * 100)'",
                "  pgswap alter orders 'ADD COLUMN token uuid DEFAULT gen_random_uuid()'"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE", description = "The table to change.")
        String table;

        @CommandLine.Parameters(index = "1", paramLabel = "SUBCOMMANDS",
                description = "What follows ALTER TABLE name, e.g. 'ALTER COLUMN id TYPE bigint, DROP COLUMN note' "
                        + "(comma-separated subcommands; the server checks them before anything is created).")
        String subcommands;

        @CommandLine.Option(names = "--using", paramLabel = "COLUMN=EXPR",
                description = "The expression that gives a retyped column its new value, over the table's columns "
                        + "(the same as USING EXPR in its ALTER COLUMN ... TYPE); repeatable.")
        List<String> using = new ArrayList<>();

        @CommandLine.Option(names = "--force-swap",
                description = "Copy and swap even when a plain ALTER would only change the catalog (to reclaim the "
                        + "space of dropped columns, say).")
        boolean forceSwap;

        @Override
        public Args args() {
            Args a = new Args(Target.parse(table), subcommands, using, forceSwap);
            AlterSubcommands.parse(a.subcommands(), a.using()); // usage errors and refusals before connecting
            return a;
        }
    }

    @Override
    public String name() {
        return "alter";
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
        return "alter " + Sql.literal(args.subcommands())
                + args.using().stream().map(u -> " --using " + Sql.literal(u)).collect(Collectors.joining())
                + (args.forceSwap() ? " --force-swap" : "");
    }

    @Override
    public void check(Args args, TableFacts f) {
        if (f.relkind() == 'p') {
            throw PgSwapException.refused(f.displayName() + " is a partitioned table; pgswap alter changes ordinary "
                    + "tables and single partitions only");
        }
        AlterSubcommands.parse(args.subcommands(), args.using());
    }

    /** What the data would make the run fail at (NULLs under a SET NOT NULL); a dry run shows it as an error. */
    @Override
    public void checkOnServer(Args args, TableFacts f, Probe server) throws SQLException {
        AlterChecks.nulls(f, AlterSubcommands.parse(args.subcommands(), args.using()), server);
    }

    /** The statements that give a table (the shadow, or a scratch copy) the new definition. */
    static SwapRecipe.Change change(TableFacts f, List<Subcommand> subs) {
        String list = subs.stream().map(Subcommand::text).collect(Collectors.joining(", "));
        return table -> List.of(Statement.of("ALTER TABLE " + table + " " + list), renameConstraints(table, f.name()));
    }

    /**
     * Constraints the subcommands create without a name (a CHECK, PostgreSQL 18's NOT NULL) are
     * named by the server after the table they are made on: on the shadow they get the name they
     * would have got on the table. A CHECK is named as PostgreSQL names it
     * ({@link io.pgswap.sql.ChosenName}): the table's name and the one column it uses (if just one)
     * cut to 63 bytes, then {@code check}, numbered past the names the schema's constraints have
     * ({@code orders_qty_check1}); a NOT NULL takes the original's prefix in place of the shadow's.
     */
    static Statement renameConstraints(String table, String original) {
        String body = """
                DECLARE
                  t regclass := CAST(%1$s AS regclass);
                  ns oid := (SELECT relnamespace FROM pg_class WHERE oid = CAST(%1$s AS regclass));
                  prefix text := (SELECT relname FROM pg_class WHERE oid = CAST(%1$s AS regclass)) || '_';
                  c record;
                  col text;
                  label text;
                  pass int;
                  target text;
                  na int;
                  nb int;
                  avail int;
                  a text;
                  b text;
                BEGIN
                  FOR c IN SELECT conname, contype, conkey FROM pg_constraint
                           WHERE conrelid = t AND contype IN ('c', 'n') AND starts_with(conname, prefix)
                           ORDER BY oid LOOP
                    IF c.contype = 'n' THEN
                      target := %2$s || '_' || substr(c.conname, length(prefix) + 1);
                    ELSE
                      col := CASE WHEN cardinality(c.conkey) = 1 THEN (SELECT attname FROM pg_attribute
                                  WHERE attrelid = t AND attnum = c.conkey[1]) END;
                      pass := 0;
                      LOOP
                        label := 'check' || CASE WHEN pass > 0 THEN pass::text ELSE '' END;
                        avail := 63 - octet_length(label) - 1 - CASE WHEN col IS NULL THEN 0 ELSE 1 END;
                        na := octet_length(%2$s);
                        nb := coalesce(octet_length(col), 0);
                        WHILE na + nb > avail LOOP
                          IF na > nb THEN na := na - 1; ELSE nb := nb - 1; END IF;
                        END LOOP;
                        a := left(%2$s, na);
                        WHILE octet_length(a) > na LOOP a := left(a, -1); END LOOP;
                        b := left(col, nb);
                        WHILE octet_length(b) > nb LOOP b := left(b, -1); END LOOP;
                        target := a || coalesce('_' || b, '') || '_' || label;
                        EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_constraint WHERE connamespace = ns AND conname = target);
                        pass := pass + 1;
                      END LOOP;
                    END IF;
                    IF target <> c.conname THEN
                      EXECUTE format('ALTER TABLE %%s RENAME CONSTRAINT %%I TO %%I', t, c.conname, target);
                    END IF;
                  END LOOP;
                END
                """.formatted(Sql.literal(table), Sql.literal(original));
        String tag = "$pgswap$";
        for (int i = 1; body.contains(tag); i++) {
            tag = "$pgswap_" + i + "$";
        }
        return Statement.of("DO " + tag + "\n" + body + tag);
    }

    /**
     * How the shadow's columns are filled: USING expressions for the columns that have one, an added
     * column whose default is not volatile with the value it had at the start, else as they are.
     */
    static SwapRecipe.Mapping mapping(List<Subcommand> subs, Map<String, String> defaults) {
        Map<String, String> using = new java.util.HashMap<>();
        subs.stream().filter(s -> s.using() != null).forEach(s -> using.put(s.column(), s.using()));
        Map<String, String> once = defaults == null ? Map.of() : defaults;
        return SwapRecipe.copyColumns((source, target) -> source != null && using.containsKey(target.name())
                ? Statement.of("(" + using.get(target.name()) + ")") : source == null && once.containsKey(target.name())
                ? Statement.of("CAST(? AS " + target.type() + ")", once.get(target.name())) : null);
    }

    /** The value of each added column's non-volatile default, once, at the start (a dry run shows it too). */
    @Override
    public Args resolve(Args args, TableFacts f, Probe server) throws SQLException {
        List<Subcommand> subs = AlterSubcommands.parse(args.subcommands(), args.using());
        if (args.settled() != null || subs.stream().noneMatch(s -> s.kind() == AlterSubcommands.Kind.ADD_COLUMN)) {
            return args;
        }
        try {
            return new Args(args.table(), args.subcommands(), args.using(), args.forceSwap(),
                    AlterDefaults.once(f, change(f, subs), server));
        } catch (SQLException e) {
            return args; // the subcommands do not apply (any more): the analysis says why, or the run finishes
        }
    }

    /** Casts back, unless a column is computed by a USING expression that is more than a cast of itself. */
    private static SwapRecipe.Reverse reverse(List<Subcommand> subs) {
        return SwapRecipe.castColumnsBack(subs.stream().filter(s -> s.using() != null
                && AlterChecks.castTarget(s.using(), s.column()) == null).map(Subcommand::column)
                .collect(Collectors.toSet()));
    }

    /** After the swap: the table is the new one, and the recipe only has to describe the finish. */
    @Override
    public Recipe recipe(Args args, TableFacts f, Names names) {
        List<Subcommand> subs = AlterSubcommands.parse(args.subcommands(), args.using());
        return new SwapRecipe("the subcommands are applied to a shadow, which is copied, kept in sync and swapped in",
                change(f, subs), true, mapping(subs, args.settled()), SwapRecipe.Errors.NONE, false, reverse(subs));
    }

    @Override
    public Recipe recipe(Args args, TableFacts f, Names names, Probe server) throws SQLException {
        Request r = analyze(args, f, server);
        if (f.partition() != null && !(r.analysis().retyped().isEmpty() && r.analysis().dropped().isEmpty()
                && r.analysis().added().isEmpty())) {
            throw PgSwapException.refused(f.displayName() + " is a partition of " + f.partition().displayParent()
                    + ": its columns must stay the parent's, so it cannot add, drop or retype a column on its own; "
                    + "change the column on the partitioned table. Nothing was changed");
        }
        List<AlterProbe.Effect> heavy = r.analysis().effects().stream().filter(AlterProbe.Effect::heavy).toList();
        if (heavy.isEmpty() && !r.dependents().needsSwap() && !args.forceSwap()) {
            return inPlace(f, r);
        }
        String why = args.forceSwap() ? "--force-swap: the table is copied into a shadow with the new definition, "
                + "kept in sync and swapped in"
                : !heavy.isEmpty() ? heavy.stream().map(e -> e.sub().text()).collect(Collectors.joining(", "))
                + (heavy.size() == 1 ? " is" : " are") + " more than a catalog change on PostgreSQL " + f.serverMajor()
                + " (see the findings): the table is copied into a shadow with the new definition, kept in sync and "
                + "swapped in, without a long lock"
                : !r.dependents().carried().isEmpty() ? "a plain ALTER would be refused for "
                + String.join(", ", r.dependents().carried()) + ": the swap re-creates them on the new definition"
                : "a plain ALTER would re-create " + String.join(", ", r.dependents().keys()) + " under its lock, "
                + "locking the other table too: the swap re-adds them NOT VALID and validates them afterwards";
        return new SwapRecipe(why, r.change(), true, mapping(r.subs(), args.settled()),
                (e, duringReplay) -> AlterRows.explain(e, duringReplay, f, r.change(), mapping(r.subs(),
                        args.settled()), server),
                false, reverse(r.subs()));
    }

    private static InPlaceRecipe inPlace(TableFacts f, Request r) {
        String t = f.qualifiedName();
        String list = r.subs().stream().map(Subcommand::text).collect(Collectors.joining(", "));
        InPlaceStep step = new InPlaceStep("alter", "run the ALTER TABLE itself: on PostgreSQL " + f.serverMajor()
                + " it only changes the catalog (no rewrite, no scan)", InPlaceStep.Kind.DDL,
                List.of(Statement.of("ALTER TABLE " + t + " " + list)), List.of(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE)),
                null, InPlaceStep.Undo.NONE, null, Duration.ofMillis(20),
                "ACCESS EXCLUSIVE for milliseconds; each request waits at most --lock-timeout, is retried, and is not "
                        + "made while a long transaction holds the table", null);
        return new InPlaceRecipe("nothing in the request rewrites or scans the table on PostgreSQL " + f.serverMajor()
                + " (see the findings), so the plain ALTER TABLE runs under a bounded lock instead of a copy "
                + "(--force-swap copies anyway)", List.of(step));
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Probe server) throws SQLException {
        Request r = analyze(args, f, server);
        List<Plan.Finding> out = new ArrayList<>();
        for (AlterProbe.Effect e : r.analysis().effects()) {
            out.add(Plan.Finding.info(e.sub().label() + ": " + e.describe(f.serverMajor())));
        }
        for (String v : r.dependents().carried()) {
            out.add(Plan.Finding.info(v + " reads a retyped column: the swap re-creates it on the new definition (a "
                    + "plain ALTER TABLE would refuse the type change)"));
        }
        for (SequenceLink s : f.sequences()) {
            String type = r.analysis().retyped().get(s.column());
            if (type != null && Set.of("smallint", "integer", "bigint").contains(type)) {
                out.add(Plan.Finding.info("sequence " + s.name() + " (" + (s.identity() ? "identity" : "serial") + ") of "
                        + s.column() + " follows the column to " + type + (s.identity() ? "" : ", which a plain ALTER "
                        + "TABLE would not do")));
            }
        }
        if (r.analysis().newSequences() > 0) {
            out.add(Plan.Finding.info("the change adds " + r.analysis().newSequences() + " sequence(s) (identity or "
                    + "serial): the copy numbers the rows as it reaches them and the replay numbers again the rows "
                    + "written meanwhile, so every row gets a unique number but not in the order a plain ALTER gives "
                    + "(not without gaps either); the swap names each sequence as PostgreSQL would (TABLE_COLUMN_seq)"));
        }
        if (r.analysis().effects().stream().allMatch(e -> e.work() != AlterProbe.Work.REWRITE
                && e.work() != AlterProbe.Work.UNKNOWN) && r.analysis().heavy()) {
            out.add(Plan.Finding.info("nothing in the request rewrites the table, but a plain ALTER would scan or "
                    + "rebuild under ACCESS EXCLUSIVE; a CHECK can also be added without a copy by pgswap add-check"));
        }
        r.dependents().warnings().forEach(w -> out.add(Plan.Finding.warning(w)));
        return out;
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        Duration rewrite = Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.COPY_BYTES_PER_SECOND)
                .plus(Estimates.of(f.indexBytes(), Estimates.INDEX_BYTES_PER_SECOND));
        return List.of(new Plan.Alternative("plain ALTER TABLE", List.of("ALTER TABLE " + f.qualifiedName() + " "
                + args.subcommands()), "when it rewrites the table (see the findings), every read and write waits "
                + "under ACCESS EXCLUSIVE for about " + Math.max(1, rewrite.toSeconds()) + " s, and longer behind any "
                + "long transaction; a type change under a view, a rule, a trigger or a policy is refused"));
    }

    /** The parsed request and the server's answers about it (see {@link #analyze}). */
    private record Request(List<Subcommand> subs, SwapRecipe.Change change, AlterProbe.Analysis analysis,
                           AlterDependents.Report dependents) {
    }

    /**
     * Parses, asks the server, and refuses what the swap cannot do: nothing to do comes first,
     * then the key (it must survive, and a USING on it must be the plain cast the replay can apply
     * to logged key values), then what depends on the changed columns, then sequences and USING
     * expressions as the copy and the replay will run them.
     */
    private static Request analyze(Args args, TableFacts f, Probe server) throws SQLException {
        List<Subcommand> subs = AlterSubcommands.parse(args.subcommands(), args.using());
        SwapRecipe.Change change = change(f, subs);
        AlterProbe.Analysis a = AlterProbe.analyze(f, subs, change, server);
        AlterChecks.key(f, subs, a, server);
        AlterDependents.Report d = AlterDependents.check(f, subs, a, change, server);
        AlterChecks.sequences(f, a, server);
        AlterChecks.usingInCopy(f, subs, server);
        return new Request(subs, change, a, d);
    }
}
