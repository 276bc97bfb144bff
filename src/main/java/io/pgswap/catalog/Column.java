package io.pgswap.catalog;

/**
 * One live column. {@code identity} is 'a' (ALWAYS), 'd' (BY DEFAULT) or ' ';
 * {@code generated} is 's' (stored), 'v' (virtual, PG 18) or ' '.
 */
public record Column(int attnum, String name, String type, boolean notNull, char identity, char generated,
                     int statTarget) {
    public boolean isGenerated() {
        return generated != ' ' && generated != '\0';
    }

    public boolean isIdentity() {
        return identity != ' ' && identity != '\0';
    }
}
