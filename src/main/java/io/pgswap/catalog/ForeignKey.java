package io.pgswap.catalog;

/**
 * A foreign key from the table to another table. {@code definition} is pg_get_constraintdef
 * without any trailing NOT VALID; {@code referenced} is the referenced table, quoted and qualified.
 */
public record ForeignKey(String name, String definition, boolean validated, String referenced, String comment) {
}
