package io.pgswap.engine;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.db.Rows;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What every operation needs before anything is created, whatever its recipe: a supported
 * server, a role that owns the table and may create pgswap's state schema, and no leftover of an
 * earlier pgswap run on the table. Read only.
 */
final class Preflight {
    static final int MIN_SERVER_VERSION = 140000;

    private Preflight() {
    }

    static void check(Connection c, TableFacts f) throws SQLException {
        check(c, f, false);
    }

    /** {@code materializedView}: the operation runs on a materialized view too (index builds). */
    static void check(Connection c, TableFacts f, boolean materializedView) throws SQLException {
        String t = f.displayName();
        if (f.serverVersionNum() < MIN_SERVER_VERSION) {
            throw PgSwapException.refused("the server runs PostgreSQL " + f.serverMajor()
                    + "; pgswap supports PostgreSQL 14 and later");
        }
        if (f.persistence() == 't') {
            throw PgSwapException.refused(t + " is a temporary table; it is visible only to its own session");
        }
        if (f.relkind() == 'v' || (f.relkind() == 'm' && !materializedView) || f.relkind() == 'f') {
            throw PgSwapException.refused(t + " is " + (f.relkind() == 'v' ? "a view" : f.relkind() == 'm'
                    ? "a materialized view" : "a foreign table (change it on its server)") + ", not a table");
        }
        String me = Rows.string(c, Statement.of("SELECT current_user"));
        if (!Rows.bool(c, Statement.of("SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = "
                + "?::oid", f.oid()))) {
            boolean member = Rows.bool(c, Statement.of("SELECT pg_has_role(current_user, relowner, 'MEMBER') FROM "
                    + "pg_class WHERE oid = ?::oid", f.oid()));
            throw PgSwapException.refused("role " + me + " does not own " + t + " (owner: " + f.owner() + "); "
                    + (member ? me + " is a member of " + f.owner() + " but does not inherit its privileges "
                    + "(NOINHERIT): run pgswap as " + f.owner() + " (PGOPTIONS='-c role=" + f.owner() + "'), or let "
                    + me + " inherit them (ALTER ROLE " + Sql.ident(me) + " INHERIT; on PostgreSQL 16 and later a "
                    + "membership granted WITH INHERIT TRUE)"
                    : "run pgswap as the owner or as a member of it: GRANT " + Sql.ident(f.owner()) + " TO "
                    + Sql.ident(me)));
        }
        io.pgswap.state.StateAccess.check(c, io.pgswap.state.StateAccess.Need.WRITE);
        leftovers(c, f);
    }

    /**
     * Before pgswap first reads its state: a schema pgswap the role may not even look into (made by
     * another role), or whose tables it may not read, refuses the run here, with the same messages as {@link #check}, instead of
     * failing on the read.
     */
    static void stateReadable(Connection c, TableFacts f) throws SQLException {
        if (Rows.bool(c, Statement.of("""
                SELECT coalesce((SELECT NOT has_schema_privilege(n.oid, 'USAGE')
                                     OR EXISTS (SELECT 1 FROM pg_class k WHERE k.relnamespace = n.oid AND k.relkind = 'r'
                                                  AND NOT has_table_privilege(k.oid, 'SELECT'))
                                 FROM pg_namespace n WHERE n.nspname = ?), false)""", Names.STATE_SCHEMA))) {
            check(c, f);
        }
    }

    /**
     * FORCE ROW LEVEL SECURITY applies the table's policies to its owner too: a copy, replay,
     * backfill or checksum run as the owner would see only the rows they let it see, and a swap
     * would lose the others. Such a table is moved only by a role that row security does not filter.
     */
    static void rowSecurity(Connection c, TableFacts f, boolean movesRows) throws SQLException {
        if (!f.forceRowSecurity() || !movesRows) {
            return;
        }
        var role = Rows.first(c, Statement.of("SELECT rolsuper OR rolbypassrls, rolname FROM pg_roles "
                + "WHERE rolname = current_user"), rs -> new Object[] {rs.getBoolean(1), rs.getString(2)}).orElseThrow();
        if (!(Boolean) role[0]) {
            throw PgSwapException.refused(f.displayName() + " has FORCE ROW LEVEL SECURITY: its policies apply to its "
                    + "owner, so pgswap, as role " + role[1] + ", would read and write only the rows they let it see, "
                    + "and lose the others. Run pgswap as a superuser or as a role with BYPASSRLS (ALTER ROLE "
                    + Sql.ident((String) role[1]) + " BYPASSRLS, by a superuser). Nothing was changed");
        }
    }

    /** pgswap triggers on the table that no unfinished migration of it owns. */
    private static void leftovers(Connection c, TableFacts f) throws SQLException {
        if (f.captureTriggers().isEmpty()) {
            return;
        }
        List<MigrationRecord> all = StateStore.all(c);
        StringBuilder whose = new StringBuilder();
        for (String trigger : f.captureTriggers()) {
            long id = Long.parseLong(trigger.replaceAll("^pgswap_(capture|fill|revert)_([0-9]+).*$", "$2"));
            var m = all.stream().filter(r -> r.id() == id).findFirst();
            if (m.isPresent() && m.get().tableOid() == f.oid()
                    && io.pgswap.pipeline.SwapPipeline.REVERT_WINDOW.equals(m.get().phase())) {
                continue; // a revert window that is over: a dry run's plan assumes the run ends it first
            }
            whose.append(whose.length() == 0 ? "" : ", ").append(trigger).append(m.map(r -> r.isActive()
                    ? " (unfinished migration #" + id + " of " + io.pgswap.sql.QualifiedName.format(r.schema(), r.table())
                    + ", recorded for another table: restored from a dump?)"
                    : " (migration #" + id + " is " + r.phase() + ")").orElse(" (no state row)"));
        }
        if (whose.length() == 0) {
            return;
        }
        throw PgSwapException.refused(f.displayName() + " still has trigger(s) of an earlier pgswap run: " + whose
                + ". See 'pgswap status', then 'pgswap abort " + f.displayName() + "' or 'pgswap cleanup'");
    }
}
