package io.pgswap.ops;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Target;
import io.pgswap.db.Rows;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.recipe.Recipe;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * reindex: REINDEX INDEX CONCURRENTLY, one index at a time, each its own step (the TOAST table's
 * index last, when the role may name it in schema pg_toast). The leftovers of
 * an interrupted REINDEX CONCURRENTLY ({@code name_ccnew}: the unfinished new copy, dropped and
 * the index rebuilt; {@code name_ccold}: the old copy, dropped) are cleaned up, and an INVALID
 * index is rebuilt like any other (fixing it is the point). Each index's size is reported before
 * and after.
 */
public final class Reindex implements Operation<Reindex.Args> {
    private static final Pattern LEFTOVER = Pattern.compile("^(.*)_cc(new|old)[0-9]*$");

    /** @param index only this index (null: every index of the table); @param invalidOnly only INVALID ones */
    public record Args(Target table, String index, boolean invalidOnly) {
    }

    @CommandLine.Command(name = "reindex",
            description = {"Rebuild a table's indexes without blocking writes: REINDEX INDEX CONCURRENTLY, one at a time.",
            "",
            "Each index is rebuilt under SHARE UPDATE EXCLUSIVE, which blocks no reads or writes; the first lock "
                    + "request waits at most --lock-timeout and is retried, the waits for older transactions are "
                    + "bounded by --wait-timeout. INVALID indexes (a failed CREATE INDEX CONCURRENTLY) are rebuilt too, "
                    + "and the leftovers of an interrupted REINDEX CONCURRENTLY (*_ccnew, *_ccold) are dropped. The "
                    + "TOAST table's index is rebuilt last when the role may name it (a superuser). Each index's size "
                    + "is reported before and after."},
            footer = {"", "Examples:",
                "  pgswap reindex orders --dry-run",
                "  pgswap reindex orders --index orders_customer_id_idx",
                "  pgswap reindex sales.orders --invalid-only"})
    static final class Cli implements Command<Args> {
        @CommandLine.Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE", description = "The table whose indexes to rebuild.")
        String table;

        @CommandLine.Option(names = "--index", paramLabel = "NAME", description = "Rebuild only this index of the table.")
        String index;

        @CommandLine.Option(names = "--invalid-only", description = "Rebuild only the INVALID indexes (and those an "
                + "interrupted REINDEX left copies of).")
        boolean invalidOnly;

        @Override
        public Args args() {
            String name = null;
            if (index != null) {
                name = IndexBuild.identifier(index, "--index " + index);
                if (name == null) {
                    throw PgSwapException.usage("--index takes the name of one of the table's indexes, without a "
                            + "schema (quote it when it has capitals or spaces: '\"My Index\"')");
                }
            }
            return new Args(Target.parse(table), name, invalidOnly);
        }
    }

    @Override
    public String name() {
        return "reindex";
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
        return "reindex" + (args.index() == null ? "" : " --index " + args.index())
                + (args.invalidOnly() ? " --invalid-only" : "");
    }

    /** A copy an interrupted REINDEX CONCURRENTLY left: INVALID, named like one, with the same definition as {@code of}. */
    static boolean leftoverOf(IndexInfo leftover, IndexInfo of) {
        var m = LEFTOVER.matcher(leftover.name());
        return !leftover.valid() && leftover.oid() != of.oid() && m.matches() && of.name().startsWith(m.group(1))
                && leftover.unique() == of.unique() && leftover.definitionTail() != null
                && leftover.definitionTail().equals(of.definitionTail());
    }

    /** An INVALID index named like a REINDEX CONCURRENTLY copy: dropped (with its index rebuilt), never rebuilt itself. */
    private static boolean isLeftover(IndexInfo i) {
        return !i.valid() && LEFTOVER.matcher(i.name()).matches();
    }

    private static boolean hasLeftovers(TableFacts f, IndexInfo of) {
        return f.indexes().stream().anyMatch(l -> isLeftover(l) && leftoverOf(l, of));
    }

    /** The indexes to rebuild, in name order (never a leftover copy itself). */
    static List<IndexInfo> scope(Args args, TableFacts f) {
        return f.indexes().stream()
                .filter(i -> !isLeftover(i))
                .filter(i -> args.index() == null || i.name().equals(args.index()))
                .filter(i -> !args.invalidOnly() || !i.valid() || hasLeftovers(f, i))
                .filter(i -> !exclusion(i))
                .sorted(java.util.Comparator.comparing(IndexInfo::name))
                .toList();
    }

    /** REINDEX CONCURRENTLY cannot rebuild the index of an exclusion constraint. */
    private static boolean exclusion(IndexInfo i) {
        return i.constraintType() != null && i.constraintType() == 'x';
    }

    /** INVALID copies whose index is gone (or has another definition now): only dropped. */
    private static List<IndexInfo> orphans(TableFacts f) {
        return f.indexes().stream().filter(Reindex::isLeftover)
                .filter(i -> f.indexes().stream().noneMatch(of -> leftoverOf(i, of) && !isLeftover(of)))
                .toList();
    }

    @Override
    public void check(Args args, TableFacts f) {
        if (f.relkind() == 'p') {
            return; // each partition is checked on its own (see partitioned)
        }
        Optional<IndexInfo> named = args.index() == null ? Optional.empty() : IndexBuild.named(f, args.index());
        if (args.index() != null && named.isEmpty()) {
            throw PgSwapException.refused(f.displayName() + " has no index named " + args.index()
                    + "; see \\d " + f.displayName());
        }
        if (named.isPresent() && exclusion(named.get())) {
            throw PgSwapException.refused(args.index() + " belongs to an exclusion constraint, which REINDEX "
                    + "CONCURRENTLY cannot rebuild; REINDEX INDEX (it blocks writes) or pgswap repack " + f.displayName());
        }
        if (nothingInScope(args, f) && (args.index() != null || f.toastBytes() == 0)) {
            throw nothingToDo(args, f); // no TOAST table whose index could be in scope
        }
        IndexBuild.checkConcurrently(f, "REINDEX");
    }

    private static boolean nothingInScope(Args args, TableFacts f) {
        return scope(args, f).isEmpty() && (args.index() != null || orphans(f).isEmpty());
    }

    private static PgSwapException nothingToDo(Args args, TableFacts f) {
        return PgSwapException.nothingToDo(f.displayName() + (args.invalidOnly() ? " has no INVALID index" + (
                args.index() == null ? "" : " named " + args.index()) : " has no index to rebuild")
                + "; nothing to do");
    }

    /**
     * A partitioned table: each leaf partition's indexes are rebuilt in turn, one migration each
     * (the partitioned indexes have no storage of their own, so nothing is left to do on the parent).
     */
    @Override
    public Optional<List<io.pgswap.recipe.InPlaceStep>> partitioned(Args args, TableFacts parent) {
        if (args.index() != null) {
            throw PgSwapException.refused(parent.displayName() + " is partitioned and --index names one index: name "
                    + "the partition with its own index (pgswap reindex PARTITION --index INDEX), or leave --index out "
                    + "to rebuild the indexes of every partition in turn");
        }
        return Optional.of(List.of());
    }

    /**
     * The index of the table's TOAST table, which REINDEX TABLE rebuilds too: {@code name} in
     * pg_toast, whether it is valid, whether an interrupted REINDEX left copies of it, and whether
     * this role may name it (only with USAGE on pg_toast, which superusers have).
     */
    record ToastIndex(String schema, String name, long oid, boolean valid, boolean leftovers, boolean nameable,
                      boolean empty) {
        String shown() {
            return QualifiedName.format(schema, name);
        }
    }

    static Optional<ToastIndex> toastIndex(Connection c, TableFacts f) throws SQLException {
        return Rows.first(c, Statement.of("""
                SELECT n.nspname, x.relname, x.oid, i.indisvalid,
                       EXISTS (SELECT 1 FROM pg_index l JOIN pg_class lc ON lc.oid = l.indexrelid
                               WHERE l.indrelid = i.indrelid AND NOT l.indisvalid
                                 AND lc.relname ~ '_cc(new|old)[0-9]*$' AND starts_with(lc.relname, x.relname)),
                       has_schema_privilege(n.oid, 'USAGE'), pg_relation_size(t.reltoastrelid) = 0
                FROM pg_class t
                JOIN pg_index i ON i.indrelid = t.reltoastrelid
                JOIN pg_class x ON x.oid = i.indexrelid
                JOIN pg_namespace n ON n.oid = x.relnamespace
                WHERE t.oid = CAST(? AS oid) AND t.reltoastrelid <> 0 AND x.relname !~ '_cc(new|old)[0-9]*$'
                ORDER BY x.relname LIMIT 1""", f.oid()), rs -> new ToastIndex(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7)));
    }

    /**
     * The TOAST index when this run rebuilds it: every index asked for (or only INVALID ones and it is
     * one), unless its TOAST table holds nothing (a valid index of an empty table has nothing to shed).
     */
    private static Optional<ToastIndex> toastInScope(Args args, TableFacts f, Connection c) throws SQLException {
        if (args.index() != null || f.relkind() == 'p') {
            return Optional.empty();
        }
        return toastIndex(c, f).filter(t -> !t.valid() || t.leftovers() || !args.invalidOnly() && !t.empty());
    }

    @Override
    public List<Plan.Finding> findings(Args args, TableFacts f, Connection readOnly) throws SQLException {
        List<Plan.Finding> out = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        for (IndexInfo i : scope(args, f)) {
            sizes.add(i.name() + " " + Rows.string(readOnly, Statement.of("SELECT pg_size_pretty(pg_relation_size(CAST(? AS "
                    + "oid)))", i.oid())) + (i.valid() ? "" : " (INVALID)") + (hasLeftovers(f, i) ? " (an interrupted "
                    + "REINDEX left copies of it: dropped first)" : ""));
        }
        Optional<ToastIndex> toast = toastInScope(args, f, readOnly);
        if (toast.isPresent() && toast.get().nameable()) {
            ToastIndex t = toast.get();
            sizes.add(t.shown() + " (the TOAST index) " + Rows.string(readOnly, Statement.of("SELECT pg_size_pretty("
                    + "pg_relation_size(CAST(? AS oid)))", t.oid())) + (t.valid() ? "" : " (INVALID)"));
        } else if (toast.isPresent()) {
            out.add(Plan.Finding.warning("the TOAST index " + toast.get().shown() + " is not rebuilt: only a role with "
                    + "USAGE on schema pg_toast (a superuser) can name it; REINDEX TABLE CONCURRENTLY " + f.qualifiedName()
                    + " rebuilds it with every other index"));
        }
        out.add(Plan.Finding.info("sizes now: " + String.join(", ", sizes)));
        f.indexes().stream().filter(Reindex::exclusion).filter(i -> args.index() == null).forEach(i -> out.add(
                Plan.Finding.warning(i.name() + " belongs to an exclusion constraint, which REINDEX CONCURRENTLY "
                        + "cannot rebuild: skipped")));
        out.addAll(IndexBuild.waits(readOnly, f));
        return out;
    }

    @Override
    public List<Plan.Alternative> alternatives(Args args, TableFacts f) {
        List<String> sql = scope(args, f).stream().map(i -> "REINDEX INDEX " + Sql.qualified(f.schema(), i.name()))
                .toList();
        return List.of(new Plan.Alternative("plain REINDEX", sql, "takes SHARE on " + f.displayName() + " (every write "
                        + "waits) and ACCESS EXCLUSIVE on each index (every read that would use it waits), about "
                        + Estimates.of(f.indexBytes() + f.heapBytes(), Estimates.INDEX_BYTES_PER_SECOND).toMillis()
                        + " ms here"),
                new Plan.Alternative("pg_repack --only-indexes", List.of("pg_repack --only-indexes --table "
                        + f.displayName()), "builds each index CONCURRENTLY and swaps it in under a brief ACCESS "
                        + "EXCLUSIVE; needs the pg_repack extension"));
    }

    /** The recipe and, when this role can name it, the TOAST index's own step last; nothing to do without steps. */
    @Override
    public Recipe recipe(Args args, TableFacts f, Names names, io.pgswap.core.Probe server) throws SQLException {
        Optional<ToastIndex> toast = toastInScope(args, f, server.readOnly()).filter(ToastIndex::nameable);
        if (f.relkind() != 'p' && nothingInScope(args, f) && toast.isEmpty()) {
            throw nothingToDo(args, f); // the TOAST index was the only one left, and this run does not rebuild it
        }
        return recipe(args, f, toast.map(ToastIndex::name).orElse(null), toast.map(ToastIndex::valid).orElse(true));
    }

    /**
     * Without the server (abort reads which steps a run had): the TOAST index under the name
     * PostgreSQL gives it, only when no other index is in scope (a reindex has nothing to undo).
     */
    @Override
    public Recipe recipe(Args args, TableFacts f, Names names) {
        boolean toastOnly = scope(args, f).isEmpty() && orphans(f).isEmpty() && args.index() == null;
        return recipe(args, f, toastOnly && f.toastBytes() > 0 ? "pg_toast_" + f.oid() + "_index" : null, true);
    }

    /**
     * One index's step. Its undo drops the copies an interrupted rebuild left ({@code name_ccnew},
     * INVALID but kept up to date by every write): abort reads the table again, so they are the ones
     * there at that time.
     */
    private static InPlaceStep reindexStep(TableFacts f, String index, String schema, boolean valid, String what) {
        List<Statement> drops = f.indexes().stream().filter(Reindex::isLeftover)
                .filter(l -> f.indexes().stream().anyMatch(i -> i.name().equals(index) && leftoverOf(l, i)))
                .map(l -> Statement.of("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(schema, l.name())))
                .toList();
        InPlaceStep.Undo undo = drops.isEmpty() ? InPlaceStep.Undo.NONE : new InPlaceStep.Undo(drops,
                List.of(new LockUse(f.qualifiedName(), LockLevel.SHARE_UPDATE_EXCLUSIVE)), false);
        return new InPlaceStep("reindex " + index, "rebuild " + index + what + (valid ? "" : " (INVALID)")
                + " with REINDEX INDEX CONCURRENTLY: a new copy is built while reads and writes go on, then swapped "
                + "in", InPlaceStep.Kind.CONCURRENT, List.of(Statement.of("REINDEX INDEX CONCURRENTLY "
                + Sql.qualified(schema, index))), List.of(new LockUse(f.qualifiedName(),
                LockLevel.SHARE_UPDATE_EXCLUSIVE)), null, undo, null,
                IndexBuild.buildEstimate(f), IndexBuild.NOTE.replace("an INVALID leftover of the same name is "
                + "dropped first", "copies an interrupted REINDEX left are dropped first"), null);
    }

    /** {@code toast}: the TOAST index this run rebuilds last, or null. */
    private static Recipe recipe(Args args, TableFacts f, String toast, boolean toastValid) {
        String t = f.qualifiedName();
        List<LockUse> locks = List.of(new LockUse(t, LockLevel.SHARE_UPDATE_EXCLUSIVE));
        List<InPlaceStep> steps = new ArrayList<>();
        List<IndexInfo> orphans = args.index() == null ? orphans(f) : List.of();
        if (!orphans.isEmpty()) {
            steps.add(new InPlaceStep("drop-leftovers", "drop INVALID copies an interrupted REINDEX CONCURRENTLY left "
                    + "of indexes that are gone: " + String.join(", ", orphans.stream().map(IndexInfo::name).toList()),
                    InPlaceStep.Kind.CONCURRENT, orphans.stream().map(i -> Statement.of("DROP INDEX CONCURRENTLY IF "
                    + "EXISTS " + Sql.qualified(f.schema(), i.name()))).toList(), locks, Statement.of("SELECT NOT EXISTS "
                    + "(SELECT 1 FROM pg_index WHERE indexrelid = ANY(CAST(? AS oid[])))", orphans.stream()
                    .map(i -> String.valueOf(i.oid())).collect(java.util.stream.Collectors.joining(",", "{", "}"))),
                    InPlaceStep.Undo.NONE, null, java.time.Duration.ofMillis(100), IndexBuild.NOTE, null));
        }
        for (IndexInfo i : scope(args, f)) {
            steps.add(reindexStep(f, i.name(), f.schema(), i.valid(), ""));
        }
        if (toast != null) {
            steps.add(reindexStep(f, toast, "pg_toast", toastValid, " (the TOAST index, where long values are found)"));
        }
        return new InPlaceRecipe("indexes are rebuilt CONCURRENTLY on the table itself, one at a time (no copy of the "
                + "table)", steps);
    }
}
