package io.pgswap.lint.model;

import io.pgswap.sql.Sql;
import java.util.Objects;

/**
 * A table, index or other relation as written in a statement: unquoted parts folded to lower
 * case, quoted parts as written. {@code schema} is null when the statement left it to the
 * search_path.
 */
public record RelationName(String schema, String name) {
    public RelationName {
        Objects.requireNonNull(name, "name");
    }

    public static RelationName of(String name) {
        return new RelationName(null, name);
    }

    /** SQL text: every part quoted. */
    public String sql() {
        return schema == null ? Sql.ident(name) : Sql.qualified(schema, name);
    }

    /**
     * For messages and pgswap command arguments: a part stays bare when SQL would read it back
     * unchanged unquoted (lower case letters, digits, underscores), otherwise it is quoted.
     */
    public String display() {
        return schema == null ? displayPart(name) : displayPart(schema) + "." + displayPart(name);
    }

    /** One identifier, bare when it is plain lower case, quoted by {@link Sql#ident} otherwise. */
    public static String displayPart(String identifier) {
        return isPlain(identifier) ? identifier : Sql.ident(identifier);
    }

    private static boolean isPlain(String s) {
        if (s.isEmpty() || !(s.charAt(0) == '_' || (s.charAt(0) >= 'a' && s.charAt(0) <= 'z'))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return display();
    }
}
