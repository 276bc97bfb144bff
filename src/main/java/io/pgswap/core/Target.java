package io.pgswap.core;

import io.pgswap.PgSwapException;
import io.pgswap.sql.QualifiedName;
import java.util.List;

/** The table a request names: {@code schema} null means "resolve through search_path". */
public record Target(String schema, String table) {
    public Target {
        if (table == null || table.isEmpty()) {
            throw new IllegalArgumentException("empty table name");
        }
    }

    /** Parses [SCHEMA.]TABLE with SQL's rules for quoted and unquoted names. */
    public static Target parse(String text) {
        List<String> parts = parts(text, 1, "[SCHEMA.]TABLE");
        return parts.size() == 2 ? new Target(parts.get(0), parts.get(1)) : new Target(null, parts.get(0));
    }

    /**
     * Parses [SCHEMA.]TABLE.NAME (a column or a constraint name) into the table and the last part.
     * {@code what} names the last part in messages ("COLUMN").
     */
    public static Qualified parseWithName(String text, String what) {
        List<String> parts = parts(text, 2, "[SCHEMA.]TABLE." + what);
        Target t = parts.size() == 3 ? new Target(parts.get(0), parts.get(1)) : new Target(null, parts.get(0));
        return new Qualified(t, parts.get(parts.size() - 1));
    }

    /** A table and a name inside it. */
    public record Qualified(Target table, String name) {
    }

    private static List<String> parts(String text, int min, String form) {
        List<String> parts;
        try {
            parts = QualifiedName.parse(text);
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage("cannot read '" + text + "': " + e.getMessage());
        }
        if (parts.size() < min || parts.size() > min + 1) {
            throw PgSwapException.usage("'" + text + "' should be " + form
                    + "; quote names that contain dots: '\"my.table\".col'");
        }
        for (String part : parts) {
            // PostgreSQL would cut it short (with a notice) and mean another name
            if (part.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > io.pgswap.sql.Sql.MAX_NAME_BYTES) {
                throw PgSwapException.usage("'" + part + "' in '" + text + "' is longer than PostgreSQL's "
                        + io.pgswap.sql.Sql.MAX_NAME_BYTES + " bytes; give a shorter name");
            }
        }
        return parts;
    }

    @Override
    public String toString() {
        return QualifiedName.format(schema, table);
    }
}
