package io.pgswap.swap;

import io.pgswap.catalog.SequenceLink;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The types of the sequences the new table's columns use, in the swap transaction. */
public final class SequenceTypes {
    /** The integer types a sequence can have, by size in bytes. */
    private static final Map<String, Integer> INTEGER_SIZES = Map.of("smallint", 2, "integer", 4, "bigint", 8);

    private SequenceTypes() {
    }

    /**
     * The new identity sequence gets the old one's type (CREATE TABLE ... LIKE makes every identity
     * sequence bigint, with the old one's bounds), then, when the change gives the column another
     * integer type, that type: as a plain ALTER TABLE does, its bounds follow the type if they
     * were the old type's. {@code sequence}: qualified, quoted; {@code columnType}: the column's
     * type in the new table.
     */
    public static List<String> identity(String sequence, SequenceLink old, String columnType) {
        List<String> out = new ArrayList<>();
        if (!"bigint".equals(integerType(old.dataType()))) {
            out.add("ALTER SEQUENCE " + sequence + " AS " + integerType(old.dataType()));
        }
        if (INTEGER_SIZES.containsKey(columnType) && !columnType.equals(old.dataType())) {
            out.add("ALTER SEQUENCE " + sequence + " AS " + columnType);
        }
        return out;
    }

    /**
     * Serial sequences of columns the change widens (integer to bigint) widen with them, so they
     * do not stop at the old type's limit (a plain ALTER TABLE leaves them as they were).
     * {@code columnType}: the new table's type of each column, by name.
     */
    public static List<String> serial(TableFacts f, Function<String, String> columnType) {
        List<String> out = new ArrayList<>();
        for (SequenceLink s : f.sequences()) {
            String type = s.identity() ? null : columnType.apply(s.column());
            if (type != null && INTEGER_SIZES.containsKey(type)
                    && INTEGER_SIZES.get(type) > INTEGER_SIZES.getOrDefault(s.dataType(), Integer.MAX_VALUE)) {
                out.add("ALTER SEQUENCE " + Sql.qualified(s.schema(), s.name()) + " AS " + type);
            }
        }
        return out;
    }

    private static String integerType(String type) {
        if (!INTEGER_SIZES.containsKey(type)) {
            throw new IllegalStateException("unexpected sequence type " + type);
        }
        return type;
    }

    /** Serial sequences follow the column to the new table, so dropping the old table keeps them. */
    public static List<String> sequenceOwnership(TableFacts f, Names n) {
        List<String> out = new ArrayList<>();
        for (SequenceLink s : f.sequences()) {
            if (!s.identity()) {
                out.add("ALTER SEQUENCE " + Sql.qualified(s.schema(), s.name()) + " OWNED BY " + n.shadow() + "."
                        + Sql.ident(s.column()));
            }
        }
        return out;
    }

    /**
     * The new identity sequence gets the old one's privileges and comment, without what its
     * creator's default privileges for sequences gave it ({@code defaultGrantees}). {@code sequence}:
     * qualified, quoted; {@code owner}: the table's owner, who owns both.
     */
    public static List<String> identityPrivileges(String sequence, SequenceLink old, String owner,
                                                  List<String> defaultGrantees) {
        String target = "SEQUENCE " + sequence;
        List<String> out = new ArrayList<>(io.pgswap.shadow.ShadowDdl.undoDefaultPrivileges(target, defaultGrantees));
        out.addAll(io.pgswap.shadow.ShadowDdl.privileges(target, owner, old.hasAcl(), old.grants()));
        if (old.comment() != null) {
            out.add("COMMENT ON SEQUENCE " + sequence + " IS " + Sql.literal(old.comment()));
        }
        return out;
    }

    /** The new identity sequence continues from the old one's state. Parameter: the new sequence. */
    public static String continueIdentity(SequenceLink old) {
        return "SELECT setval(CAST(? AS regclass), s.last_value, s.is_called) FROM "
                + Sql.qualified(old.schema(), old.name()) + " s";
    }

    /**
     * The sequences the change itself adds (an identity or serial column the table did not have):
     * the shadow owns them, under names derived from the shadow's. Each is renamed as PostgreSQL
     * would have named it for the table ({@code orders_ticket_seq}, numbered when taken), in the
     * swap transaction (the table's own sequences follow by other means).
     */
    public static List<String> renameNew(java.sql.Connection tx, TableFacts f, Names n) throws java.sql.SQLException {
        java.util.Set<String> known = new java.util.HashSet<>();
        f.sequences().stream().filter(SequenceLink::identity).forEach(s -> known.add(s.column()));
        List<String> out = new ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>(); // names in the shadow's schema, and those chosen here
        for (String[] s : io.pgswap.db.Rows.list(tx, io.pgswap.sql.Statement.of("""
                SELECT sn.nspname, s.relname, a.attname
                FROM pg_depend d
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                JOIN pg_namespace sn ON sn.oid = s.relnamespace
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                  AND d.refobjid = CAST(? AS regclass) AND d.deptype IN ('a', 'i')
                ORDER BY a.attnum""", n.shadow()), rs -> new String[] {rs.getString(1), rs.getString(2),
                rs.getString(3)})) {
            if (known.contains(s[2])) {
                continue;
            }
            if (taken.isEmpty()) {
                taken.addAll(io.pgswap.db.Rows.list(tx, io.pgswap.sql.Statement.of("SELECT c.relname FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?", s[0]), rs -> rs.getString(1)));
            }
            String name = io.pgswap.sql.ChosenName.of(f.name(), s[2], "seq", taken::contains);
            taken.add(name);
            out.add("ALTER SEQUENCE " + Sql.qualified(s[0], s[1]) + " RENAME TO " + Sql.ident(name));
        }
        return out;
    }

    public static String identitySequenceOf() {
        return "SELECT pg_get_serial_sequence(?, ?)";
    }
}
