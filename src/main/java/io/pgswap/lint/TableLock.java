package io.pgswap.lint;

import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.RelationName;

/**
 * A lock a statement takes. {@code viaIndex} is true when only the index is known (DROP INDEX,
 * REINDEX INDEX without a connection): the lock is on the table that index belongs to.
 */
public record TableLock(RelationName table, LockMode mode, boolean viaIndex) {

    /** "orders", or "the table of index orders_idx". */
    public String tableDisplay() {
        return viaIndex ? "the table of index " + table.display() : table.display();
    }

    /** What an application waits for while this lock is held. */
    public String blocks() {
        return blocks(mode);
    }

    public static String blocks(LockMode mode) {
        if (mode.blocksReads()) {
            return "reads and writes";
        }
        if (mode.blocksWrites()) {
            return "writes";
        }
        if (mode.conflictsWith(LockMode.SHARE_UPDATE_EXCLUSIVE)) {
            return "schema changes and VACUUM";
        }
        return "nothing the application does";
    }

    /** The short key for JSON: reads_and_writes, writes, ddl, nothing. */
    public static String blocksKey(LockMode mode) {
        return mode.blocksReads() ? "reads_and_writes" : mode.blocksWrites() ? "writes"
                : mode.conflictsWith(LockMode.SHARE_UPDATE_EXCLUSIVE) ? "ddl" : "nothing";
    }
}
