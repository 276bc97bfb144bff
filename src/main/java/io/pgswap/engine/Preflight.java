package io.pgswap.engine;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.Dependent;
import io.pgswap.catalog.TableFacts;
import io.pgswap.plan.Names;
import io.pgswap.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import java.util.stream.Collectors;

/** Refuses what pgswap cannot do safely, before anything is changed. Read only. */
public final class Preflight {
    public static final int MIN_SERVER_VERSION = 140000;

    /** A request that needs no work (exit 0), e.g. the column is already NOT NULL. */
    public static final class NothingToDo extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NothingToDo(String message) {
            super(message);
        }
    }

    private Preflight() {
    }

    /** Checks on the catalog facts alone (no queries); shared by dry runs and real runs. */
    public static void checkTable(MigrationSpec spec, TableFacts f) {
        String t = f.displayName();
        switch (f.relkind()) {
            case 'r' -> { }
            case 'p' -> throw PgSwapException.refused(t + " is a partitioned table; pgswap does not migrate "
                    + "partitioned tables (migrate each partition's data another way)");
            case 'v' -> throw PgSwapException.refused(t + " is a view, not a table");
            case 'm' -> throw PgSwapException.refused(t + " is a materialized view, not a table");
            case 'f' -> throw PgSwapException.refused(t + " is a foreign table; change it on its server");
            default -> throw PgSwapException.refused(t + " is not an ordinary table (relkind '" + f.relkind() + "')");
        }
        if (f.serverVersionNum() < MIN_SERVER_VERSION) {
            throw PgSwapException.refused("the server runs PostgreSQL " + f.serverVersionNum() / 10000
                    + "; pgswap supports PostgreSQL 14 and later");
        }
        if (f.isPartition()) {
            throw PgSwapException.refused(t + " is a partition of a partitioned table; pgswap does not migrate partitions");
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
        if (!f.materializedViews().isEmpty() && !spec.rebuildMatviews()) {
            throw PgSwapException.refused("materialized view(s) "
                    + f.materializedViews().stream().map(r -> io.pgswap.sql.QualifiedName.format(r.schema(), r.relation()))
                    .collect(Collectors.joining(", ")) + " read " + t + "; the swap can re-point a materialized view "
                    + "only by rebuilding it, and its query then runs while " + t + " is locked. Rerun with "
                    + "--rebuild-matviews to accept that (with --dry-run to see the plan first), or drop and re-create them yourself");
        }
        if (!f.problems().isEmpty()) {
            throw PgSwapException.refused("cannot migrate " + t + ": " + String.join("; ", f.problems()));
        }
        if (f.key().isEmpty()) {
            throw PgSwapException.refused("no primary key or unique index on NOT NULL columns on " + t
                    + "; pgswap needs one to replay concurrent changes. Add a primary key first");
        }
        if (spec.operation() == Operation.ADD_NOT_NULL) {
            Column c = f.column(spec.column()).orElseThrow(() -> PgSwapException.refused("column \""
                    + spec.column() + "\" does not exist in " + t + " (columns: "
                    + f.columns().stream().map(Column::name).collect(Collectors.joining(", ")) + ")"));
            if (c.isGenerated()) {
                throw PgSwapException.refused("column " + c.name() + " of " + t + " is generated; "
                        + "pgswap does not change generated columns");
            }
            if (c.notNull()) {
                throw new NothingToDo("column " + c.name() + " of " + t + " is already NOT NULL; nothing to do");
            }
        } else if (spec.fill() != null) {
            throw PgSwapException.usage("--fill applies to add-not-null only");
        }
    }

    /** Checks that need queries: privileges, the fill value, leftovers. */
    public static void checkDatabase(Connection c, MigrationSpec spec, TableFacts f, boolean resuming)
            throws SQLException {
        String t = f.displayName();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT pg_has_role(current_user, c.relowner, 'USAGE'),
                       has_schema_privilege(c.relnamespace, 'CREATE'),
                       CASE WHEN to_regnamespace(?) IS NULL
                            THEN has_database_privilege(current_database(), 'CREATE')
                            ELSE has_schema_privilege(to_regnamespace(?), 'CREATE') END,
                       current_user, n.nspname
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = ?::oid""")) {
            ps.setString(1, Sql.ident(Names.STATE_SCHEMA));
            ps.setString(2, Sql.ident(Names.STATE_SCHEMA));
            ps.setLong(3, f.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String me = rs.getString(4);
                if (!rs.getBoolean(1)) {
                    throw PgSwapException.refused("role " + me + " does not own " + t + " (owner: " + f.owner()
                            + "); run pgswap as the owner or as a member of it: GRANT " + Sql.ident(f.owner())
                            + " TO " + Sql.ident(me));
                }
                if (!rs.getBoolean(2)) {
                    throw PgSwapException.refused("role " + me + " cannot create the shadow table in schema "
                            + rs.getString(5) + "; it needs GRANT CREATE ON SCHEMA " + Sql.ident(rs.getString(5))
                            + " TO " + Sql.ident(me));
                }
                if (!rs.getBoolean(3)) {
                    throw PgSwapException.refused("role " + me + " cannot create pgswap's schema for its state; "
                            + "it needs GRANT CREATE ON DATABASE (or create schema pgswap for it)");
                }
            }
        }
        checkDependentsOwned(c, f);
        if (spec.fill() != null) {
            Column col = f.column(spec.column()).orElseThrow();
            try (PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS " + col.type() + ") IS NULL")) {
                ps.setString(1, spec.fill());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        throw PgSwapException.usage("--fill must not be NULL");
                    }
                }
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("42"))) {
                    throw new PgSwapException(ExitCode.USAGE, "--fill value '" + spec.fill() + "' is not a valid "
                            + col.type() + " (column " + col.name() + "): "
                            + e.getMessage().lines().findFirst().orElse("").replaceFirst("^ERROR: ", ""), e, state);
                }
                throw e;
            }
        }
        if (!resuming && !f.captureTriggers().isEmpty()) {
            throw PgSwapException.refused(t + " still has capture trigger(s) of an earlier pgswap run: "
                    + String.join(", ", f.captureTriggers()) + ". See 'pgswap status', then 'pgswap abort " + t
                    + "' or 'pgswap cleanup'");
        }
    }

    /**
     * The swap re-creates views, rules and foreign keys on other relations and changes
     * publications: all of that needs their owner's rights (and CREATE on a view's schema).
     */
    private static void checkDependentsOwned(Connection c, TableFacts f) throws SQLException {
        java.util.Set<Long> relations = new java.util.TreeSet<>();
        f.incomingKeys().forEach(k -> relations.add(k.tableOid()));
        f.rewriteDependents().forEach(r -> relations.add(r.relationOid()));
        relations.remove(f.oid());
        java.util.List<String> missing = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.nspname, r.relname, r.relkind, pg_get_userbyid(r.relowner),
                       pg_has_role(current_user, r.relowner, 'USAGE'),
                       r.relkind NOT IN ('v', 'm') OR has_schema_privilege(r.relnamespace, 'CREATE')
                FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
                WHERE r.oid = ANY(CAST(? AS oid[]))
                ORDER BY 1, 2""")) {
            ps.setArray(1, c.createArrayOf("bigint", relations.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = io.pgswap.sql.QualifiedName.format(rs.getString(1), rs.getString(2));
                    if (!rs.getBoolean(5)) {
                        missing.add(name + " (owner " + rs.getString(4) + ")");
                    } else if (!rs.getBoolean(6)) {
                        missing.add("CREATE on schema " + rs.getString(1) + " (for " + name + ")");
                    }
                }
            }
        }
        for (io.pgswap.catalog.PublicationMember p : f.publications()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_has_role(current_user, pubowner, 'USAGE') FROM pg_publication WHERE pubname = ?")) {
                ps.setString(1, p.publication());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        missing.add("publication " + p.publication() + " (owner " + p.owner() + ")");
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw PgSwapException.refused("the swap re-points what depends on " + f.displayName()
                    + ", and the current role lacks the rights for: " + String.join(", ", missing)
                    + ". Run pgswap as a role that owns them (or a superuser)");
        }
    }

    /** Exact check for NULLs (stops at the first one; an index on the column makes it instant). */
    public static void checkNoNulls(Connection c, MigrationSpec spec, TableFacts f) throws SQLException {
        if (spec.operation() != Operation.ADD_NOT_NULL || spec.fill() != null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM ONLY " + f.qualifiedName()
                + " WHERE " + Sql.ident(spec.column()) + " IS NULL)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw PgSwapException.refused("column " + spec.column() + " of " + f.displayName()
                        + " contains NULLs; rerun with --fill VALUE to replace them during the copy, "
                        + "or UPDATE them first");
            }
        }
    }

}
