package io.pgswap;

/**
 * A failure before the swap that keeps the helper objects (shadow, log, capture trigger) for
 * inspection instead of removing them, the one exception to I6's "a failure a re-run cannot get
 * past removes the helpers": a checksum mismatch. Exit 1; its message says what is kept and that
 * {@code pgswap abort} removes it all.
 */
public final class KeptFailure extends PgSwapException {
    private static final long serialVersionUID = 1L;

    public KeptFailure(String message) {
        super(ExitCode.FAILED, message);
    }
}
