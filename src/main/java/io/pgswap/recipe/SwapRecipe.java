package io.pgswap.recipe;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.sql.Statement;
import java.sql.SQLException;
import java.util.List;

/**
 * A change made by copying the table into a shadow that has the new definition: {@code change}
 * gives the statements that turn the empty shadow (a copy of the original's definition) into the
 * new definition, {@code mapping} derives how each shadow column is filled by comparing the
 * shadow with the original, and {@code errors} turns a data error of the copy or the replay into
 * a message that says what to do. {@code changesColumns} says whether the change adds, drops or
 * retypes columns (the engine then learns the shadow's columns by applying the change to an empty
 * copy in a scratch transaction).
 */
public record SwapRecipe(String why, Change change, boolean changesColumns, Mapping mapping, Errors errors)
        implements Recipe {
    /** The statements applied to the empty shadow, named by its quoted, qualified name. */
    @FunctionalInterface
    public interface Change {
        List<Statement> on(String shadow);
    }

    /** The column mapping for this original and these shadow columns (generated columns excluded). */
    @FunctionalInterface
    public interface Mapping {
        ColumnMapping derive(TableFacts original, List<Column> shadowColumns);
    }

    /** A data error while filling the shadow: a message for the user, or null to report it as it is. */
    @FunctionalInterface
    public interface Errors {
        Errors NONE = (e, duringReplay) -> null;

        io.pgswap.PgSwapException explain(SQLException e, boolean duringReplay);
    }

    /** No change to the definition: every column copied as it is (repack). */
    public static final Change NO_CHANGE = shadow -> List.of();

    /**
     * Every shadow column that the original also has, copied as it is, except those that
     * {@code override} maps to another expression (it returns null for the others).
     */
    public static Mapping copyColumns(java.util.function.BiFunction<Column, Column, Statement> override) {
        return (original, shadowColumns) -> {
            List<ColumnMapping.Entry> out = new java.util.ArrayList<>();
            for (Column target : shadowColumns) {
                if (target.isGenerated()) {
                    continue;
                }
                Column source = original.column(target.name()).orElse(null);
                Statement expr = override.apply(source, target);
                if (expr == null && source != null) {
                    expr = Statement.of("o." + io.pgswap.sql.Sql.ident(source.name()));
                }
                if (expr != null) {
                    out.add(new ColumnMapping.Entry(target.name(), expr));
                }
            }
            boolean identity = shadowColumns.stream().anyMatch(c -> c.isIdentity() && !c.isGenerated());
            java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
            shadowColumns.forEach(c -> types.put(c.name(), c.type()));
            return new ColumnMapping(out, identity, types);
        };
    }

    @Override
    public String kind() {
        return "swap";
    }
}
