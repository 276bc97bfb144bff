package io.pgswap.ops;

import io.pgswap.catalog.TableFacts;
import io.pgswap.db.Rows;
import io.pgswap.plan.Estimates;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How many rows of a column are NULL, and what that makes each add-not-null strategy cost. From
 * the planner's statistics when the table was analyzed; otherwise counted (small tables) or from
 * a 1 % block sample. Read only.
 */
record NullEstimate(long nulls, long rows, String source) {
    static final long COUNT_BELOW_ROWS = 100_000;

    static NullEstimate of(TableFacts f, String column, Connection c) throws SQLException {
        Double frac = Rows.first(c, Statement.of("""
                SELECT null_frac FROM pg_stats
                WHERE schemaname = ? AND tablename = ? AND attname = ? AND NOT inherited""",
                f.schema(), f.name(), column), rs -> rs.getDouble(1)).orElse(null);
        if (frac != null) {
            return new NullEstimate(Math.round(frac * f.estimatedRows()), f.estimatedRows(), "statistics");
        }
        String col = Sql.ident(column);
        if (f.estimatedRows() < COUNT_BELOW_ROWS) {
            long[] n = Rows.first(c, Statement.of("SELECT count(*) FILTER (WHERE " + col + " IS NULL), count(*) FROM ONLY "
                    + f.qualifiedName()), rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElseThrow();
            return new NullEstimate(n[0], n[1], "counted");
        }
        double share = Rows.first(c, Statement.of("SELECT coalesce(avg((" + col + " IS NULL)::int), 0)::float8 FROM ONLY "
                + f.qualifiedName() + " TABLESAMPLE SYSTEM (1)"), rs -> rs.getDouble(1)).orElse(0.0);
        return new NullEstimate(Math.round(share * f.estimatedRows()), f.estimatedRows(), "1 % sample");
    }

    /** "120 ms", "3.4 s", "2 min". */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return Math.round(ms / 60_000.0) + " min";
    }

    double share() {
        return rows <= 0 ? 0 : (double) nulls / rows;
    }

    String describe() {
        return "about " + nulls + " of " + rows + " rows are NULL (" + source + ")";
    }

    /** One scan to validate; with a fill one more to find the NULLs, and an UPDATE of each of them. */
    Duration inPlace(TableFacts f, boolean fill) {
        long table = f.heapBytes() + f.toastBytes();
        Duration scan = Estimates.of(table, Estimates.SCAN_BYTES_PER_SECOND);
        if (!fill) {
            return scan;
        }
        long rowBytes = rows > 0 ? table / Math.max(1, rows) : 100;
        // an UPDATE writes the row again, its index entries and WAL: about a third of the copy's rate
        Duration updates = Estimates.of(nulls * rowBytes, Estimates.COPY_BYTES_PER_SECOND / 3);
        return scan.plus(scan).plus(updates);
    }

    /** The copy of the whole table and the index builds. */
    Duration swap(TableFacts f) {
        return Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.COPY_BYTES_PER_SECOND)
                .plus(Estimates.of(f.indexBytes(), Estimates.INDEX_BYTES_PER_SECOND));
    }
}
