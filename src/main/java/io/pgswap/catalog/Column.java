package io.pgswap.catalog;

import java.util.List;

/**
 * One live column. {@code identity} is 'a' (ALWAYS), 'd' (BY DEFAULT) or ' ';
 * {@code generated} is 's' (stored), 'v' (virtual, PG 18) or ' '.
 */
public record Column(int attnum, String name, String type, boolean notNull, char identity, char generated,
                     int statTarget, List<String> options) {

    /** A column without per-column options ({@code n_distinct} and the like). */
    public Column(int attnum, String name, String type, boolean notNull, char identity, char generated,
                  int statTarget) {
        this(attnum, name, type, notNull, identity, generated, statTarget, List.of());
    }

    public boolean isGenerated() {
        return generated != ' ' && generated != '\0';
    }

    public boolean isIdentity() {
        return identity != ' ' && identity != '\0';
    }
}
