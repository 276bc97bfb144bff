package io.pgswap.lint;

import java.util.Locale;

/** The table size under which a scan or rewrite is reported as info: it ends in well under a second. */
final class Sizes {
    static final long SMALL_TABLE_BYTES = 10L * 1024 * 1024;

    private Sizes() {
    }

    /** 8192 to "8 kB", 12582912 to "12.0 MB". */
    static String format(long bytes) {
        if (bytes < 1024 * 1024) {
            return Math.max(1, Math.round(bytes / 1024.0)) + " kB";
        }
        double mb = bytes / (1024.0 * 1024.0);
        return mb < 1024 ? String.format(Locale.ROOT, "%.1f MB", mb) : String.format(Locale.ROOT, "%.1f GB", mb / 1024);
    }
}
