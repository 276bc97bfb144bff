package io.pgswap.copy;

import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.sql.Statement;

/**
 * Statement text that moves rows from the original to the shadow. The copy and the replay both
 * go through the recipe's {@link ColumnMapping}, so a copied and a replayed row get the same
 * change (a fill value, a cast). Rows never leave the server.
 */
public final class CopySql {
    private CopySql() {
    }

    /**
     * One copy batch: the live rows of heap pages [from, to). Its values are the mapping's; the
     * caller appends the batch's first and end tid.
     */
    public static Statement copyBatch(TableFacts f, Names n, ColumnMapping m) {
        Statement select = m.selectList();
        return select.withText("INSERT INTO " + n.shadow() + " (" + m.insertColumns() + ")\n"
                + m.overriding()
                + "SELECT " + select.text() + "\n"
                + "FROM ONLY " + f.qualifiedName() + " o\n"
                + "WHERE o.ctid >= CAST(? AS tid) AND o.ctid < CAST(? AS tid)");
    }

    /** The values a batch appends: its first and end tid. */
    public static Object[] pageRange(long from, long to) {
        return new Object[] {"(" + from + ",0)", "(" + to + ",0)"};
    }

    /** Heap pages of a table now; rows in later pages were written after the capture started. */
    public static Statement tablePages(String qualifiedTable) {
        return Statement.of("SELECT pg_relation_size(CAST(? AS regclass)) / current_setting('block_size')::bigint",
                qualifiedTable);
    }
}
