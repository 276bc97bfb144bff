package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A value that replaces NULLs in a column (add-not-null --fill), checked against everything on
 * the column before anything is created: its type and domain, the table's CHECK constraints,
 * foreign keys and unique indexes, evaluated for the rows that will get it. Read only; a value
 * that would fail later is refused now, with the constraint named.
 */
final class FillValue {
    private final TableFacts facts;
    private final Column column;
    private final String value;

    FillValue(TableFacts facts, Column column, String value) {
        this.facts = facts;
        this.column = column;
        this.value = value;
    }

    /** {@code COALESCE(o."col", CAST(? AS type))} with the value bound. */
    Statement coalesce(String alias) {
        return Statement.of("COALESCE(" + alias + "." + Sql.ident(column.name()) + ", CAST(? AS " + column.type() + "))",
                value);
    }

    void check(Connection c) throws SQLException {
        castable(c);
        checks(c);
        foreignKeys(c);
        uniques(c);
    }

    private void castable(Connection c) throws SQLException {
        try {
            if (Rows.bool(c, Statement.of("SELECT CAST(? AS " + column.type() + ") IS NULL", value))) {
                throw PgSwapException.usage("--fill must not be NULL");
            }
        } catch (SQLException e) {
            if (PgErrors.isIntegrityViolation(e)) {
                throw PgSwapException.refused("--fill value '" + value + "' is not allowed in column " + column.name()
                        + " of " + facts.displayName() + ": " + PgErrors.message(e) + ". Nothing was changed");
            }
            if (PgErrors.isUserSqlError(e)) {
                throw new PgSwapException(ExitCode.USAGE, "--fill value '" + value + "' is not a valid " + column.type()
                        + " (column " + column.name() + "): " + PgErrors.message(e), e, e.getSQLState());
            }
            throw e;
        }
    }

    /** The rows that will get the value, as they will be: every column, the filled one replaced. */
    private Statement filledRows() {
        List<String> cols = new ArrayList<>();
        for (Column col : facts.columns()) {
            String ref = "o." + Sql.ident(col.name());
            cols.add(col.name().equals(column.name())
                    ? "COALESCE(" + ref + ", CAST(? AS " + column.type() + ")) AS " + Sql.ident(col.name())
                    : ref);
        }
        return Statement.of("SELECT " + String.join(", ", cols) + " FROM ONLY " + facts.qualifiedName() + " o WHERE o."
                + Sql.ident(column.name()) + " IS NULL", value);
    }

    private void checks(Connection c) throws SQLException {
        // the column's constraints, and the NOT VALID ones on other columns: PostgreSQL checks each row an
        // UPDATE writes against every constraint, so the fill fails on a NULL row that breaks one of those
        List<String[]> checks = Rows.list(c, Statement.of("""
                SELECT k.conname, pg_get_expr(k.conbin, k.conrelid), a.attnum = ANY(k.conkey)
                FROM pg_constraint k
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attname = ?
                WHERE k.conrelid = ?::oid AND k.contype = 'c' AND (a.attnum = ANY(k.conkey) OR NOT k.convalidated)
                ORDER BY k.conname""", column.name(), facts.oid()),
                rs -> new String[] {rs.getString(1), rs.getString(2), String.valueOf(rs.getBoolean(3))});
        for (String[] k : checks) {
            Statement rows = filledRows();
            boolean violated = Rows.bool(c, rows.withText("SELECT EXISTS (SELECT 1 FROM (" + rows.text() + ") "
                    + Sql.ident(facts.name()) + " WHERE NOT coalesce((" + k[1] + "), true))"));
            if (violated && !Boolean.parseBoolean(k[2])) {
                throw PgSwapException.refused("rows of " + facts.displayName() + " where " + column.name() + " is NULL "
                        + "break the NOT VALID CHECK constraint " + k[0] + " (" + k[1] + "); filling them updates "
                        + "them, and PostgreSQL checks every updated row against it, so the fill would fail. Nothing "
                        + "was "
                        + "changed; fix those rows (SELECT * FROM ONLY " + facts.qualifiedName() + " WHERE "
                        + Sql.ident(column.name()) + " IS NULL AND NOT (" + k[1] + ")) or drop the constraint");
            }
            if (violated) {
                throw PgSwapException.refused("--fill value '" + value + "' violates CHECK constraint " + k[0] + " ("
                        + k[1] + ") of " + facts.displayName() + " in the rows where " + column.name()
                        + " is NULL. Nothing was changed; choose a value the constraint accepts");
            }
        }
    }

    private void foreignKeys(Connection c) throws SQLException {
        List<Key> keys = Rows.list(c, Statement.of("""
                SELECT k.conname, rn.nspname, r.relname,
                       ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o),
                       ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)
                FROM pg_constraint k
                JOIN pg_class r ON r.oid = k.confrelid
                JOIN pg_namespace rn ON rn.oid = r.relnamespace
                JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attname = ?
                WHERE k.conrelid = ?::oid AND k.contype = 'f' AND a.attnum = ANY(k.conkey)
                ORDER BY k.conname""", column.name(), facts.oid()), rs -> new Key(rs.getString(1),
                rs.getString(2), rs.getString(3), Rows.strings(rs.getArray(4)), Rows.strings(rs.getArray(5))));
        for (Key k : keys) {
            List<String> mine = k.columns();
            List<String> theirs = k.referenced();
            List<String> notNull = new ArrayList<>();
            List<String> match = new ArrayList<>();
            for (int i = 0; i < mine.size(); i++) {
                notNull.add("s." + Sql.ident(mine.get(i)) + " IS NOT NULL");
                match.add("r." + Sql.ident(theirs.get(i)) + " = s." + Sql.ident(mine.get(i)));
            }
            Statement rows = filledRows();
            boolean violated = Rows.bool(c, rows.withText("SELECT EXISTS (SELECT 1 FROM (" + rows.text() + ") s WHERE "
                    + String.join(" AND ", notNull) + " AND NOT EXISTS (SELECT 1 FROM ONLY "
                    + Sql.qualified(k.schema(), k.table()) + " r WHERE " + String.join(" AND ", match) + "))"));
            if (violated) {
                throw PgSwapException.refused("--fill value '" + value + "' violates foreign key " + k.name() + " ("
                        + facts.displayName() + "(" + String.join(", ", mine) + ") references "
                        + QualifiedName.format(k.schema(), k.table()) + "(" + String.join(", ", theirs) + ")): the referenced "
                        + "table has no matching row. Nothing was changed; fill with a value that exists there");
            }
        }
    }

    private void uniques(Connection c) throws SQLException {
        for (var i : facts.indexes()) {
            if (!i.unique() || i.partial() || i.hasExpressions() || !i.keyColumns().contains(column.name())) {
                continue;
            }
            List<String> keys = i.keyColumns().stream().map(k -> "s." + Sql.ident(k)).toList();
            List<String> select = new ArrayList<>();
            List<String> plain = new ArrayList<>();
            for (String k : i.keyColumns()) {
                String ref = "o." + Sql.ident(k);
                select.add(k.equals(column.name()) ? "COALESCE(" + ref + ", CAST(? AS " + column.type() + ")) AS "
                        + Sql.ident(k) : ref);
                plain.add(ref);
            }
            String col = "o." + Sql.ident(column.name());
            Statement q = Statement.of("SELECT EXISTS (SELECT 1 FROM (SELECT " + String.join(", ", select)
                    + " FROM ONLY " + facts.qualifiedName() + " o WHERE " + col + " IS NULL UNION ALL SELECT "
                    + String.join(", ", plain) + " FROM ONLY " + facts.qualifiedName() + " o WHERE " + col
                    + " = CAST(? AS " + column.type() + ")) s WHERE "
                    + String.join(" AND ", keys.stream().map(k -> k + " IS NOT NULL").toList())
                    + " GROUP BY " + String.join(", ", keys) + " HAVING count(*) > 1)", value, value);
            if (Rows.bool(c, q)) {
                throw PgSwapException.refused("--fill value '" + value + "' would violate unique index " + i.name()
                        + " (" + String.join(", ", i.keyColumns()) + ") of " + facts.displayName() + ": more than one "
                        + "row would hold it (several NULLs, or a row that already has the value). Nothing was "
                        + "changed; give those rows distinct values first");
            }
        }
    }

    private record Key(String name, String schema, String table, List<String> columns, List<String> referenced) {
    }
}
