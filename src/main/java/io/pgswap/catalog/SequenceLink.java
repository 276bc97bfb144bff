package io.pgswap.catalog;

import java.util.List;

/**
 * A sequence owned by a column: serial (OWNED BY) or the column's identity sequence;
 * {@code dataType} is the sequence's own type (smallint, integer or bigint); {@code hasAcl},
 * {@code grants} and {@code comment} are its own privileges and comment, which a new identity
 * sequence must be given (a serial one is kept).
 */
public record SequenceLink(String schema, String name, String column, boolean identity, String dataType,
                           boolean hasAcl, List<Grant> grants, String comment) {
    public SequenceLink {
        grants = List.copyOf(grants);
    }

    /** A sequence with its creator's privileges and no comment. */
    public SequenceLink(String schema, String name, String column, boolean identity, String dataType) {
        this(schema, name, column, identity, dataType, false, List.of(), null);
    }
}
