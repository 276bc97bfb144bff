package io.pgswap.catalog;

/** A sequence owned by a column: serial (OWNED BY) or the column's identity sequence. */
public record SequenceLink(String schema, String name, String column, boolean identity) {
}
