package io.pgswap.pipeline;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.Dependent;
import io.pgswap.catalog.Grant;
import io.pgswap.catalog.PublicationMember;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.ShellWords;
import io.pgswap.core.SwapOptions;
import io.pgswap.db.Rows;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a swap needs of a table before anything is created: a plain, logged, permanent table with
 * a key to replay by, nothing pointing at it that a rename swap cannot carry over, and the rights
 * to re-create what it re-points. Read only.
 */
public final class SwapPreflight {
    private SwapPreflight() {
    }

    /** Checks on the catalog facts alone; shared by dry runs and real runs. */
    public static void check(TableFacts f, SwapOptions options) {
        check(f, options, java.util.Optional.empty());
    }

    /**
     * {@link #check(TableFacts, SwapOptions)}; {@code withoutKey}: the pgswap command (its arguments)
     * that makes the same change without a replay key, which the refusal of a keyless table names.
     */
    public static void check(TableFacts f, SwapOptions options, java.util.Optional<List<String>> withoutKey) {
        String t = f.displayName();
        switch (f.relkind()) {
            case 'r' -> { }
            case 'p' -> throw PgSwapException.refused(t + " is a partitioned table; pgswap cannot swap a partitioned "
                    + "table yet (its partitions are refused too)");
            case 'v' -> throw PgSwapException.refused(t + " is a view, not a table");
            case 'm' -> throw PgSwapException.refused(t + " is a materialized view, not a table");
            case 'f' -> throw PgSwapException.refused(t + " is a foreign table; change it on its server");
            default -> throw PgSwapException.refused(t + " is not an ordinary table (relkind '" + f.relkind() + "')");
        }
        if (f.partition() != null) {
            PartitionPreflight.check(f);
        }
        if (f.persistence() == 't') {
            throw PgSwapException.refused(t + " is a temporary table; it is visible only to its own session");
        }
        if (f.persistence() == 'u') {
            throw PgSwapException.refused(t + " is UNLOGGED; pgswap migrates only logged tables "
                    + "(an unlogged table can be changed with a plain ALTER TABLE in a quiet moment)");
        }
        if (!f.dependents().isEmpty()) {
            throw PgSwapException.refused("pgswap cannot yet carry these across the swap of " + t + ": "
                    + f.dependents().stream().map(Dependent::toString).collect(Collectors.joining(", "))
                    + ". Nothing was changed");
        }
        if (!f.materializedViews().isEmpty() && !options.rebuildMatviews()) {
            throw PgSwapException.refused("materialized view(s) "
                    + f.materializedViews().stream().map(r -> QualifiedName.format(r.schema(), r.relation()))
                    .collect(Collectors.joining(", ")) + " read " + t + "; the swap can re-point a materialized view "
                    + "only by rebuilding it, and its query then runs while " + t + " is locked. Rerun with "
                    + "--rebuild-matviews to accept that (with --dry-run to see the plan first), or drop and re-create "
                    + "them yourself");
        }
        if (!f.problems().isEmpty()) {
            throw PgSwapException.refused("cannot migrate " + t + ": " + String.join("; ", f.problems()));
        }
        if (f.key().isEmpty()) {
            java.util.Optional<io.pgswap.catalog.IndexInfo> deferred = f.indexes().stream()
                    .filter(i -> i.unique() && i.deferrable()).findFirst();
            if (deferred.isPresent()) {
                throw PgSwapException.refused(t + "'s "
                        + (deferred.get().primary() ? "primary key " : "unique constraint ")
                        + deferred.get().constraintName() + " is DEFERRABLE, so it does not hold inside a transaction "
                        + "(a key may be duplicated until commit), and pgswap cannot replay concurrent changes by it. "
                        + "A unique index on NOT NULL columns that is not deferrable would do (pgswap add-unique " + t
                        + " 'COLUMNS')" + withoutKey.map(argv -> "; the same change in place needs none: "
                        + ShellWords.pgswapCommand(argv)).orElse(""));
            }
            String addKey = "pgswap add-primary-key " + t + " 'COLUMNS'";
            throw PgSwapException.refused("no primary key or unique index on NOT NULL columns on " + t
                    + "; pgswap needs one to replay concurrent changes. " + withoutKey
                    .map(argv -> "The same change in place needs none: " + ShellWords.pgswapCommand(argv)
                            + " (or add a primary key first: " + addKey + ")")
                    .orElse("Add a primary key first (" + addKey + ")"));
        }
    }

    /** Checks that need queries: CREATE on the table's schema and the rights for everything re-pointed. */
    public static void checkOnServer(Connection c, TableFacts f) throws SQLException {
        String me = Rows.string(c, Statement.of("SELECT current_user"));
        if (!Rows.bool(c, Statement.of("SELECT has_schema_privilege(CAST(? AS oid), 'CREATE')",
                Rows.longValue(c, Statement.of("SELECT relnamespace::bigint FROM pg_class WHERE oid = ?::oid", f.oid()))))) {
            throw PgSwapException.refused("role " + me + " cannot create the shadow table in schema " + f.schema()
                    + "; it needs GRANT CREATE ON SCHEMA " + Sql.ident(f.schema()) + " TO " + Sql.ident(me));
        }
        List<String> missing = new ArrayList<>();
        Set<Long> relations = new TreeSet<>();
        f.incomingKeys().forEach(k -> relations.add(k.tableOid()));
        f.rewriteDependents().forEach(r -> relations.add(r.relationOid()));
        relations.remove(f.oid());
        missing.addAll(Rows.list(c, Statement.of("""
                SELECT n.nspname, r.relname, pg_get_userbyid(r.relowner),
                       pg_has_role(current_user, r.relowner, 'USAGE'),
                       r.relkind NOT IN ('v', 'm') OR has_schema_privilege(r.relnamespace, 'CREATE')
                FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
                WHERE r.oid = ANY(CAST(? AS oid[]))
                ORDER BY 1, 2""", c.createArrayOf("bigint", relations.toArray())), rs -> {
            String name = QualifiedName.format(rs.getString(1), rs.getString(2));
            if (!rs.getBoolean(4)) {
                return name + " (owner " + rs.getString(3) + ")";
            }
            return rs.getBoolean(5) ? null : "CREATE on schema " + rs.getString(1) + " (for " + name + ")";
        }).stream().filter(java.util.Objects::nonNull).toList());
        for (PublicationMember p : f.publications()) {
            if (!Rows.bool(c, Statement.of("SELECT pg_has_role(current_user, pubowner, 'USAGE') FROM pg_publication "
                    + "WHERE pubname = ?", p.publication()))) {
                missing.add("publication " + p.publication() + " (owner " + p.owner() + ")");
            }
        }
        Set<String> grantors = new TreeSet<>();
        for (Grant g : f.grants()) {
            if (g.grantor() != null && !g.grantor().equals(f.owner())) {
                grantors.add(g.grantor());
            }
        }
        for (String g : grantors) {
            if (!Rows.bool(c, Statement.of("SELECT pg_has_role(current_user, ?, 'MEMBER')", g))) {
                missing.add("membership in role " + g + " (it granted privileges on " + f.displayName()
                        + "; pgswap grants them as " + g + " again on the new table)");
            }
        }
        if (!missing.isEmpty()) {
            throw PgSwapException.refused("the swap re-creates what belongs to or points at " + f.displayName()
                    + ", and role " + me + " lacks the rights for: " + String.join(", ", missing)
                    + ". Run pgswap as a role that has them (or a superuser)");
        }
    }

    /**
     * A change made in place has no swap to stop before, no shadow to compare and no old table to
     * swap back to: --no-swap, a revert window or a checksum asked for it would be ignored (and with
     * --no-swap the change would go live), so the run is refused before anything is done.
     */
    public static void inPlace(SwapOptions options, String operation) {
        List<String> asked = new ArrayList<>();
        if (options.noSwap()) {
            asked.add("--no-swap");
        }
        if (options.hasRevertWindow()) {
            asked.add("--revert-window");
        }
        if (Boolean.TRUE.equals(options.checksum())) {
            asked.add("--checksum");
        }
        if (!asked.isEmpty()) {
            throw PgSwapException.refused(String.join(", ", asked) + ": " + operation + " makes this "
                    + "change in place, with no swap to stop before, no copy to compare and no old table to swap back "
                    + "to" + ("alter".equals(operation) ? "; add --force-swap to make it by swap, or"
                    : "add-not-null".equals(operation) ? "; --strategy swap makes it by swap, or" : ";") + " run it without "
                    + String.join(", ", asked) + ". Nothing was changed");
        }
    }
}
