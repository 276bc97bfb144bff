package io.pgswap.engine;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Probe;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.Statement;
import java.sql.SQLException;
import java.util.List;

/**
 * The columns the shadow will have. When the recipe changes no column (repack, add-not-null)
 * they are the original's; otherwise the change is applied to an empty copy of the table in a
 * scratch transaction (rolled back) and the copy's columns are read, so the dry run and the run
 * derive the same mapping from the same server answer.
 */
final class ShadowColumns {
    private static final String PROBE = "pgswap_shadow_probe";

    private ShadowColumns() {
    }

    static List<Column> of(TableFacts f, SwapRecipe recipe, Probe probe) throws SQLException {
        if (!recipe.changesColumns()) {
            return f.columns();
        }
        return probe.scratch(tx -> {
            Tx.execute(tx, List.of("CREATE TEMP TABLE " + PROBE + " (LIKE " + f.qualifiedName()
                    + " INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED INCLUDING CONSTRAINTS) ON COMMIT DROP"));
            Tx.run(tx, recipe.change().on("pg_temp." + PROBE));
            long oid = Rows.longValue(tx, Statement.of("SELECT 'pg_temp." + PROBE + "'::regclass::oid::bigint"));
            return new Inspector(tx).columns(oid);
        });
    }
}
