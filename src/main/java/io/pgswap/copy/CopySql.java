package io.pgswap.copy;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.engine.MigrationSpec;
import io.pgswap.plan.Names;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * Statement text that moves rows from the original to the shadow, shared by the copy and the
 * replay so both apply the change (e.g. --fill) the same way. Rows never leave the server.
 */
public final class CopySql {
    private CopySql() {
    }

    /** Target column list of the INSERT: every column except generated ones. */
    public static String insertColumns(TableFacts f) {
        return Sql.identList(f.copiedColumns().stream().map(Column::name).toList());
    }

    /**
     * The SELECT list reading {@code alias}'s columns; the filled column becomes
     * {@code COALESCE(col, CAST(? AS type))} with the fill value as the (only) bind parameter.
     */
    public static String selectList(TableFacts f, MigrationSpec spec, String alias) {
        List<String> out = new ArrayList<>();
        for (Column c : f.copiedColumns()) {
            String ref = alias + "." + Sql.ident(c.name());
            if (spec.fill() != null && c.name().equals(spec.column())) {
                out.add("COALESCE(" + ref + ", CAST(? AS " + c.type() + "))");
            } else {
                out.add(ref);
            }
        }
        return String.join(", ", out);
    }

    public static String overriding(TableFacts f) {
        return f.columns().stream().anyMatch(c -> c.isIdentity() && !c.isGenerated()) ? "OVERRIDING SYSTEM VALUE\n" : "";
    }

    /** One copy batch: the live rows of heap pages [from, to). Parameters: fill?, from tid, to tid. */
    public static String copyBatch(TableFacts f, Names n, MigrationSpec spec) {
        return "INSERT INTO " + n.shadow() + " (" + insertColumns(f) + ")\n"
                + overriding(f)
                + "SELECT " + selectList(f, spec, "o") + "\n"
                + "FROM ONLY " + f.qualifiedName() + " o\n"
                + "WHERE o.ctid >= CAST(? AS tid) AND o.ctid < CAST(? AS tid)";
    }

    /** Heap pages of the original now; rows in later pages were written after the capture started. */
    public static String tablePages() {
        return "SELECT pg_relation_size(CAST(? AS regclass)) / current_setting('block_size')::bigint";
    }
}
