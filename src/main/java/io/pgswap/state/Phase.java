package io.pgswap.state;

/** Where a migration is. Phases before SWAPPED leave the original untouched. */
public enum Phase {
    /** State row written, nothing created yet. */
    CREATED,
    /** Log table and trigger in place: every write to the original is logged. */
    CAPTURE,
    /** Shadow table and its key index exist; the copy runs from the checkpoint. */
    COPY,
    /** Copy complete; secondary indexes are being built. */
    INDEXES,
    /** Shadow complete; replaying the log and trying to swap. */
    SYNC,
    /** Swap committed: the new table is live; helper objects may remain to drop. */
    SWAPPED,
    DONE,
    ABORTED,
    FAILED;

    public boolean isActive() {
        return this != DONE && this != ABORTED && this != FAILED;
    }

    public boolean atLeast(Phase p) {
        return ordinal() >= p.ordinal();
    }
}
