package io.pgswap.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether ALTER COLUMN ... TYPE can skip the table rewrite: only when the new type is binary
 * compatible with the old one and its modifier does not shrink. pgswap knows the common cases
 * (varchar(n) to varchar(m >= n), varchar or text, text to unconstrained varchar, numeric(p,s)
 * to numeric(p2 >= p, s) or unconstrained numeric, the same type); anything else is taken to
 * rewrite.
 */
final class TypeChange {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("character varying", "varchar"), Map.entry("char varying", "varchar"),
            Map.entry("text", "text"), Map.entry("varchar", "varchar"),
            Map.entry("numeric", "numeric"), Map.entry("decimal", "numeric"), Map.entry("dec", "numeric"),
            Map.entry("int", "int4"), Map.entry("integer", "int4"), Map.entry("int4", "int4"),
            Map.entry("bigint", "int8"), Map.entry("int8", "int8"), Map.entry("smallint", "int2"),
            Map.entry("int2", "int2"), Map.entry("boolean", "bool"), Map.entry("bool", "bool"),
            Map.entry("real", "float4"), Map.entry("float4", "float4"), Map.entry("double precision", "float8"),
            Map.entry("float8", "float8"), Map.entry("character", "bpchar"), Map.entry("char", "bpchar"),
            Map.entry("bpchar", "bpchar"), Map.entry("timestamp", "timestamp"),
            Map.entry("timestamp without time zone", "timestamp"), Map.entry("timestamptz", "timestamptz"),
            Map.entry("timestamp with time zone", "timestamptz"), Map.entry("time", "time"),
            Map.entry("time without time zone", "time"), Map.entry("timetz", "timetz"),
            Map.entry("time with time zone", "timetz"), Map.entry("bit varying", "varbit"),
            Map.entry("varbit", "varbit"));

    /** A type reduced to a canonical name, its modifiers and array dimensions. */
    record Type(String name, List<Integer> modifiers, int arrayDims) {
    }

    private TypeChange() {
    }

    /** True when changing a column from {@code oldType} to {@code newType} (both as written) needs no rewrite. */
    static boolean catalogOnly(String oldType, String newType) {
        Type from = parse(oldType);
        Type to = parse(newType);
        if (from == null || to == null || from.arrayDims() != to.arrayDims()) {
            return false;
        }
        if (from.equals(to)) {
            return true;
        }
        String pair = from.name() + "->" + to.name();
        return switch (pair) {
            case "varchar->varchar", "varbit->varbit" -> to.modifiers().isEmpty()
                    || (!from.modifiers().isEmpty() && to.modifiers().get(0) >= from.modifiers().get(0));
            case "varchar->text" -> true;
            case "text->varchar" -> to.modifiers().isEmpty();
            case "numeric->numeric" -> to.modifiers().isEmpty() || (!from.modifiers().isEmpty()
                    && to.modifiers().get(0) >= from.modifiers().get(0) && scale(to) == scale(from));
            default -> false;
        };
    }

    /**
     * timestamp to timestamptz or back, nothing else changed: PostgreSQL 12+ skips the rewrite when
     * the session's time zone is UTC (the stored values are the same then).
     */
    static boolean zoneOnly(String oldType, String newType) {
        Type from = parse(oldType);
        Type to = parse(newType);
        return from != null && to != null && from.arrayDims() == to.arrayDims() && from.modifiers().equals(to.modifiers())
                && Set.of("timestamp->timestamptz", "timestamptz->timestamp").contains(from.name() + "->" + to.name());
    }

    private static int scale(Type numeric) {
        return numeric.modifiers().size() > 1 ? numeric.modifiers().get(1) : 0;
    }

    /** {@code VARCHAR (200)}, {@code character varying(200)}, {@code pg_catalog.int8}, {@code numeric(10, 2)[]}; null if odd. */
    static Type parse(String written) {
        String s = written.strip().toLowerCase(Locale.ROOT).replace("\"", "");
        int dims = 0;
        while (s.endsWith("]")) {
            int open = s.lastIndexOf('[');
            if (open < 0) {
                return null;
            }
            s = s.substring(0, open).strip();
            dims++;
        }
        if (s.endsWith(" array")) {
            s = s.substring(0, s.length() - " array".length()).strip();
            dims++;
        }
        List<Integer> modifiers = new ArrayList<>();
        int open = s.indexOf('(');
        if (open >= 0) {
            int close = s.indexOf(')', open);
            if (close < 0) {
                return null;
            }
            String inside = s.substring(open + 1, close);
            int from = 0;
            while (from <= inside.length()) {
                int comma = inside.indexOf(',', from);
                int to = comma < 0 ? inside.length() : comma;
                try {
                    modifiers.add(Integer.parseInt(inside.substring(from, to).strip()));
                } catch (NumberFormatException e) {
                    return null;
                }
                from = to + 1;
            }
            s = s.substring(0, open) + " " + s.substring(close + 1);
        }
        String name = collapseSpaces(s);
        if (name.startsWith("pg_catalog.")) {
            name = name.substring("pg_catalog.".length());
        }
        return new Type(ALIASES.getOrDefault(name, name), List.copyOf(modifiers), dims);
    }

    private static String collapseSpaces(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }
        int end = out.length();
        return end > 0 && out.charAt(end - 1) == ' ' ? out.substring(0, end - 1) : out.toString();
    }
}
