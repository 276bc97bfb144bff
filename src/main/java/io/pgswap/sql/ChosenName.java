package io.pgswap.sql;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * The names PostgreSQL gives constraints a statement leaves unnamed ({@code orders_amount_check},
 * {@code orders_customer_id_fkey}), so that pgswap names them the same way and a later
 * migration that drops them by that name still works.
 *
 * <p>As the server does: the table's name, then the part that names the columns, then the label,
 * joined by {@code _}; when that is longer than 63 bytes the longer of the first two parts is cut
 * first (at a character boundary); when the name is taken, the label gets a number
 * ({@code check1}, {@code check2}, ...).
 */
public final class ChosenName {
    private ChosenName() {
    }

    /**
     * @param table  the table's name
     * @param middle the column part ({@code amount}, {@code customer_id_region}), or null for none
     * @param label  {@code check}, {@code fkey}, {@code key}, ...
     * @param taken  whether a name is already used where it must be unique (for constraints: the schema)
     */
    public static String of(String table, String middle, String label, Predicate<String> taken) {
        String name = join(table, middle, label);
        for (int pass = 1; taken.test(name); pass++) {
            name = join(table, middle, label + pass);
        }
        return name;
    }

    /** The name before any numbering: PostgreSQL's makeObjectName. */
    static String join(String first, String middle, String label) {
        byte[] a = first.getBytes(StandardCharsets.UTF_8);
        byte[] b = middle == null ? new byte[0] : middle.getBytes(StandardCharsets.UTF_8);
        int overhead = label.getBytes(StandardCharsets.UTF_8).length + 1 + (middle == null ? 0 : 1);
        int available = Sql.MAX_NAME_BYTES - overhead;
        int na = a.length;
        int nb = b.length;
        while (na + nb > available) {
            if (na > nb) {
                na--;
            } else {
                nb--;
            }
        }
        return Sql.prefixWithin(first, na) + (middle == null ? "" : "_" + Sql.prefixWithin(middle, nb)) + "_" + label;
    }

    /**
     * A foreign key's column part: the column names joined by {@code _}, no more of them once it
     * passes 63 bytes (PostgreSQL's ChooseForeignKeyConstraintNameAddition).
     */
    public static String columnsPart(java.util.List<String> columns) {
        StringBuilder out = new StringBuilder();
        for (String c : columns) {
            if (out.length() > 0) {
                out.append('_');
            }
            out.append(c);
            if (out.toString().getBytes(StandardCharsets.UTF_8).length > Sql.MAX_NAME_BYTES) {
                break;
            }
        }
        return out.toString();
    }
}
