package io.pgswap.ops;

import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Probe;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.Statement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value a column added with a default that is not volatile ({@code DEFAULT now()},
 * {@code current_date}, a constant) gives every existing row. A plain ALTER TABLE evaluates such
 * a default once and every row has that value; the swap copies in many transactions, each with
 * its own {@code now()}, so the value is taken once, at the start, and copied as a constant. Which
 * defaults are not volatile is PostgreSQL's decision: on a one-row scratch table, ADD COLUMN
 * stores a "missing value" for the existing row exactly when the default is not volatile.
 */
final class AlterDefaults {
    private static final String PROBE = "pgswap_default_probe";

    private AlterDefaults() {
    }

    /** Added column to its once-evaluated default, as text; columns with a volatile default or none are absent. */
    static Map<String, String> once(TableFacts f, SwapRecipe.Change change, Probe server) throws SQLException {
        return server.scratch(tx -> {
            String copy = "pg_temp.pgswap_defaults_copy";
            Tx.execute(tx, List.of(AlterProbe.createCopy(f, "pgswap_defaults_copy")));
            Tx.run(tx, change.on(copy));
            List<String[]> added = Rows.list(tx, Statement.of("""
                    SELECT a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid)
                    FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped
                      AND a.attgenerated = '' AND NOT (a.attname = ANY(CAST(? AS text[])))
                    ORDER BY a.attnum""", copy, tx.createArrayOf("text", f.columns().stream()
                    .map(io.pgswap.catalog.Column::name).toArray())),
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            Map<String, String> out = new LinkedHashMap<>();
            for (String[] a : added) {
                // the type and the default as the server prints them, on a scratch table of one row
                Tx.execute(tx, List.of("CREATE TEMP TABLE " + PROBE + " (dummy int) ON COMMIT DROP",
                        "INSERT INTO pg_temp." + PROBE + " VALUES (1)",
                        "ALTER TABLE pg_temp." + PROBE + " ADD COLUMN v " + a[1] + " DEFAULT " + a[2]));
                Object[] v = Rows.first(tx, Statement.of("SELECT (SELECT atthasmissing FROM pg_attribute WHERE "
                        + "attrelid = CAST(? AS regclass) AND attname = 'v'), (SELECT CAST(v AS text) FROM pg_temp."
                        + PROBE + ")", "pg_temp." + PROBE), rs -> new Object[] {rs.getBoolean(1), rs.getString(2)})
                        .orElseThrow();
                if ((Boolean) v[0] && v[1] != null) {
                    out.put(a[0], (String) v[1]);
                }
                Tx.execute(tx, List.of("DROP TABLE pg_temp." + PROBE));
            }
            return out;
        });
    }
}
