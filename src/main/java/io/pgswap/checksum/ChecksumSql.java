package io.pgswap.checksum;

import io.pgswap.capture.Capture;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Statement text of the checksum before the swap. A chunk is a range of the original's key,
 * (lower, upper] in the key's order, found by keyset pagination over the key index (the boundary
 * query reads the chunk's index entries and no more). Within one REPEATABLE READ snapshot the
 * chunk's rows of the original, each column computed through the column mapping and cast to the
 * shadow column's type, are compared with the shadow's rows of the same key range: a merge full
 * join on the key over two index range scans, the rows compared column by column so that a value
 * counts as the same only when the shadow stores it (see {@link #comparison}; comparing whole row
 * images with {@code *<>} was measured three times slower, the rows being built for it). Key
 * values travel as text and are cast back to the key's type, so any key type, and any number of
 * key columns, works. Keys the change log still names are left out: their replay is due.
 */
public final class ChecksumSql {
    private final TableFacts facts;
    private final Names names;
    private final ColumnMapping mapping;
    private final List<Column> key;
    private final List<String> shadowKeyTypes = new ArrayList<>();
    private final List<String> shadowTypes = new ArrayList<>();

    public ChecksumSql(TableFacts facts, Names names, ColumnMapping mapping, List<Column> shadowColumns) {
        this.facts = facts;
        this.names = names;
        this.mapping = mapping;
        this.key = facts.keyColumns();
        for (Column k : key) {
            shadowKeyTypes.add(column(shadowColumns, k.name()).type());
        }
        for (ColumnMapping.Entry e : mapping.entries()) {
            shadowTypes.add(column(shadowColumns, e.column()).type());
        }
    }

    private static Column column(List<Column> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the shadow has no column " + name));
    }

    public int keySize() {
        return key.size();
    }

    /** One transaction's planner settings: a merge join over the two key-ordered index scans. */
    public static List<String> sessionSettings() {
        return List.of("SET LOCAL enable_hashjoin = off", "SET LOCAL enable_sort = off");
    }

    /**
     * The key {@code offset} rows after {@code lower} (exclusive; null: from the first key) and at
     * most {@code upper} (null: no limit), as text, or no row when fewer remain: the upper bound of
     * the chunk that starts after {@code lower}. The key is cast to text outside the scan, for the
     * one row returned only (casting every row the offset skips cost six times the scan).
     * {@code placeholders}: for the plan, the lower bound as placeholders.
     */
    public Statement boundary(String[] lower, long offset, boolean placeholders) {
        return boundary(lower, null, offset, placeholders);
    }

    public Statement boundary(String[] lower, String[] upper, long offset, boolean placeholders) {
        Sb b = new Sb();
        b.add("SELECT ").add(String.join(", ", texts("b", keyNames()))).add("\nFROM (SELECT ")
                .add(String.join(", ", refs("o", keyNames()))).add(" FROM ONLY ").add(facts.qualifiedName())
                .add(" o\n");
        if (lower != null || upper != null || placeholders) {
            b.add("WHERE ");
            range(b, "o", keyTypes(), lower, upper, false, keyNames(), lower != null || placeholders);
            b.add("\n");
        }
        b.add("ORDER BY ").add(String.join(", ", refs("o", keyNames()))).add("\nOFFSET ").add(Long.toString(offset))
                .add(" LIMIT 1) b");
        return b.statement();
    }

    /** The original's keys after {@code lower} (null: all): the size of the last chunk. */
    public Statement remaining(String[] lower) {
        return remaining(lower, null);
    }

    /** The original's keys in (lower, upper] (either null: unbounded on that side). */
    public Statement remaining(String[] lower, String[] upper) {
        Sb b = new Sb();
        b.add("SELECT count(*) FROM ONLY ").add(facts.qualifiedName()).add(" o");
        if (lower != null || upper != null) {
            b.add(" WHERE ");
            range(b, "o", keyTypes(), lower, upper, false, keyNames(), lower != null);
        }
        return b.statement();
    }

    /**
     * About {@code percent} % of the original's pages (TABLESAMPLE SYSTEM), their keys as text in
     * key order: where to split the key range between parallel checksum jobs.
     */
    public Statement sample(double percent) {
        Sb b = new Sb();
        b.add("SELECT ").add(String.join(", ", texts("o", keyNames()))).add("\nFROM ONLY ").add(facts.qualifiedName())
                .add(" o TABLESAMPLE SYSTEM (CAST(? AS real))\nORDER BY ").add(String.join(", ", refs("o", keyNames())));
        b.params.add(percent);
        return b.statement();
    }

    /**
     * The keys (as text) whose rows differ between the original and the shadow in (lower, upper]:
     * missing on one side, or another row image. {@code lower}/{@code upper} null: unbounded; for
     * the plan, {@code placeholders} leaves both bounds as placeholders.
     */
    public Statement compare(String[] lower, String[] upper, boolean placeholders) {
        Sb b = new Sb();
        b.add("WITH o AS (\n  SELECT ").add(keyAliases("o")).add(", ");
        originalColumns(b);
        b.add("\n  FROM ONLY ").add(facts.qualifiedName()).add(" o\n");
        bounds(b, "o", keyTypes(), lower, upper, placeholders);
        b.add("), s AS (\n  SELECT ").add(keyAliases("s")).add(", ").add(shadowColumns()).add("\n  FROM ONLY ")
                .add(names.shadow()).add(" s\n");
        bounds(b, "s", shadowKeyTypes, lower, upper, placeholders);
        b.add(")\n");
        differing(b);
        return b.statement();
    }

    /**
     * The same comparison for given keys only, for the re-check after a replay: {@code keyArrays}
     * holds one text array per key column, in order (for the plan: a description of each).
     */
    public Statement compareKeys(Object[] keyArrays) {
        Sb b = new Sb();
        b.add("WITH k AS (\n  SELECT * FROM unnest(");
        for (int i = 0; i < key.size(); i++) {
            b.add(i == 0 ? "" : ", ").add("CAST(? AS text[])");
            b.params.add(keyArrays[i]);
        }
        b.add(") AS k(").add(String.join(", ", logColumns())).add(")\n), o AS (\n  SELECT ").add(keyAliases("o"))
                .add(", ");
        originalColumns(b);
        b.add("\n  FROM ONLY ").add(facts.qualifiedName()).add(" o JOIN k ON ").add(keyEquals("o", keyTypes()))
                .add("\n), s AS (\n  SELECT ").add(keyAliases("s")).add(", ").add(shadowColumns())
                .add("\n  FROM ONLY ").add(names.shadow()).add(" s JOIN k ON ").add(keyEquals("s", shadowKeyTypes))
                .add("\n)\n");
        differing(b);
        return b.statement();
    }

    /** Of the given keys (as in {@link #compareKeys}), those the log names: their replay is still due. */
    public Statement loggedAmong(Object[] keyArrays) {
        Sb b = new Sb();
        b.add("SELECT DISTINCT ").add(String.join(", ", texts("l", logColumns()))).add("\nFROM ")
                .add(names.logTable()).add(" l\nJOIN unnest(");
        for (int i = 0; i < key.size(); i++) {
            b.add(i == 0 ? "" : ", ").add("CAST(? AS text[])");
            b.params.add(keyArrays[i]);
        }
        List<String> on = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            String k = Capture.logKeyColumn(i);
            on.add("l." + k + " = CAST(k." + k + " AS " + key.get(i).type() + ")");
        }
        b.add(") AS k(").add(String.join(", ", logColumns())).add(") ON ").add(String.join(" AND ", on))
                .add("\nWHERE l.op <> 'T'");
        return b.statement();
    }

    /** The distinct keys (as text) the log names in (lower, upper]: their replay is still due. */
    public Statement loggedKeys(String[] lower, String[] upper, boolean placeholders) {
        Sb b = new Sb();
        b.add("SELECT DISTINCT ").add(String.join(", ", texts("l", logColumns()))).add("\nFROM ")
                .add(names.logTable()).add(" l\nWHERE l.op <> 'T'");
        if (lower != null || upper != null || placeholders) {
            b.add(" AND ");
            range(b, "l", keyTypes(), lower, upper, placeholders, logColumns(), placeholders);
        }
        return b.statement();
    }

    // ---- pieces --------------------------------------------------------------------------------------------

    private List<String> keyNames() {
        return key.stream().map(Column::name).toList();
    }

    private List<String> keyTypes() {
        return key.stream().map(Column::type).toList();
    }

    private List<String> logColumns() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            out.add(Capture.logKeyColumn(i));
        }
        return out;
    }

    private static List<String> refs(String alias, List<String> columns) {
        return columns.stream().map(c -> alias + "." + Sql.ident(c)).toList();
    }

    private static List<String> texts(String alias, List<String> columns) {
        return columns.stream().map(c -> "CAST(" + alias + "." + Sql.ident(c) + " AS text)").toList();
    }

    /** {@code o."id" AS k1, ...}: the key under the log's column names, so both sides join alike. */
    private String keyAliases(String alias) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            out.add(alias + "." + Sql.ident(key.get(i).name()) + " AS " + Capture.logKeyColumn(i));
        }
        return String.join(", ", out);
    }

    /** {@code CAST((expression) AS shadow type) AS c1, ...}: the original's row as the shadow would store it. */
    private void originalColumns(Sb b) {
        for (int i = 0; i < mapping.entries().size(); i++) {
            ColumnMapping.Entry e = mapping.entries().get(i);
            b.add(i == 0 ? "" : ", ").add("CAST((").add(e.expression().text()).add(") AS ").add(shadowTypes.get(i))
                    .add(") AS c").add(Integer.toString(i + 1));
            b.params.addAll(e.expression().params());
        }
    }

    private String shadowColumns() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < mapping.entries().size(); i++) {
            out.add("s." + Sql.ident(mapping.entries().get(i).column()) + " AS c" + (i + 1));
        }
        return String.join(", ", out);
    }

    /**
     * Whether column {@code i} differs between the two sides, so that a value counts as the same
     * only when the shadow stores it. Types whose equality holds exactly for equal stored values
     * compare with it (text-like ones under the "C" collation, so a case-insensitive collation
     * cannot hide a change, and numeric only with a scale); every other type by its text form, which
     * every type has (json, point, interval, where 1 day equals 24 hours, jsonb, where 4 equals 4.00,
     * domains, enums).
     */
    private String columnDiffers(int i) {
        String c = "c" + (i + 1);
        String type = shadowTypes.get(i);
        return switch (comparison(type)) {
            case EQUALITY -> "o." + c + " IS DISTINCT FROM s." + c;
            case COLLATED -> "o." + c + " COLLATE \"C\" IS DISTINCT FROM s." + c + " COLLATE \"C\"";
            case TEXT -> "CAST(o." + c + " AS text) IS DISTINCT FROM CAST(s." + c + " AS text)";
        };
    }

    enum Comparison { EQUALITY, COLLATED, TEXT }

    private static final java.util.Set<String> EXACT = java.util.Set.of("smallint", "integer", "bigint", "boolean",
            "real", "double precision", "date", "timestamp without time zone", "timestamp with time zone",
            "time without time zone", "uuid", "bytea", "money", "oid", "\"char\"", "inet", "cidr",
            "macaddr", "macaddr8", "bit", "bit varying", "pg_lsn");
    private static final java.util.Set<String> TEXT_LIKE = java.util.Set.of("text", "character varying", "character",
            "name");

    /** How values of {@code type} (as format_type writes it) are compared; arrays like their elements. */
    static Comparison comparison(String type) {
        String t = type.endsWith("[]") ? type.substring(0, type.length() - 2) : type;
        if (t.startsWith("numeric(")) {
            return Comparison.EQUALITY; // the scale is fixed, so equal values are stored alike
        }
        String base = t.replaceAll("\\([0-9, ]*\\)", "").replaceAll("\\s+", " ").strip();
        if (EXACT.contains(base)) {
            return Comparison.EQUALITY;
        }
        return TEXT_LIKE.contains(base) ? Comparison.COLLATED : Comparison.TEXT;
    }

    private void differing(Sb b) {
        List<String> keys = new ArrayList<>();
        List<String> join = new ArrayList<>();
        for (String k : logColumns()) {
            keys.add("coalesce(CAST(o." + k + " AS text), CAST(s." + k + " AS text))");
            join.add("o." + k + " = s." + k);
        }
        b.add("SELECT ").add(String.join(", ", keys)).add("\nFROM o FULL JOIN s ON ").add(String.join(" AND ", join))
                .add("\nWHERE o.").add(logColumns().get(0)).add(" IS NULL OR s.").add(logColumns().get(0))
                .add(" IS NULL");
        for (int i = 0; i < mapping.entries().size(); i++) {
            b.add("\n   OR ").add(columnDiffers(i));
        }
    }

    private String keyEquals(String alias, List<String> types) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            out.add(alias + "." + Sql.ident(key.get(i).name()) + " = CAST(k." + Capture.logKeyColumn(i) + " AS "
                    + types.get(i) + ")");
        }
        return String.join(" AND ", out);
    }

    private void bounds(Sb b, String alias, List<String> types, String[] lower, String[] upper, boolean placeholders) {
        if (lower != null || upper != null || placeholders) {
            b.add("  WHERE ");
            range(b, alias, types, lower, upper, placeholders);
            b.add("\n");
        }
    }

    private void range(Sb b, String alias, List<String> types, String[] lower, String[] upper, boolean placeholders) {
        range(b, alias, types, lower, upper, placeholders, keyNames(), placeholders);
    }

    /**
     * {@code (a, b) > (lower) AND (a, b) <= (upper)}, each bound only when given; for the plan
     * ({@code placeholders}) the upper one, and the lower one when {@code lowerPlaceholder}.
     */
    private static void range(Sb b, String alias, List<String> types, String[] lower, String[] upper,
                              boolean placeholders, List<String> columns, boolean lowerPlaceholder) {
        String row = "(" + String.join(", ", refs(alias, columns)) + ")";
        boolean first = true;
        if (lower != null || lowerPlaceholder) {
            b.add(row).add(" > ");
            tuple(b, types, lower);
            first = false;
        }
        if (upper != null || placeholders) {
            b.add(first ? "" : " AND ").add(row).add(" <= ");
            tuple(b, types, upper);
        }
    }

    private static void tuple(Sb b, List<String> types, String[] values) {
        b.add("(");
        for (int i = 0; i < types.size(); i++) {
            b.add(i == 0 ? "" : ", ").add("CAST(? AS ").add(types.get(i)).add(")");
            if (values != null) {
                b.params.add(values[i]);
            }
        }
        b.add(")");
    }

    /** SQL text and its values, built together so each value follows its placeholder. */
    private static final class Sb {
        final StringBuilder text = new StringBuilder();
        final List<Object> params = new ArrayList<>();

        Sb add(String s) {
            text.append(s);
            return this;
        }

        Statement statement() {
            return new Statement(text.toString(), params);
        }
    }
}
