package io.pgswap.recipe;

/**
 * How the old table is filled from the new one after a swap, for {@code pgswap revert}: a column
 * mapping whose expressions read the new table's row as {@code o} and fill the old table's
 * columns, with a note for the plan ("the old table accepts NULLs again"); or why the change
 * cannot be reverted (a dropped column, a narrowing type change), in which case
 * {@code --revert-window} is refused.
 */
public record Reversal(ColumnMapping mapping, String note, String impossible) {
    public Reversal {
        if ((mapping == null) == (impossible == null)) {
            throw new IllegalArgumentException("a reversal has either a mapping or a reason it is impossible");
        }
    }

    public static Reversal of(ColumnMapping mapping, String note) {
        return new Reversal(mapping, note, null);
    }

    public static Reversal impossible(String why) {
        return new Reversal(null, null, why);
    }

    public boolean possible() {
        return impossible == null;
    }
}
