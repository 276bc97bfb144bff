package io.pgswap.recipe;

/**
 * How an operation carries out its change: by copying into a shadow table and swapping it in
 * ({@link SwapRecipe}), or by an ordered list of steps on the table itself ({@link InPlaceRecipe}).
 * One engine runs both; {@code why} says in the plan why this recipe was chosen.
 */
public sealed interface Recipe permits SwapRecipe, InPlaceRecipe {
    /** "swap" or "in-place", as the state row and the plan name it. */
    String kind();

    String why();

    /**
     * Whether pgswap itself reads and writes the table's rows (a copy and replay, a batched
     * backfill), which row-level security filters, rather than leaving it to the server (index
     * builds, validations).
     */
    boolean movesRows();
}
