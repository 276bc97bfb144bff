package io.pgswap.catalog;

/**
 * A user trigger: its definition as pg_get_triggerdef prints it (naming the table, which the swap
 * makes point at the new one), {@code enabled} as in pg_trigger.tgenabled ('O', 'D', 'R', 'A').
 */
public record TriggerInfo(String name, String definition, char enabled, String comment) {
}
