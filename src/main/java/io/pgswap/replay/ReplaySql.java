package io.pgswap.replay;

import io.pgswap.capture.Capture;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Statement text for one replay batch. The batch takes the oldest log rows by id and deletes
 * exactly those rows (I2), collapses them to distinct keys (I3: what counts is each key's
 * current row), removes those keys from the shadow and re-inserts whatever the original holds
 * for them now. All of it runs in one REPEATABLE READ transaction, so the rows read from the
 * original are at least as new as every log row consumed.
 */
public final class ReplaySql {
    private ReplaySql() {
    }

    public static String createKeysTable(TableFacts f, Names n) {
        List<Column> key = f.keyColumns();
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            cols.add(Sql.ident(Capture.logKeyColumn(i)) + " " + key.get(i).type());
        }
        return "CREATE TEMP TABLE IF NOT EXISTS " + Sql.ident(n.replayKeysName())
                + " (" + String.join(", ", cols) + ") ON COMMIT DELETE ROWS";
    }

    /**
     * The key table is never analyzed, so the planner would join it to the shadow and the
     * original with a merge or hash join over the whole table; a batch must cost what its keys
     * cost, so replay transactions use nested loops over the key indexes.
     */
    public static List<String> sessionSettings() {
        return List.of("SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off");
    }

    /** Parameter: batch size. Returns (log rows consumed, distinct keys, truncate markers). */
    public static String takeBatch(TableFacts f, Names n) {
        String cols = String.join(", ", Capture.logKeyColumns(f));
        return "WITH batch AS (\n"
                + "  DELETE FROM " + n.logTable() + "\n"
                + "  WHERE id IN (SELECT id FROM " + n.logTable() + " ORDER BY id LIMIT ?)\n"
                + "  RETURNING op, " + cols + "\n"
                + "), keys AS (\n"
                + "  INSERT INTO " + n.replayKeys() + " (" + cols + ")\n"
                + "  SELECT DISTINCT " + cols + " FROM batch WHERE op <> 'T'\n"
                + "  RETURNING 1\n"
                + ")\n"
                + "SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM keys),\n"
                + "       (SELECT count(*) FROM batch WHERE op = 'T')";
    }

    /**
     * The shadow's rows of the batch's keys. The keys are the original's values; when the change
     * gives a key column another type, they are cast to the shadow's type to find its rows (a
     * USING on a key column is refused unless it is that same cast).
     */
    public static String deleteFromShadow(TableFacts f, Names n) {
        return deleteFromShadow(f, n, null);
    }

    /** {@link #deleteFromShadow(TableFacts, Names)} for a shadow whose key may have another type ({@code m}). */
    public static String deleteFromShadow(TableFacts f, Names n, ColumnMapping m) {
        return "DELETE FROM " + n.shadow() + " s\n"
                + "USING " + n.replayKeys() + " k\n"
                + "WHERE " + keyMatch(f, "s", "k", m);
    }

    /** The current rows of the batch's keys, through the same mapping as the copy. */
    public static Statement insertIntoShadow(TableFacts f, Names n, ColumnMapping m) {
        Statement select = m.selectList();
        return select.withText("INSERT INTO " + n.shadow() + " (" + m.insertColumns() + ")\n"
                + m.overriding()
                + "SELECT " + select.text() + "\n"
                + "FROM ONLY " + f.qualifiedName() + " o\n"
                + "JOIN " + n.replayKeys() + " k ON " + keyMatch(f, "o", "k", null));
    }

    /** Parameter: the log table's name. Returns (approximate rows, bytes). */
    public static String backlog(Names n) {
        return "SELECT coalesce(max(id) - min(id) + 1, 0), pg_total_relation_size(CAST(? AS regclass)) FROM "
                + n.logTable();
    }

    /**
     * {@code row.key = keys.k1 AND ...}; with {@code shadow} given, {@code row} is the shadow and
     * each logged key value is cast to the shadow's type where the change gives the column another.
     */
    public static String keyMatch(TableFacts f, String row, String keys, ColumnMapping shadow) {
        List<Column> key = f.keyColumns();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            String logged = keys + "." + Sql.ident(Capture.logKeyColumn(i));
            String type = shadow == null ? null : shadow.changedType(key.get(i));
            // the log holds the original's key type; the shadow's may be another (a cut or failing cast
            // of a key the shadow's type cannot hold must match no row, not another row or an error)
            parts.add(row + "." + Sql.ident(key.get(i).name()) + " = "
                    + (type == null ? logged : io.pgswap.sql.Casts.comparable(logged, key.get(i).type(), type)));
        }
        return String.join(" AND ", parts);
    }
}
