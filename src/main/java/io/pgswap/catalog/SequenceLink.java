package io.pgswap.catalog;

/**
 * A sequence owned by a column: serial (OWNED BY) or the column's identity sequence;
 * {@code dataType} is the sequence's own type (smallint, integer or bigint).
 */
public record SequenceLink(String schema, String name, String column, boolean identity, String dataType) {
}
