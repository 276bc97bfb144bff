package io.pgswap.plan;

/** PostgreSQL table lock modes pgswap takes, and what each one blocks for other sessions. */
public enum LockLevel {
    NONE("no lock on the table", Blocks.NOTHING),
    ACCESS_SHARE("ACCESS SHARE", Blocks.NOTHING),
    ROW_EXCLUSIVE("ROW EXCLUSIVE", Blocks.NOTHING),
    SHARE("SHARE", Blocks.WRITES),
    SHARE_ROW_EXCLUSIVE("SHARE ROW EXCLUSIVE", Blocks.WRITES),
    ACCESS_EXCLUSIVE("ACCESS EXCLUSIVE", Blocks.READS_AND_WRITES);

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
}
