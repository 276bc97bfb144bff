package io.pgswap;

/** The process exit statuses of DESIGN.md's command-line contract. */
public enum ExitCode {
    OK(0, "done"),
    FAILED(1, "failed"),
    USAGE(2, "usage error"),
    REFUSED(3, "refused by preflight; nothing changed"),
    GAVE_UP(4, "gave up after its retries; resumable"),
    STOPPED(75, "stopped at a safe point; resumable");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
