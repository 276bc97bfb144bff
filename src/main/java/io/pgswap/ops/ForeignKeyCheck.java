package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What add-foreign-key finds on the table: the same key already there (valid: nothing to do; NOT
 * VALID under the name asked for: the run continues with its validation), a name taken by
 * something else, and, when the validation fails, the rows that reference nothing.
 */
final class ForeignKeyCheck {
    private final TableFacts f;
    private final AddForeignKey.Args args;
    private final long ref;
    private final String refName;
    private final String name;

    ForeignKeyCheck(TableFacts f, AddForeignKey.Args args, long ref, String refName, String name) {
        this.f = f;
        this.args = args;
        this.ref = ref;
        this.name = name;
        this.refName = refName;
    }

    private record Existing(String name, String type, long referenced, boolean valid, String onDelete, String onUpdate,
                            String match, List<String> columns, List<String> referencedColumns, String definition) {
    }

    private boolean same(Existing e) {
        return "f".equals(e.type()) && e.referenced() == ref && e.columns().equals(args.columns())
                && e.referencedColumns().equals(args.referencedColumns()) && "s".equals(e.match())
                && ForeignKeyArgs.code(args.onDelete()).equals(e.onDelete())
                && ForeignKeyArgs.code(args.onUpdate()).equals(e.onUpdate());
    }

    void existing(Connection c) throws SQLException {
        List<Existing> all = Rows.list(c, Statement.of("""
                SELECT k.conname, k.contype::text, k.confrelid::bigint, k.convalidated, k.confdeltype::text,
                       k.confupdtype::text, k.confmatchtype::text,
                       ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o),
                       ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o),
                       regexp_replace(pg_get_constraintdef(k.oid), ' NOT VALID$', '')
                FROM pg_constraint k
                WHERE k.conrelid = ?::oid AND (k.conname = ? OR k.contype = 'f')
                ORDER BY k.conname""", f.oid(), name), rs -> new Existing(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getBoolean(4), rs.getString(5), rs.getString(6), rs.getString(7),
                Rows.strings(rs.getArray(8)), Rows.strings(rs.getArray(9)), rs.getString(10)));
        for (Existing e : all) {
            if (!e.name().equals(name)) {
                continue;
            }
            if (!same(e)) {
                throw PgSwapException.refused(f.displayName() + " already has a constraint named " + name + ": "
                        + e.definition() + "; choose another --name, or drop that constraint first");
            }
            if (e.valid()) {
                throw PgSwapException.nothingToDo(f.displayName() + " already has the valid foreign key " + name + " "
                        + e.definition() + "; nothing to do");
            }
            return; // NOT VALID: the run finds its first step done and validates it
        }
        for (Existing e : all) {
            if (same(e) && e.valid()) {
                throw PgSwapException.nothingToDo(f.displayName() + " already has this foreign key, named " + e.name()
                        + ": " + e.definition() + "; nothing to do");
            }
            if (same(e)) {
                throw PgSwapException.refused(f.displayName() + " already has this foreign key NOT VALID, named "
                        + e.name() + "; validate it with the same command and --name " + e.name()
                        + " (a second copy would check every write twice)");
            }
        }
    }

    /**
     * The condition on a row {@code s} of the table that references no row of the referenced table:
     * every column set (MATCH SIMPLE: a row with a NULL in the key references nothing, and passes)
     * and no match.
     */
    static String orphan(AddForeignKey.Args args, String referenced) {
        List<String> notNull = new ArrayList<>();
        List<String> match = new ArrayList<>();
        for (int i = 0; i < args.columns().size(); i++) {
            String mine = "s." + Sql.ident(args.columns().get(i));
            notNull.add(mine + " IS NOT NULL");
            match.add("p." + Sql.ident(args.referencedColumns().get(i)) + " = " + mine);
        }
        return String.join(" AND ", notNull) + " AND NOT EXISTS (SELECT 1 FROM " + referenced + " p WHERE "
                + String.join(" AND ", match) + ")";
    }

    /** " FROM table s WHERE ...": the rows of the table (alias s) that reference nothing. */
    static String orphanRows(AddForeignKey.Args args, TableFacts f, String table, String referenced) {
        return " FROM " + (f.relkind() == 'p' ? "" : "ONLY ") + table + " s WHERE " + orphan(args, referenced);
    }

    /** A validation that failed: how many rows reference nothing, which ones, what to do. */
    PgSwapException violations(Connection c, SQLException e, String table, String referenced) throws SQLException {
        if (!PgErrors.is(e, PgErrors.FOREIGN_KEY_VIOLATION)) {
            return null;
        }
        List<String> keys = args.columns().stream().map(col -> "s." + Sql.ident(col)).toList();
        String where = orphanRows(args, f, table, referenced);
        long count = Rows.longValue(c, Statement.of("SELECT count(*)" + where));
        String key = keys.size() == 1 ? keys.get(0) : "(" + String.join(", ", keys) + ")";
        List<String> samples = Rows.strings(c, Statement.of("SELECT DISTINCT (" + key + ")::text" + where
                + " ORDER BY 1 LIMIT 10"));
        return new PgSwapException(ExitCode.FAILED, count + " row(s) of " + f.displayName() + " reference no row of "
                + refName + ": (" + String.join(", ", args.columns()) + ") = " + String.join("; ", samples)
                + ". The foreign key " + name + " stays NOT VALID, so new and updated rows are checked. Fix those "
                + "rows (SELECT s.*" + where + ") or add the missing rows to " + refName + ", then run the same "
                + "command again to validate; or 'pgswap abort " + f.displayName() + "' to drop the key",
                e, e.getSQLState());
    }
}
