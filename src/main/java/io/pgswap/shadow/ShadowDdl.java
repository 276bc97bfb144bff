package io.pgswap.shadow;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.Grant;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Statement text for the shadow table: the original's definition with the requested change,
 * its owner, privileges, options and comments. The shadow has no index during the copy; all
 * indexes, the key's included, are built after it (a sorted build is several times faster
 * than maintaining an index row by row).
 */
public final class ShadowDdl {
    private static final Pattern OPTION_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Set<String> PRIVILEGES =
            Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN", "EXECUTE",
                    "USAGE");

    private ShadowDdl() {
    }

    /**
     * CREATE TABLE ... (LIKE original ...), then the recipe's change, then everything else about
     * the table itself. The shadow's comment is pgswap's marker until the swap gives it the
     * original's (so cleanup can tell a shadow of pgswap's from a user's table). Column settings
     * and column privileges of columns the change drops ({@code m}) are left out.
     */
    public static List<Statement> createTable(TableFacts f, Names n, SwapRecipe.Change change) {
        return createTable(f, n, change, null);
    }

    /**
     * Back to a new relation's privileges (its creator's, all of them) from what the creator's
     * default privileges gave it: every role they name ({@code grantees}, null for PUBLIC, the
     * creator included) loses what it got, then the creator gets all again. Run while the
     * creator still owns it; nothing when the creator has no default privileges there.
     */
    public static List<String> undoDefaultPrivileges(String target, List<String> grantees) {
        if (grantees.isEmpty()) {
            return List.of();
        }
        return List.of("REVOKE ALL ON " + target + " FROM " + String.join(", ",
                        grantees.stream().map(g -> g == null ? "PUBLIC" : Sql.ident(g)).toList()),
                "GRANT ALL ON " + target + " TO CURRENT_USER");
    }

    /** {@link #createTable(TableFacts, Names, SwapRecipe.Change)}, leaving out what belongs to columns {@code m} drops. */
    public static List<Statement> createTable(TableFacts f, Names n, SwapRecipe.Change change, ColumnMapping m) {
        return createTable(f, n, change, m, List.of());
    }

    /**
     * The same, first undoing what the creating role's default privileges granted the new table
     * ({@code defaultGrantees}, as {@link io.pgswap.catalog.DefaultPrivileges#tableGrantees} reads
     * them): the shadow then gets the original's privileges and no more.
     */
    public static List<Statement> createTable(TableFacts f, Names n, SwapRecipe.Change change, ColumnMapping m,
                                              List<String> defaultGrantees) {
        List<Statement> out = new ArrayList<>();
        for (String ddl : definition(f, n)) {
            out.add(Statement.of(ddl));
        }
        for (String ddl : undoDefaultPrivileges(n.shadow(), defaultGrantees)) {
            out.add(Statement.of(ddl));
        }
        for (String ddl : PartitionDdl.shadow(f, n)) {
            out.add(Statement.of(ddl));
        }
        out.addAll(change.on(n.shadow()));
        for (String ddl : properties(f, n, m)) {
            out.add(Statement.of(ddl));
        }
        return out;
    }

    private static List<String> definition(TableFacts f, Names n) {
        List<String> out = new ArrayList<>();
        StringBuilder create = new StringBuilder();
        create.append("CREATE TABLE ").append(n.shadow()).append(" (\n")
                .append("  LIKE ").append(f.qualifiedName())
                .append(" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY INCLUDING GENERATED")
                .append(" INCLUDING STORAGE INCLUDING COMMENTS INCLUDING COMPRESSION\n)");
        if (f.accessMethod() != null && !f.accessMethod().equals("heap")) {
            create.append("\nUSING ").append(Sql.ident(f.accessMethod()));
        }
        List<String> options = new ArrayList<>();
        for (String o : f.reloptions()) {
            options.add(option("", o));
        }
        for (String o : f.toastReloptions()) {
            options.add(option("toast.", o));
        }
        if (!options.isEmpty()) {
            create.append("\nWITH (").append(String.join(", ", options)).append(")");
        }
        if (f.tablespace() != null) {
            create.append("\nTABLESPACE ").append(Sql.ident(f.tablespace()));
        }
        out.add(create.toString());
        out.add("COMMENT ON TABLE " + n.shadow() + " IS " + Sql.literal(n.marker() + ": shadow of " + f.displayName()));
        return out;
    }

    private static List<String> properties(TableFacts f, Names n, ColumnMapping m) {
        List<String> out = new ArrayList<>();
        for (Column c : f.columns()) {
            if (m != null && m.drops(c.name())) {
                continue;
            }
            if (c.statTarget() >= 0) {
                out.add("ALTER TABLE " + n.shadow() + " ALTER COLUMN " + Sql.ident(c.name())
                        + " SET STATISTICS " + c.statTarget());
            }
            if (!c.options().isEmpty()) {
                out.add("ALTER TABLE " + n.shadow() + " ALTER COLUMN " + Sql.ident(c.name()) + " SET ("
                        + String.join(", ", c.options().stream().map(o -> option("", o)).toList()) + ")");
            }
        }
        if (f.rowSecurity()) {
            out.add("ALTER TABLE " + n.shadow() + " ENABLE ROW LEVEL SECURITY");
        }
        if (f.forceRowSecurity()) {
            out.add("ALTER TABLE " + n.shadow() + " FORCE ROW LEVEL SECURITY");
        }
        if (f.replicaIdentity() == 'f') {
            out.add("ALTER TABLE " + n.shadow() + " REPLICA IDENTITY FULL");
        } else if (f.replicaIdentity() == 'n') {
            out.add("ALTER TABLE " + n.shadow() + " REPLICA IDENTITY NOTHING");
        }
        out.add("ALTER TABLE " + n.shadow() + " OWNER TO " + Sql.ident(f.owner()));
        out.addAll(privileges(n.shadow(), f.owner(), f.hasAcl(),
                f.grants().stream().filter(g -> g.column() == null || m == null || !m.drops(g.column())).toList()));
        out.addAll(statistics(f, n));
        // no autovacuum on the shadow until the swap: it would compete with the copy, and its lock
        // on the shadow would make the swap wait; the swap restores the original's setting
        out.add("ALTER TABLE " + n.shadow() + " SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)");
        return out;
    }

    /**
     * The table's extended statistics on the shadow, under temporary names (the swap gives them the
     * originals' names), with their targets and owners; ANALYZE before the swap fills them.
     */
    static List<String> statistics(TableFacts f, Names n) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < f.statistics().size(); k++) {
            io.pgswap.catalog.StatisticsInfo s = f.statistics().get(k);
            String name = Sql.qualified(s.schema(), n.shadowStatistics(k));
            for (String kind : s.kinds()) {
                if (!Set.of("ndistinct", "dependencies", "mcv").contains(kind)) {
                    throw new IllegalStateException("unknown statistics kind " + kind);
                }
            }
            out.add("CREATE STATISTICS " + name + (s.kinds().isEmpty() ? "" : " (" + String.join(", ", s.kinds()) + ")")
                    + " ON " + s.columns() + " FROM " + n.shadow());
            if (s.target() >= 0) {
                out.add("ALTER STATISTICS " + name + " SET STATISTICS " + s.target());
            }
            out.add("ALTER STATISTICS " + name + " OWNER TO " + Sql.ident(s.owner()));
        }
        return out;
    }

    /** Inside the swap: the original's autovacuum settings on the shadow again (as set, or unset). */
    public static List<String> restoreAutovacuum(TableFacts f, Names n) {
        List<String> set = new ArrayList<>();
        List<String> reset = new ArrayList<>();
        restore(f.reloptions(), "", set, reset);
        restore(f.toastReloptions(), "toast.", set, reset);
        List<String> out = new ArrayList<>();
        if (!reset.isEmpty()) {
            out.add("ALTER TABLE " + n.shadow() + " RESET (" + String.join(", ", reset) + ")");
        }
        if (!set.isEmpty()) {
            out.add("ALTER TABLE " + n.shadow() + " SET (" + String.join(", ", set) + ")");
        }
        return out;
    }

    private static void restore(List<String> options, String prefix, List<String> set, List<String> reset) {
        String value = options.stream().filter(o -> o.startsWith("autovacuum_enabled="))
                .map(o -> o.substring("autovacuum_enabled=".length())).findFirst().orElse(null);
        if (value == null) {
            reset.add(prefix + "autovacuum_enabled");
        } else {
            set.add(prefix + "autovacuum_enabled = " + Sql.literal(value));
        }
    }

    /** Inside the swap: the original's table comment on the new table (the shadow carried pgswap's marker). */
    public static String tableComment(TableFacts f) {
        return "COMMENT ON TABLE " + f.qualifiedName() + " IS " + (f.comment() == null ? "NULL" : Sql.literal(f.comment()));
    }

    /**
     * Statements that give {@code target} exactly this ACL (owner's implicit rights included),
     * with every grant made by the role that made it on the original: grants of the owner first,
     * then grants by other holders of the grant option once their grantor holds it (SET ROLE to
     * the grantor, so REVOKE ... CASCADE on the new table still reaches what they granted).
     */
    public static List<String> privileges(String target, String owner, boolean hasAcl, List<Grant> grants) {
        List<String> out = new ArrayList<>();
        if (!hasAcl && grants.stream().noneMatch(g -> g.column() != null)) {
            return out;
        }
        if (hasAcl) {
            out.add("REVOKE ALL ON " + target + " FROM PUBLIC, " + Sql.ident(owner));
        }
        for (Grant g : grantOrder(owner, grants)) {
            if (!PRIVILEGES.contains(g.privilege())) {
                throw new IllegalStateException("unknown privilege " + g.privilege());
            }
            boolean asOther = g.grantor() != null && !g.grantor().equals(owner);
            if (asOther) {
                out.add("SET LOCAL ROLE " + Sql.ident(g.grantor()));
            }
            out.add("GRANT " + g.privilege() + (g.column() == null ? "" : " (" + Sql.ident(g.column()) + ")")
                    + " ON " + target + " TO " + (g.grantee() == null ? "PUBLIC" : Sql.ident(g.grantee()))
                    + (g.grantable() ? " WITH GRANT OPTION" : ""));
            if (asOther) {
                out.add("RESET ROLE");
            }
        }
        return out;
    }

    /** Grants in an order in which each grantor already holds the grant option it uses. */
    static List<Grant> grantOrder(String owner, List<Grant> grants) {
        List<Grant> pending = new ArrayList<>(grants);
        List<Grant> out = new ArrayList<>();
        java.util.Set<String> holders = new java.util.HashSet<>(); // "role/privilege/column"
        while (!pending.isEmpty()) {
            boolean progressed = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Grant g = it.next();
                boolean byOwner = g.grantor() == null || g.grantor().equals(owner);
                if (byOwner || holders.contains(g.grantor() + "/" + g.privilege() + "/" + g.column())
                        || holders.contains(g.grantor() + "/" + g.privilege() + "/null")) {
                    out.add(g);
                    if (g.grantable() && g.grantee() != null) {
                        holders.add(g.grantee() + "/" + g.privilege() + "/" + g.column());
                    }
                    it.remove();
                    progressed = true;
                }
            }
            if (!progressed) {
                out.addAll(pending); // a cycle cannot occur in a valid ACL; keep the rest in catalog order
                break;
            }
        }
        return out;
    }

    /**
     * Removes from the shadow every key the log names. A key can be in the shadow twice only if
     * an UPDATE moved its row to a later page during the copy, and then it is in the log; the
     * replay re-inserts the current row of every logged key anyway. Afterwards the shadow holds
     * rows that were all current at one moment, so its unique indexes can be built.
     */
    public static String removeLoggedKeys(TableFacts f, Names n) {
        return removeLoggedKeys(f, n, null);
    }

    /** {@link #removeLoggedKeys(TableFacts, Names)}, casting logged keys to a retyped key's new type ({@code m}). */
    public static String removeLoggedKeys(TableFacts f, Names n, ColumnMapping m) {
        List<String> cols = io.pgswap.capture.Capture.logKeyColumns(f);
        return "DELETE FROM " + n.shadow() + " s\n"
                + "USING (SELECT DISTINCT " + String.join(", ", cols) + " FROM " + n.logTable()
                + " WHERE op <> 'T') l\n"
                + "WHERE " + io.pgswap.replay.ReplaySql.keyMatch(f, "s", "l", m);
    }

    /**
     * One index of the shadow: {@code build} creates it (one transaction; plain CREATE INDEX takes
     * a SHARE lock, so builds run side by side), {@code finish} attaches its constraint and
     * comments (catalog only, ACCESS EXCLUSIVE on the shadow, so run after all builds). An
     * exclusion constraint builds its index as part of ADD CONSTRAINT and runs alone.
     */
    public record IndexUnit(String name, String constraint, List<String> build, List<String> finish,
                            boolean exclusive, long sourceOid) {
    }

    /** One unit per index, the key's first, then in the original's order. */
    public static List<IndexUnit> indexes(TableFacts f, Names n) {
        List<IndexUnit> out = new ArrayList<>();
        IndexInfo key = f.key().orElseThrow();
        out.add(index(f, n, f.indexes().indexOf(key), key));
        for (int k = 0; k < f.indexes().size(); k++) {
            IndexInfo i = f.indexes().get(k);
            if (i.oid() != key.oid()) {
                out.add(index(f, n, k, i));
            }
        }
        return out;
    }

    static IndexUnit index(TableFacts f, Names n, int k, IndexInfo i) {
        List<String> build = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String tmp = Sql.ident(n.shadowIndex(k));
        if (i.tablespace() != null) {
            build.add("SET LOCAL default_tablespace = " + Sql.ident(i.tablespace()));
        }
        boolean exclusion = i.constraintType() != null && i.constraintType() == 'x';
        if (exclusion) {
            build.add("ALTER TABLE " + n.shadow() + " ADD CONSTRAINT " + tmp + " " + i.constraintDef());
        } else {
            build.add("CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + tmp + " ON " + n.shadow() + " "
                    + i.definitionTail());
            if (i.constraintType() != null) {
                out.add("ALTER TABLE " + n.shadow() + " ADD CONSTRAINT " + tmp
                        + (i.constraintType() == 'p' ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + tmp
                        + (i.deferrable() ? " DEFERRABLE" : "") + (i.initiallyDeferred() ? " INITIALLY DEFERRED" : ""));
            }
        }
        if (i.comment() != null) {
            out.add("COMMENT ON INDEX " + Sql.qualified(f.schema(), n.shadowIndex(k)) + " IS " + Sql.literal(i.comment()));
        }
        if (i.constraintComment() != null) {
            out.add("COMMENT ON CONSTRAINT " + tmp + " ON " + n.shadow() + " IS " + Sql.literal(i.constraintComment()));
        }
        if (i.replicaIdentity()) {
            out.add("ALTER TABLE " + n.shadow() + " REPLICA IDENTITY USING INDEX " + tmp);
        }
        if (i.clustered()) {
            out.add("ALTER TABLE " + n.shadow() + " CLUSTER ON " + tmp);
        }
        for (String target : i.statisticsTargets()) {
            int eq = target.indexOf('=');
            out.add("ALTER INDEX " + Sql.qualified(f.schema(), n.shadowIndex(k)) + " ALTER COLUMN "
                    + Integer.parseInt(target.substring(0, eq)) + " SET STATISTICS "
                    + Integer.parseInt(target.substring(eq + 1)));
        }
        return new IndexUnit(n.shadowIndex(k), i.isConstraint() && !exclusion ? n.shadowIndex(k) : null, build, out,
                exclusion, i.oid());
    }

    /** " WITH (name = 'value', ...)" for reloptions as the catalog lists them, or "" when there are none. */
    public static String withOptions(List<String> reloptions) {
        if (reloptions.isEmpty()) {
            return "";
        }
        return " WITH (" + String.join(", ", reloptions.stream().map(o -> option("", o)).toList()) + ")";
    }

    /** A reloption "name=value" from the catalog as {@code name = 'value'}. */
    private static String option(String prefix, String text) {
        int eq = text.indexOf('=');
        String name = eq < 0 ? text : text.substring(0, eq);
        String value = eq < 0 ? "true" : text.substring(eq + 1);
        if (!OPTION_NAME.matcher(name).matches()) {
            throw new IllegalStateException("unexpected storage parameter name " + name);
        }
        return prefix + name + " = " + Sql.literal(value);
    }
}
