package io.pgswap.capture;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * The change log and the trigger that fills it. The log records only the key of each written
 * row (the old and the new key when an UPDATE changes it): replay re-reads the row's current
 * version from the original table, so the log stays narrow and the trigger cheap.
 *
 * <p>The trigger function is SECURITY DEFINER (owned by the role running pgswap) so that
 * application roles need no privilege on the pgswap schema: an application write never fails
 * because of the capture. It has no exception handler on purpose: swallowing an error would
 * silently lose a change.
 */
public final class Capture {
    private Capture() {
    }

    /** Log table column for key column number {@code i} (k1, k2, ...): never clashes with id/op. */
    public static String logKeyColumn(int i) {
        return Names.logKeyColumn(i);
    }

    public static List<String> logKeyColumns(TableFacts f) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < f.keyColumns().size(); i++) {
            out.add(Sql.ident(logKeyColumn(i)));
        }
        return out;
    }

    /** Statements run before the trigger exists; they take no lock on the original. */
    public static List<String> createLog(TableFacts f, Names n) {
        return createLog(f.displayName(), f.keyColumns(), n);
    }

    /**
     * The log of the writes to {@code table} (for people, in comments) with one column per key
     * column of {@code key} (their types), and the trigger function that fills it. With
     * {@link Names#reversed()} names: the reverse capture on the new table after a swap.
     */
    public static List<String> createLog(String table, List<Column> key, Names n) {
        StringBuilder log = new StringBuilder("CREATE TABLE " + n.logTable() + " (\n"
                + "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                + "  op \"char\" NOT NULL DEFAULT 'R'");
        for (int i = 0; i < key.size(); i++) {
            log.append(",\n  ").append(Sql.ident(logKeyColumn(i))).append(' ').append(key.get(i).type());
        }
        log.append("\n)");
        String what = n.reverse() ? "reverse change log (writes since the swap) of " : "change log of ";
        return List.of(log.toString(), function(key, n),
                "COMMENT ON TABLE " + n.logTable() + " IS " + Sql.literal(n.marker() + ": " + what + table),
                "COMMENT ON FUNCTION " + n.captureFunction() + "() IS "
                        + Sql.literal(n.marker() + ": " + (n.reverse() ? "reverse " : "") + "capture trigger function of "
                        + table));
    }

    static String function(TableFacts f, Names n) {
        return function(f.keyColumns(), n);
    }

    static String function(List<Column> key, Names n) {
        List<String> logCols = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            logCols.add(Sql.ident(logKeyColumn(i)));
        }
        String cols = String.join(", ", logCols);
        String newKey = refs("NEW", key);
        String oldKey = refs("OLD", key);
        StringBuilder changed = new StringBuilder();
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) {
                changed.append(" OR ");
            }
            String c = Sql.ident(key.get(i).name());
            changed.append("OLD.").append(c).append(" IS DISTINCT FROM NEW.").append(c);
        }
        String body = """
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    INSERT INTO %1$s (%2$s) VALUES (%3$s);
                  ELSIF TG_OP = 'UPDATE' THEN
                    INSERT INTO %1$s (%2$s) VALUES (%3$s);
                    IF %5$s THEN
                      INSERT INTO %1$s (%2$s) VALUES (%4$s);
                    END IF;
                  ELSIF TG_OP = 'DELETE' THEN
                    INSERT INTO %1$s (%2$s) VALUES (%4$s);
                  ELSE
                    INSERT INTO %1$s (op) VALUES ('T');
                  END IF;
                  RETURN NULL;
                END
                """.formatted(n.logTable(), cols, newKey, oldKey, changed);
        String tag = dollarTag(body);
        return "CREATE FUNCTION " + n.captureFunction() + "() RETURNS trigger\n"
                + "LANGUAGE plpgsql SECURITY DEFINER\n"
                + "SET search_path = pg_catalog, pg_temp\n"
                + "AS " + tag + "\n" + body + tag;
    }

    /** Statements that attach the capture to the original (SHARE ROW EXCLUSIVE, bounded by lock_timeout). */
    public static List<String> createTriggers(TableFacts f, Names n) {
        return createTriggers(f.qualifiedName(), n);
    }

    /** The row and TRUNCATE triggers on {@code qualifiedTable} (quoted), ENABLE ALWAYS. */
    public static List<String> createTriggers(String qualifiedTable, Names n) {
        return List.of(
                "CREATE TRIGGER " + Sql.ident(n.captureTrigger()) + "\n"
                        + "AFTER INSERT OR UPDATE OR DELETE ON " + qualifiedTable + "\n"
                        + "FOR EACH ROW EXECUTE FUNCTION " + n.captureFunction() + "()",
                "CREATE TRIGGER " + Sql.ident(n.truncateTrigger()) + "\n"
                        + "AFTER TRUNCATE ON " + qualifiedTable + "\n"
                        + "FOR EACH STATEMENT EXECUTE FUNCTION " + n.captureFunction() + "()",
                "ALTER TABLE " + qualifiedTable + " ENABLE ALWAYS TRIGGER " + Sql.ident(n.captureTrigger()),
                "ALTER TABLE " + qualifiedTable + " ENABLE ALWAYS TRIGGER " + Sql.ident(n.truncateTrigger()));
    }

    /** Removes the triggers from {@code table} (ACCESS EXCLUSIVE, bounded), then the function and log. */
    public static List<String> drop(String qualifiedTable, Names n) {
        List<String> out = new ArrayList<>();
        if (qualifiedTable != null) {
            out.add("DROP TRIGGER IF EXISTS " + Sql.ident(n.captureTrigger()) + " ON " + qualifiedTable);
            out.add("DROP TRIGGER IF EXISTS " + Sql.ident(n.truncateTrigger()) + " ON " + qualifiedTable);
        }
        out.add("DROP FUNCTION IF EXISTS " + n.captureFunction() + "() CASCADE");
        out.add("DROP TABLE IF EXISTS " + n.logTable());
        return out;
    }

    private static String refs(String record, List<Column> key) {
        List<String> out = new ArrayList<>();
        for (Column c : key) {
            out.add(record + "." + Sql.ident(c.name()));
        }
        return String.join(", ", out);
    }

    /** A dollar-quote tag that does not occur in the body, whatever the column names contain. */
    static String dollarTag(String body) {
        for (int i = 0; ; i++) {
            String tag = "$pgswap" + (i == 0 ? "" : "_" + i) + "$";
            if (!body.contains(tag)) {
                return tag;
            }
        }
    }
}
