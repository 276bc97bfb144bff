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
 * copy in a scratch transaction). {@code checksumByDefault} turns the checksum before the swap on
 * unless {@code --no-checksum} says otherwise; {@code reverse} says how a revert fills the old
 * table from the new one, or why this change cannot be reverted.
 */
public record SwapRecipe(String why, Change change, boolean changesColumns, Mapping mapping, Errors errors,
                         boolean checksumByDefault, Reverse reverse) implements Recipe {
    /** A recipe without the checksum by default, reverted by copying the old table's columns back by name. */
    public SwapRecipe(String why, Change change, boolean changesColumns, Mapping mapping, Errors errors) {
        this(why, change, changesColumns, mapping, errors, false, sameColumnsBack(null));
    }

    /** The reverse of the column mapping, for the original and the shadow's columns (generated columns excluded). */
    @FunctionalInterface
    public interface Reverse {
        Reversal derive(TableFacts original, List<Column> shadowColumns);
    }

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

    /**
     * The reverse of a change that keeps every column with its type: each of the original's
     * columns (generated ones are recomputed) filled from the new table's column of the same name.
     * A column the new table lacks, or has with another type, makes the change irreversible here
     * (an operation that knows its type change is safe to reverse, such as a widening, supplies
     * its own {@link Reverse}). {@code note}: what the plan says about the revert, or null.
     */
    public static Reverse sameColumnsBack(String note) {
        return (original, shadowColumns) -> columnsBack(original, shadowColumns, note, false);
    }

    /**
     * The reverse of a change that may retype columns (alter): each of the original's columns
     * filled from the new table's column of the same name, cast back to its old type where the
     * change gave it another (a widening such as integer to bigint always has a way back; a value
     * written during the window that the old type cannot hold stops the revert). A column the new
     * table lacks makes the change irreversible, and so does one filled by a USING expression
     * ({@code computed}: their names), whose inverse pgswap cannot know (a cast back would not undo
     * {@code convert_to(payload, 'UTF8')}). The engine has the server check the expressions against the
     * new table's types before anything is created.
     */
    public static Reverse castColumnsBack(java.util.Set<String> computed) {
        return (original, shadowColumns) -> computed.isEmpty() ? columnsBack(original, shadowColumns, null, true)
                : Reversal.impossible("column " + computed.stream().sorted().findFirst().orElseThrow() + " is "
                + "filled by a USING expression, and pgswap cannot know the expression that turns the new values "
                + "back into the old ones (a cast back is not its inverse); a revert could not give the rows "
                + "written after the swap their old value");
    }

    private static Reversal columnsBack(TableFacts original, List<Column> shadowColumns, String note, boolean cast) {
        List<ColumnMapping.Entry> out = new java.util.ArrayList<>();
        List<String> retyped = new java.util.ArrayList<>();
        java.util.Map<String, String> oldTypes = new java.util.LinkedHashMap<>();
        for (Column target : original.columns()) {
            oldTypes.put(target.name(), target.type());
            if (target.isGenerated()) {
                continue;
            }
            Column source = shadowColumns.stream().filter(c -> c.name().equals(target.name())).findFirst()
                    .orElse(null);
            if (source == null) {
                return Reversal.impossible("column " + target.name() + " is not in the new table, so a revert "
                        + "could not give rows written after the swap their " + target.name());
            }
            String ref = "o." + io.pgswap.sql.Sql.ident(source.name());
            boolean changed = !source.type().equals(target.type());
            if (changed && !cast) {
                return Reversal.impossible("column " + target.name() + " changes type from " + target.type()
                        + " to " + source.type() + ", and pgswap cannot tell that every " + source.type()
                        + " value fits in " + target.type());
            }
            if (changed) {
                retyped.add(target.name() + " (" + source.type() + " back to " + target.type() + ")");
            }
            out.add(new ColumnMapping.Entry(target.name(),
                    // to the old type without its length: the old column's assignment then refuses a value too
                    // long for it (exit 1) instead of the explicit cast cutting it
                    Statement.of(changed ? "CAST(" + ref + " AS " + io.pgswap.sql.Casts.withoutLength(target.type())
                            + ")" : ref)));
        }
        boolean identity = original.columns().stream().anyMatch(c -> c.isIdentity() && !c.isGenerated());
        String why = retyped.isEmpty() ? note : "a revert casts the values written during the window back: "
                + String.join(", ", retyped) + "; one the old type cannot hold stops the revert (exit 1, nothing "
                + "reverted)";
        return Reversal.of(new ColumnMapping(out, identity, retyped.isEmpty() ? java.util.Map.of() : oldTypes), why);
    }

    @Override
    public String kind() {
        return "swap";
    }

    @Override
    public boolean movesRows() {
        return true;
    }
}
