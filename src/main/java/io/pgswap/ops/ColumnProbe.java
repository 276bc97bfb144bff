package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Probe;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the server what adding a column would do, instead of guessing from the text: the column is
 * added to an empty copy of the table's definition in a scratch transaction (always rolled
 * back), first with its type alone, then with its default, and the copy's relfilenode tells
 * whether PostgreSQL rewrote it. That also makes the server check the type and the DEFAULT
 * expression, and shows what else the TYPE text created (a sequence for serial, constraints, an
 * identity or a generated expression).
 *
 * @param typeRewrites   adding the column with its type alone rewrites (a domain with constraints)
 * @param rewrites       adding it with its default rewrites (a volatile default, or the above)
 * @param type           the type as the server names it (format_type)
 * @param domain         the type is a domain
 * @param identity       attidentity of the added column
 * @param generated      attgenerated of the added column ('s' stored, 'v' virtual)
 * @param defaultInType  the TYPE text gave a default of its own
 * @param notNullInType  the TYPE text made the column NOT NULL
 * @param extras         other objects the TYPE text created ("a sequence", "a constraint", "an index", ...)
 */
record ColumnProbe(boolean typeRewrites, boolean rewrites, String type, boolean domain, char identity,
                   char generated, boolean defaultInType, boolean notNullInType, List<String> extras) {
    private static final String PROBE = "pgswap_column_probe";
    private static final String REL = "'pg_temp." + PROBE + "'::regclass";

    static ColumnProbe of(TableFacts f, String column, String type, String defaultExpr, Probe server)
            throws SQLException {
        return server.scratch(tx -> {
            Tx.execute(tx, List.of("CREATE TEMP TABLE " + PROBE + " (LIKE " + f.qualifiedName()
                    + " INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING CONSTRAINTS) ON COMMIT DROP",
                    "SAVEPOINT pgswap_probe"));
            long before = filenode(tx);
            long[] objects = objects(tx);
            String add = "ALTER TABLE pg_temp." + PROBE + " ADD COLUMN " + Sql.ident(column) + " " + type;
            try {
                Tx.execute(tx, List.of(add));
            } catch (SQLException e) {
                if (SqlTokens.tokenize(type).stream().anyMatch(t -> t.kind() == SqlTokens.Kind.WORD
                        && "references".equals(SqlTokens.lower(t.text())))) {
                    // the probe's temporary table cannot reference a table: say what the text asks for instead
                    throw PgSwapException.refused("the type '" + type + "' also creates a foreign key; give only the "
                            + "type here and add the key with add-foreign-key. Nothing was changed");
                }
                throw refusal(e, "the type '" + type + "' is not valid for a new column of " + f.displayName(),
                        " (TYPE is a type, e.g. 'numeric(12,2)' or 'text COLLATE \"C\"'; constraints go through "
                                + "add-check, add-foreign-key or add-index)");
            }
            boolean typeRewrites = filenode(tx) != before;
            Object[] col = Rows.first(tx, Statement.of("""
                    SELECT format_type(a.atttypid, a.atttypmod), t.typtype = 'd', a.attidentity::text,
                           a.attgenerated::text, a.attnotnull, a.atthasdef
                    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                    WHERE a.attrelid = %s AND a.attname = ?""".formatted(REL), column),
                    rs -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getBoolean(6)}).orElseThrow();
            List<String> extras = extras(objects, objects(tx));
            boolean rewrites = typeRewrites;
            if (defaultExpr != null) {
                Tx.execute(tx, List.of("ROLLBACK TO SAVEPOINT pgswap_probe"));
                try {
                    Tx.execute(tx, List.of(add + " DEFAULT (" + defaultExpr + ")"));
                } catch (SQLException e) {
                    throw refusal(e, "the DEFAULT expression is not valid for column " + column + " (" + col[0]
                            + ") of " + f.displayName(), "");
                }
                rewrites = filenode(tx) != before;
            }
            return new ColumnProbe(typeRewrites, rewrites, (String) col[0], (Boolean) col[1], charOf((String) col[2]),
                    charOf((String) col[3]), (Boolean) col[5], (Boolean) col[4], extras);
        });
    }

    /** The column's type and default as the server would store them, for comparison with a column that exists. */
    static String[] normalForm(String column, String type, String defaultExpr, Probe server) throws SQLException {
        return server.scratch(tx -> {
            try {
                Tx.execute(tx, List.of("CREATE TEMP TABLE " + PROBE + " (" + Sql.ident(column) + " " + type
                        + (defaultExpr == null ? "" : " DEFAULT (" + defaultExpr + ")") + ") ON COMMIT DROP"));
            } catch (SQLException e) {
                throw refusal(e, "the column definition '" + type + (defaultExpr == null ? "" : " DEFAULT ("
                        + defaultExpr + ")") + "' is not valid", "");
            }
            return Rows.first(tx, Statement.of("""
                    SELECT format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid)
                    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE a.attrelid = %s AND a.attname = ?""".formatted(REL), column),
                    rs -> new String[] {rs.getString(1), rs.getString(2)}).orElseThrow();
        });
    }

    private static PgSwapException refusal(SQLException e, String what, String hint) throws SQLException {
        if (PgErrors.isUserSqlError(e) || PgErrors.isIntegrityViolation(e)) {
            return new PgSwapException(ExitCode.REFUSED, what + ": " + PgErrors.message(e) + hint
                    + ". Nothing was changed", e, e.getSQLState());
        }
        throw e;
    }

    private static long filenode(Connection tx) throws SQLException {
        return Rows.longValue(tx, Statement.of("SELECT pg_relation_filenode(" + REL + ")::bigint"));
    }

    /** Constraints (other than NOT NULL), indexes, owned sequences, triggers of the probe table. */
    private static long[] objects(Connection tx) throws SQLException {
        return Rows.first(tx, Statement.of("""
                SELECT (SELECT count(*) FROM pg_constraint WHERE conrelid = %1$s AND contype <> 'n'),
                       (SELECT count(*) FROM pg_index WHERE indrelid = %1$s),
                       (SELECT count(*) FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                        WHERE d.classid = 'pg_class'::regclass AND d.refobjid = %1$s),
                       (SELECT count(*) FROM pg_trigger WHERE tgrelid = %1$s)""".formatted(REL)),
                rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)}).orElseThrow();
    }

    private static List<String> extras(long[] before, long[] after) {
        String[] kinds = {"a constraint", "an index", "a sequence", "a trigger"};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            if (after[i] > before[i]) {
                out.add(kinds[i]);
            }
        }
        return List.copyOf(out);
    }

    private static char charOf(String s) {
        return s == null || s.isEmpty() ? ' ' : s.charAt(0);
    }
}
