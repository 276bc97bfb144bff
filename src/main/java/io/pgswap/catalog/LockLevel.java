package io.pgswap.catalog;

import java.util.Locale;

/**
 * PostgreSQL's table lock modes, weakest first, with what each blocks for other sessions and
 * which modes conflict (the table in the "Explicit Locking" chapter of the manual).
 */
public enum LockLevel {
    NONE("no lock", Blocks.NOTHING),
    ACCESS_SHARE("ACCESS SHARE", Blocks.NOTHING),
    ROW_SHARE("ROW SHARE", Blocks.NOTHING),
    ROW_EXCLUSIVE("ROW EXCLUSIVE", Blocks.NOTHING),
    SHARE_UPDATE_EXCLUSIVE("SHARE UPDATE EXCLUSIVE", Blocks.NOTHING),
    SHARE("SHARE", Blocks.WRITES),
    SHARE_ROW_EXCLUSIVE("SHARE ROW EXCLUSIVE", Blocks.WRITES),
    EXCLUSIVE("EXCLUSIVE", Blocks.WRITES),
    ACCESS_EXCLUSIVE("ACCESS EXCLUSIVE", Blocks.READS_AND_WRITES);

    /** What an application notices while the lock is held (or waited for). */
    public enum Blocks {
        NOTHING("nothing"),
        WRITES("writes (reads continue)"),
        READS_AND_WRITES("reads and writes");

        private final String text;

        Blocks(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final String mode;
    private final Blocks blocks;

    LockLevel(String mode, Blocks blocks) {
        this.mode = mode;
        this.blocks = blocks;
    }

    public String mode() {
        return mode;
    }

    public Blocks blocks() {
        return blocks;
    }

    /** Whether a session holding {@code this} makes a request for {@code other} wait (and the other way round). */
    public boolean conflictsWith(LockLevel other) {
        if (this == NONE || other == NONE) {
            return false;
        }
        return CONFLICTS[ordinal()][other.ordinal()];
    }

    /** pg_locks.mode ("AccessShareLock", ...) as a level; NONE for modes that are not table locks. */
    public static LockLevel fromPgMode(String mode) {
        if (mode == null) {
            return NONE;
        }
        String m = mode.replace("Lock", "").replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        try {
            return valueOf(m);
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }

    // rows and columns in declaration order: NONE, AS, RS, RX, SUX, S, SRX, X, AX
    private static final boolean[][] CONFLICTS = {
        {false, false, false, false, false, false, false, false, false},
        {false, false, false, false, false, false, false, false, true},
        {false, false, false, false, false, false, false, true, true},
        {false, false, false, false, false, true, true, true, true},
        {false, false, false, false, true, true, true, true, true},
        {false, false, false, true, true, false, true, true, true},
        {false, false, false, true, true, true, true, true, true},
        {false, false, true, true, true, true, true, true, true},
        {false, true, true, true, true, true, true, true, true},
    };
}
