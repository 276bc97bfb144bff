package io.pgswap.lint.model;

/**
 * PostgreSQL's table-level lock modes, weakest first, with the conflict table of the
 * documentation's "Explicit Locking" chapter.
 */
public enum LockMode {
    ACCESS_SHARE("ACCESS SHARE"),
    ROW_SHARE("ROW SHARE"),
    ROW_EXCLUSIVE("ROW EXCLUSIVE"),
    SHARE_UPDATE_EXCLUSIVE("SHARE UPDATE EXCLUSIVE"),
    SHARE("SHARE"),
    SHARE_ROW_EXCLUSIVE("SHARE ROW EXCLUSIVE"),
    EXCLUSIVE("EXCLUSIVE"),
    ACCESS_EXCLUSIVE("ACCESS EXCLUSIVE");

    /** Bit i set: conflicts with the mode of ordinal i. */
    private static final int[] CONFLICTS = {
        0b1000_0000, // ACCESS SHARE: ACCESS EXCLUSIVE
        0b1100_0000, // ROW SHARE: EXCLUSIVE, ACCESS EXCLUSIVE
        0b1111_0000, // ROW EXCLUSIVE: SHARE and stronger
        0b1111_1000, // SHARE UPDATE EXCLUSIVE: itself and stronger
        0b1110_1100, // SHARE: ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE, SHARE ROW EXCLUSIVE and stronger
        0b1111_1100, // SHARE ROW EXCLUSIVE: ROW EXCLUSIVE and stronger
        0b1111_1110, // EXCLUSIVE: ROW SHARE and stronger
        0b1111_1111, // ACCESS EXCLUSIVE: everything
    };

    private final String sql;

    LockMode(String sql) {
        this.sql = sql;
    }

    /** As written in SQL: {@code SHARE ROW EXCLUSIVE}. */
    public String sql() {
        return sql;
    }

    public boolean conflictsWith(LockMode other) {
        return (CONFLICTS[ordinal()] & (1 << other.ordinal())) != 0;
    }

    /** Plain SELECTs (ACCESS SHARE) wait for it. */
    public boolean blocksReads() {
        return conflictsWith(ACCESS_SHARE);
    }

    /** INSERT, UPDATE and DELETE (ROW EXCLUSIVE) wait for it. */
    public boolean blocksWrites() {
        return conflictsWith(ROW_EXCLUSIVE);
    }

    /** The stronger of two modes (modes are ordered by strength). */
    public LockMode max(LockMode other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
