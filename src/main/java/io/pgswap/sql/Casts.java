package io.pgswap.sql;

import java.util.Set;

/**
 * Casts of values between a column's old and new type. An explicit {@code CAST} to a type with a
 * length truncates without a word ({@code CAST('awaiting_customer' AS varchar(8))} is
 * {@code 'awaiting'}), where storing the value into the column (an assignment) raises "value too
 * long"; so a value on its way into a column is cast to the type without its length and the
 * column's assignment checks the length. Types are written as {@code format_type} writes them.
 */
public final class Casts {
    private static final Set<String> INTEGERS = Set.of("smallint", "integer", "bigint");

    private Casts() {
    }

    /**
     * {@code type} without a length that an explicit cast would enforce by cutting the value:
     * {@code character varying(20)} is {@code character varying}, {@code character(5)} is
     * {@code bpchar} (plain {@code character} means length 1), {@code bit(3)} and
     * {@code bit varying(3)} are {@code bit varying}; arrays alike; any other type as it is.
     */
    public static String withoutLength(String type) {
        String t = type.strip();
        String array = "";
        while (t.endsWith("[]")) {
            array += "[]";
            t = t.substring(0, t.length() - 2).strip();
        }
        if (t.matches("character varying\\(\\d+\\)")) {
            return "character varying" + array;
        }
        if (t.matches("character\\(\\d+\\)")) {
            return "bpchar" + array;
        }
        if (t.matches("bit( varying)?\\(\\d+\\)")) {
            return "bit varying" + array;
        }
        return type;
    }

    /**
     * {@code value} (an expression of type {@code from}) made comparable with a column of type
     * {@code to}: as it is between integer types, which compare across types and use the column's
     * index, so a logged key the old type cannot hold matches no row instead of failing the cast;
     * else cast to {@code to} without its length (a longer value matches no row: a cut one could
     * match another row's key).
     */
    public static String comparable(String value, String from, String to) {
        if (INTEGERS.contains(from) && INTEGERS.contains(to)) {
            return value;
        }
        return "CAST(" + value + " AS " + withoutLength(to) + ")";
    }
}
