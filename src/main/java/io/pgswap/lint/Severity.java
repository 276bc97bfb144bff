package io.pgswap.lint;

import java.util.Locale;

/** How bad a finding is; ordered, so "at or above" is a comparison. */
public enum Severity {
    INFO, WARNING, ERROR;

    /** {@code info}, {@code warning}, {@code error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
