package io.pgswap.catalog;

import java.util.List;

/**
 * A user trigger: its definition as pg_get_triggerdef prints it (naming the table, which the swap
 * makes point at the new one), {@code enabled} as in pg_trigger.tgenabled ('O', 'D', 'R', 'A'),
 * {@code updateOf} the columns of an {@code UPDATE OF} trigger (empty: an UPDATE trigger on every
 * column; null: not an UPDATE trigger).
 */
public record TriggerInfo(String name, String definition, char enabled, String comment, List<String> updateOf) {
    /** Whether an UPDATE of {@code column}, by a session in the default replication role, fires it (its WHEN aside). */
    public boolean firesOnUpdateOf(String column) {
        return updateOf != null && (updateOf.isEmpty() || updateOf.contains(column)) && (enabled == 'O' || enabled == 'A');
    }
}
