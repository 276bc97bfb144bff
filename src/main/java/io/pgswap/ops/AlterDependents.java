package io.pgswap.ops;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Probe;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What uses the columns the change drops or retypes, and what becomes of it. Inside the table
 * (its CHECK constraints, defaults, generated columns) the change itself decides, on the shadow
 * as on the table. Outside it: a view or materialized view on a retyped column is carried through
 * when the server accepts its query on the new definition with the same column types (the swap
 * replaces views in place, which cannot change a view column's type); a foreign key from or to a
 * retyped column is kept when the server accepts it on the new types (a referencing column that
 * is narrower than the new key draws a warning with the command that widens it); an index is
 * rebuilt on the new type; sequences follow. Everything else is refused, naming the dependent:
 * anything on a dropped column (a plain DROP COLUMN would drop it too, or need CASCADE), and rules,
 * triggers, policies and publications on a retyped column (PostgreSQL refuses those too).
 */
final class AlterDependents {
    /**
     * What the plan reports: warnings, views carried through by the swap, and foreign keys on
     * retyped columns (a plain ALTER re-creates them, locking and possibly scanning the other table;
     * the swap re-adds them NOT VALID and validates them afterwards).
     */
    record Report(List<String> warnings, List<String> carried, List<String> keys) {
        /** A plain ALTER cannot carry views through a type change (PostgreSQL refuses it), nor keys cheaply. */
        boolean needsSwap() {
            return !carried.isEmpty() || !keys.isEmpty();
        }
    }

    private record Dependent(String column, String catalog, String what, String classKind, String conType,
                             long conRelid, long conFrelid, String conName, long ruleRelid, String ruleName,
                             String ruleRelkind, String ruleRelation) {
    }

    private static final Map<String, Integer> INTEGER_SIZES = Map.of("smallint", 2, "integer", 4, "bigint", 8);

    private AlterDependents() {
    }

    static Report check(TableFacts f, List<AlterSubcommands.Subcommand> subs, AlterProbe.Analysis a,
                        SwapRecipe.Change change, Probe server) throws SQLException {
        Set<String> changed = new LinkedHashSet<>(a.dropped());
        changed.addAll(a.retyped().keySet());
        // PostgreSQL treats every ALTER COLUMN ... TYPE as a type change, to the same type too
        subs.stream().filter(s -> s.kind() == AlterSubcommands.Kind.ALTER_TYPE && !a.dropped().contains(s.column()))
                .forEach(s -> changed.add(s.column()));
        if (changed.isEmpty()) {
            return new Report(List.of(), List.of(), List.of());
        }
        List<Dependent> deps = dependents(server.readOnly(), f, changed);
        List<String> refused = new ArrayList<>();
        List<Dependent> views = new ArrayList<>();
        List<Dependent> keys = new ArrayList<>();
        for (Dependent d : deps) {
            boolean dropped = a.dropped().contains(d.column());
            if (!dropped && !a.retyped().containsKey(d.column()) && !"pg_rewrite".equals(d.catalog())) {
                continue; // retyped to the same type: only views need the swap (PostgreSQL refuses it under them)
            }
            String verdict = verdict(f, d, dropped);
            if (verdict == null) {
                continue;
            }
            switch (verdict) {
                case "view" -> views.add(d);
                case "key" -> keys.add(d);
                default -> refused.add((dropped ? "DROP COLUMN " : "the type change of ") + d.column() + ": " + verdict);
            }
        }
        if (!refused.isEmpty()) {
            throw PgSwapException.refused("pgswap alter cannot carry what uses the changed columns of " + f.displayName()
                    + ": " + String.join("; ", new LinkedHashSet<>(refused)) + ". Nothing was changed");
        }
        List<String> warnings = new ArrayList<>();
        List<String> carried = new ArrayList<>();
        if (keys.isEmpty() && views.isEmpty()) {
            return new Report(List.of(), List.of(), List.of());
        }
        server.scratch(tx -> {
            AlterServerChecks checks = new AlterServerChecks(tx, f, change);
            for (Dependent k : distinctConstraints(keys)) {
                checks.foreignKey(k.conName(), k.conRelid(), k.conFrelid());
            }
            for (Dependent v : distinctRelations(views)) {
                String what = (v.ruleRelkind().equals("m") ? "materialized view " : "view ") + v.ruleRelation();
                checks.view(v.ruleRelid(), v.ruleRelkind().equals("m"), what);
                carried.add(what);
            }
            return null;
        });
        List<String> keyNames = new ArrayList<>();
        for (Dependent k : distinctConstraints(keys)) {
            keyNames.add("foreign key " + k.conName());
            if (k.conRelid() != f.oid()) {
                overflow(server.readOnly(), f, a, k).ifPresent(warnings::add);
            }
        }
        return new Report(warnings, carried, keyNames);
    }

    /**
     * Null when the dependent is fine, "view" or "key" when a server check decides, else why it
     * is refused.
     */
    private static String verdict(TableFacts f, Dependent d, boolean dropped) {
        String named = d.what() + " uses it";
        switch (d.catalog()) {
            case "pg_class" -> {
                if ("S".equals(d.classKind())) {
                    return dropped ? named + " (the column owns it); drop an identity or serial column with a plain "
                            + "ALTER TABLE ... DROP COLUMN (catalog only)" : null;
                }
                return dropped ? named + "; drop it first (DROP INDEX CONCURRENTLY), then run again" : null;
            }
            case "pg_constraint" -> {
                if ("c".equals(d.conType()) || "n".equals(d.conType())) {
                    return null; // the table's own CHECK and NOT NULL: the change handles them on the shadow too
                }
                if ("f".equals(d.conType())) {
                    return dropped ? named + "; drop the constraint first, then run again" : "key";
                }
                if ("p".equals(d.conType()) || "u".equals(d.conType()) || "x".equals(d.conType())) {
                    return dropped ? named + "; drop the constraint first, then run again" : null;
                }
                return named;
            }
            case "pg_attrdef" -> {
                return null; // defaults and generated columns of the table: the server decides on the copy
            }
            case "pg_statistic_ext" -> {
                return dropped ? named + "; drop the statistics object first, then run again" : null;
            }
            case "pg_rewrite" -> {
                boolean view = "_RETURN".equals(d.ruleName()) && ("v".equals(d.ruleRelkind())
                        || "m".equals(d.ruleRelkind()));
                if (view && !dropped) {
                    return "view";
                }
                return view ? ("m".equals(d.ruleRelkind()) ? "materialized view " : "view ") + d.ruleRelation()
                        + " uses it; drop it first and re-create it after the change"
                        : named + "; drop the rule first and re-create it after the change";
            }
            default -> {
                return named + (dropped ? "; drop it first, then run again"
                        : " (PostgreSQL does not allow a type change under it either); drop it first and re-create it "
                        + "after the change");
            }
        }
    }

    private static List<Dependent> dependents(Connection c, TableFacts f, Set<String> columns) throws SQLException {
        return Rows.list(c, Statement.of("""
                SELECT a.attname, d.classid::regclass::text, pg_describe_object(d.classid, d.objid, d.objsubid),
                       ic.relkind::text, k.contype::text, coalesce(k.conrelid, 0)::bigint,
                       coalesce(k.confrelid, 0)::bigint, k.conname::text, coalesce(r.ev_class, 0)::bigint,
                       r.rulename::text, v.relkind::text, CASE WHEN v.oid IS NOT NULL THEN format('%I.%I', vn.nspname, v.relname) END
                FROM pg_depend d
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                LEFT JOIN pg_class ic ON d.classid = 'pg_class'::regclass AND ic.oid = d.objid
                LEFT JOIN pg_constraint k ON d.classid = 'pg_constraint'::regclass AND k.oid = d.objid
                LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
                LEFT JOIN pg_class v ON v.oid = r.ev_class
                LEFT JOIN pg_namespace vn ON vn.oid = v.relnamespace
                WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ?::oid AND d.refobjsubid > 0
                  AND a.attname = ANY (CAST(? AS text[]))
                  AND NOT (d.classid = 'pg_rewrite'::regclass AND r.ev_class = ?::oid AND r.rulename = '_RETURN')
                ORDER BY 1, 3""", f.oid(), c.createArrayOf("text", columns.toArray()), f.oid()),
                rs -> new Dependent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getLong(9),
                        rs.getString(10), rs.getString(11), rs.getString(12)));
    }

    private static List<Dependent> distinctRelations(List<Dependent> deps) {
        Set<Long> seen = new java.util.HashSet<>();
        return deps.stream().filter(d -> seen.add(d.ruleRelid())).toList();
    }

    private static List<Dependent> distinctConstraints(List<Dependent> deps) {
        Set<String> seen = new java.util.HashSet<>();
        return deps.stream().filter(d -> seen.add(d.conRelid() + "/" + d.conName())).toList();
    }

    /**
     * A referencing column narrower than the key it references becomes the first to overflow: say
     * so, with the command that widens it.
     */
    private static java.util.Optional<String> overflow(Connection c, TableFacts f, AlterProbe.Analysis a, Dependent k)
            throws SQLException {
        List<String[]> pairs = Rows.list(c, Statement.of("""
                SELECT n.nspname, t.relname, ra.attname, format_type(ra.atttypid, ra.atttypmod), fa.attname
                FROM pg_constraint k
                JOIN pg_class t ON t.oid = k.conrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN unnest(k.conkey, k.confkey) AS u(ref, key) ON true
                JOIN pg_attribute ra ON ra.attrelid = k.conrelid AND ra.attnum = u.ref
                JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = u.key
                WHERE k.conrelid = ?::oid AND k.conname = ? AND k.confrelid = ?::oid""",
                k.conRelid(), k.conName(), f.oid()), rs -> new String[] {rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5)});
        List<String> narrow = new ArrayList<>();
        List<String> widen = new ArrayList<>();
        String table = null;
        for (String[] p : pairs) {
            String keyType = a.retyped().get(p[4]);
            Integer refSize = INTEGER_SIZES.get(p[3]);
            Integer keySize = keyType == null ? null : INTEGER_SIZES.get(keyType);
            if (refSize != null && keySize != null && refSize < keySize) {
                table = QualifiedName.format(p[0], p[1]);
                narrow.add(table + "." + p[2] + " (" + p[3] + ")");
                widen.add("ALTER COLUMN " + QualifiedName.format(p[2]) + " TYPE " + keyType);
            }
        }
        if (narrow.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.join(", ", narrow) + " references " + f.displayName() + " through foreign "
                + "key " + k.conName() + " and will overflow before the new key type does: its rows cannot reference "
                + "keys beyond its type's limit. Widen it too: pgswap alter " + table + " '" + String.join(", ", widen)
                + "'");
    }

    /** The server checks, in one scratch transaction, whether views and foreign keys work on the new definition. */
    static final class AlterServerChecks {
        private final Connection tx;
        private final TableFacts f;
        private final SwapRecipe.Change change;
        private boolean probeReady;
        private int n;

        AlterServerChecks(Connection tx, TableFacts f, SwapRecipe.Change change) {
            this.tx = tx;
            this.f = f;
            this.change = change;
        }

        /**
         * The view's query, deparsed with only the table's schema on the search_path (so the table
         * is named unqualified), must be accepted against a temporary copy of the table with the
         * new definition under the same name, and give the same column names and types.
         */
        void view(long viewOid, boolean materialized, String what) throws SQLException {
            Tx.execute(tx, List.of("SAVEPOINT pgswap_view", "SET LOCAL search_path = " + Sql.ident(f.schema())));
            String query = Rows.string(tx, Statement.of("SELECT pg_get_viewdef(?::oid)", viewOid)).strip();
            query = query.endsWith(";") ? query.substring(0, query.length() - 1) : query;
            String copy = "pg_temp." + Sql.ident(f.name());
            Tx.execute(tx, List.of(AlterProbe.createCopy(f, Sql.ident(f.name()))));
            Tx.run(tx, change.on(copy));
            Tx.execute(tx, List.of("SET LOCAL search_path = pg_temp, " + Sql.ident(f.schema())));
            String probe = "pg_temp.pgswap_view_probe_" + (n++);
            try {
                Tx.execute(tx, List.of("CREATE TEMP VIEW " + probe + " AS\n" + query));
            } catch (SQLException e) {
                throw AlterProbe.invalid(f, what + " reads the changed columns, and its query no longer works on the new "
                        + "definition; drop it first and re-create it after the change", e);
            }
            String columns = """
                    SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
                    FROM pg_attribute WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped""";
            String was = Rows.string(tx, Statement.of(columns, viewOid));
            String now = Rows.string(tx, Statement.of(columns.replace("?::oid", "CAST(? AS regclass)"), probe));
            if (!materialized && !was.equals(now)) {
                throw PgSwapException.refused(what + " reads the changed columns, and on the new definition its "
                        + "columns would be (" + now + ") instead of (" + was + "); a view column cannot change its "
                        + "type in place. Drop the view first and re-create it after the change. Nothing was changed");
            }
            Tx.execute(tx, List.of("ROLLBACK TO SAVEPOINT pgswap_view"));
        }

        /**
         * The foreign key re-created on temporary copies: the referencing table's columns (or the
         * new definition) against a unique index on the referenced columns (or the new definition).
         */
        void foreignKey(String name, long relid, long frelid) throws SQLException {
            String probe = "pg_temp." + AlterProbe.ALL;
            if (!probeReady) {
                Tx.execute(tx, List.of(AlterProbe.createCopy(f, AlterProbe.ALL)));
                Tx.run(tx, change.on(probe));
                probeReady = true;
            }
            String[] cols = Rows.first(tx, Statement.of("""
                    SELECT (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY u.o) FROM unnest(k.conkey)
                              WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n),
                           (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY u.o) FROM unnest(k.confkey)
                              WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n),
                           k.conrelid::regclass::text, k.confrelid::regclass::text
                    FROM pg_constraint k WHERE k.conrelid = ?::oid AND k.conname = ?""", relid, name),
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}).orElseThrow();
            Tx.execute(tx, List.of("SAVEPOINT pgswap_fk"));
            String referencing = probe;
            String referenced = probe;
            if (relid != f.oid()) {
                referencing = "pg_temp.pgswap_fk_probe";
                Tx.execute(tx, List.of("CREATE TEMP TABLE pgswap_fk_probe (LIKE " + cols[2] + ")"));
            }
            if (frelid != f.oid()) {
                referenced = "pg_temp.pgswap_fk_probe";
                Tx.execute(tx, List.of("CREATE TEMP TABLE pgswap_fk_probe (LIKE " + cols[3] + ")",
                        "CREATE UNIQUE INDEX ON " + referenced + " (" + cols[1] + ")"));
            }
            try {
                Tx.execute(tx, List.of("ALTER TABLE " + referencing + " ADD CONSTRAINT " + Sql.ident(name)
                        + " FOREIGN KEY (" + cols[0] + ") REFERENCES " + referenced + " (" + cols[1] + ")"));
            } catch (SQLException e) {
                throw AlterProbe.invalid(f, "foreign key " + name + " on " + cols[2] + " would no longer work with the "
                        + "new types; change the column on the other side first", e);
            }
            Tx.execute(tx, List.of("ROLLBACK TO SAVEPOINT pgswap_fk"));
        }
    }
}
