package io.pgswap.lint;

import io.pgswap.lint.model.AlterAction;
import io.pgswap.lint.model.ConstraintKind;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Statement;
import io.pgswap.sql.ChosenName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What pgswap learns while reading one file, statement by statement: the tables it creates (new,
 * empty, unused by the application), the column types it declares, the indexes it creates and
 * the {@code CHECK (col IS NOT NULL)} constraints it makes valid. Questions the file cannot
 * answer go to the database's {@link TableFacts}.
 *
 * <p>Names written without a schema match the same name in any schema: a migration usually
 * relies on the search_path.
 */
final class FileContext {
    private final TableFacts facts;
    private final Map<String, List<RelationName>> created = new HashMap<>();
    private final Map<String, RelationName> indexTables = new HashMap<>();
    private final Map<String, String> columnTypes = new HashMap<>();
    private String schema = "public";
    /** The file set search_path (a later RESET unsets it). */
    private boolean pathSet;
    private boolean utc;
    private final Map<String, NotNullCheck> notNullChecks = new HashMap<>();
    /** Constraint names the file gave or that were chosen for it, as schema.name. */
    private final Set<String> constraintNames = new HashSet<>();
    /** Constraints the file dropped, as schema.table NUL name. */
    private final Set<String> droppedConstraints = new HashSet<>();
    private final Map<AlterAction.AddConstraint, String> chosen = new IdentityHashMap<>();

    private record NotNullCheck(RelationName table, String column, boolean valid) {
    }

    FileContext(TableFacts facts) {
        this.facts = facts;
    }

    boolean createdHere(RelationName table) {
        for (RelationName t : created.getOrDefault(table.name(), List.of())) {
            if (same(t, table)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the database's catalog answers (an index it does not know does not exist). */
    boolean knowsTables() {
        return facts.knowsTables();
    }

    OptionalLong size(RelationName table) {
        return facts.sizeBytes(table);
    }

    /** The column's type as declared earlier in this file, else as the database says. */
    Optional<String> columnType(RelationName table, String column) {
        String declared = columnTypes.get(columnKey(table, column));
        return declared != null ? Optional.of(declared) : facts.columnType(table, column);
    }

    /** The column's collation as the database has it; unknown for a column whose type this file declared. */
    Optional<String> columnCollation(RelationName table, String column) {
        return columnTypes.containsKey(columnKey(table, column)) ? Optional.empty()
                : facts.columnCollation(table, column);
    }

    /** See {@link TableFacts#indexesOnColumn}; the indexes this file creates are not among them. */
    List<TableFacts.IndexUse> indexesOnColumn(RelationName table, String column) {
        return facts.indexesOnColumn(table, column);
    }

    /** See {@link TableFacts#nullableIndexColumns}; an index created in this file is not known. */
    Optional<List<String>> nullableIndexColumns(RelationName index) {
        return indexTables.containsKey(index.name()) ? Optional.empty() : facts.nullableIndexColumns(index);
    }

    Optional<RelationName> tableOfIndex(RelationName index) {
        RelationName t = indexTables.get(index.name());
        return t != null ? Optional.of(t) : facts.tableOfIndex(index);
    }

    /**
     * A valid CHECK (column IS NOT NULL) on the table: added or validated earlier in this file, or
     * in the catalog (with --url) and not dropped earlier in the file.
     */
    boolean provenNotNull(RelationName table, String column) {
        for (NotNullCheck c : notNullChecks.values()) {
            if (c.valid() && c.column().equals(column) && same(c.table(), table)) {
                return true;
            }
        }
        return facts.notNullChecks(table, column).stream()
                .anyMatch(name -> !droppedConstraints.contains(droppedKey(table, name)));
    }

    /**
     * Names each constraint the statement adds, before its rules read the names: as written, else as
     * PostgreSQL will name it ({@code orders_amount_check}, numbered when the schema or an earlier
     * statement of the file has that name already).
     */
    void nameConstraints(Statement statement) {
        if (statement instanceof Statement.AlterTable a) {
            for (AlterAction action : a.actions()) {
                if (action instanceof AlterAction.AddConstraint c) {
                    name(a.table(), c);
                } else if (action instanceof AlterAction.DropConstraint d) {
                    // the name is free again for this table's next unnamed constraint, as the server sees it
                    constraintNames.remove(constraintKey(a.table(), d.name()));
                    droppedConstraints.add(droppedKey(a.table(), d.name()));
                } else if (action instanceof AlterAction.AddColumn c) {
                    c.constraints().forEach(k -> name(a.table(), k));
                }
            }
        }
    }

    /** The constraint's name: written, or chosen by {@link #nameConstraints}; null for kinds named after their index. */
    String constraintName(AlterAction.AddConstraint c) {
        return c.name() != null ? c.name() : chosen.get(c);
    }

    /** Whether the name was chosen because the statement left the constraint unnamed and the usual one was taken. */
    boolean numbered(RelationName table, AlterAction.AddConstraint c) {
        String name = constraintName(c);
        return c.name() == null && name != null && !name.equals(ChosenName.of(table.name(), middle(table, c),
                label(c), n -> false));
    }

    private void name(RelationName table, AlterAction.AddConstraint c) {
        String name = c.name();
        if (name == null && label(c) != null) {
            name = ChosenName.of(table.name(), middle(table, c), label(c),
                    n -> constraintNames.contains(constraintKey(table, n))
                            || (droppedConstraints.contains(droppedKey(table, n))
                                    ? facts.constraintExistsElsewhere(table, n) : facts.constraintExists(table, n)));
            chosen.put(c, name);
        }
        if (name != null) {
            constraintNames.add(constraintKey(table, name));
        }
    }

    /** Constraint names are unique per schema. */
    private String constraintKey(RelationName table, String name) {
        return resolved(table).schema() + "." + name;
    }

    private String droppedKey(RelationName table, String name) {
        return resolved(table).schema() + "." + table.name() + "\0" + name;
    }

    /** What PostgreSQL puts between the table and the label: the one column a CHECK reads, a key's columns. */
    private static String middle(RelationName table, AlterAction.AddConstraint c) {
        if (c.kind() == ConstraintKind.CHECK) {
            List<String> columns = c.check().columnsOf(table.name());
            return columns.size() == 1 ? columns.get(0) : null;
        }
        return ChosenName.columnsPart(c.columns());
    }

    private static String label(AlterAction.AddConstraint c) {
        return switch (c.kind()) {
            case CHECK -> "check";
            case FOREIGN_KEY -> "fkey";
            default -> null;
        };
    }

    void learn(Statement statement) {
        if (statement instanceof Statement.CreateTable t) {
            // CREATE TABLE IF NOT EXISTS of a table the database has (or may have: no catalog) creates
            // nothing: the table keeps its rows and its readers, and what follows is checked as on any table
            if (!t.ifNotExists() || facts.knowsTables() && facts.sizeBytes(t.table()).isEmpty()) {
                created.computeIfAbsent(t.table().name(), k -> new ArrayList<>()).add(t.table());
            }
            for (Statement.ColumnDef c : t.columns()) {
                columnTypes.put(columnKey(t.table(), c.name()), c.typeText());
            }
        } else if (statement instanceof Statement.CreateRelation r && !r.replaces()) {
            created.computeIfAbsent(r.relation().name(), k -> new ArrayList<>()).add(r.relation());
        } else if (statement instanceof Statement.CreateIndex i && i.name() != null) {
            indexTables.put(i.name(), i.table());
        } else if (statement instanceof Statement.AlterTable a) {
            for (AlterAction action : a.actions()) {
                learn(a.table(), action);
            }
        }
    }

    private void learn(RelationName table, AlterAction action) {
        if (action instanceof AlterAction.AddColumn c) {
            columnTypes.put(columnKey(table, c.column()), c.typeText());
        } else if (action instanceof AlterAction.AlterColumnType c) {
            columnTypes.put(columnKey(table, c.column()), c.typeText());
        } else if (action instanceof AlterAction.AddConstraint c && c.kind() == ConstraintKind.CHECK
                && constraintName(c) != null) {
            String column = notNullColumn(c.check().text());
            if (column != null) {
                notNullChecks.put(constraintName(c), new NotNullCheck(table, column, !c.notValid()));
            }
        } else if (action instanceof AlterAction.ValidateConstraint v) {
            notNullChecks.computeIfPresent(v.name(), (k, c) -> new NotNullCheck(c.table(), c.column(), true));
        } else if (action instanceof AlterAction.DropConstraint d) {
            notNullChecks.remove(d.name());
        }
    }

    /** {@code status IS NOT NULL} or {@code ("Status" IS NOT NULL)}: the column; anything else: null. */
    static String notNullColumn(String check) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < check.length(); i++) {
            char c = check.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                word.append(c);
            } else if (!quoted && (Character.isWhitespace(c) || c == '(' || c == ')')) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        if (words.size() != 4 || !words.get(1).equalsIgnoreCase("is") || !words.get(2).equalsIgnoreCase("not")
                || !words.get(3).equalsIgnoreCase("null")) {
            return null;
        }
        String col = words.get(0);
        if (col.startsWith("\"") && col.endsWith("\"") && col.length() >= 2) {
            return col.substring(1, col.length() - 1).replace("\"\"", "\"");
        }
        return col.toLowerCase(Locale.ROOT);
    }

    private static String columnKey(RelationName table, String column) {
        return table.name() + "\u0000" + column;
    }

    /** Whether two names mean one table: an unqualified one is in the file's current schema. */
    boolean same(RelationName a, RelationName b) {
        return resolved(a).equals(resolved(b));
    }

    /**
     * The name qualified as the server would read it for a new table: an unqualified name is in the
     * first schema of the file's search_path ({@code public} until the file sets one). Tables that
     * exist in an earlier schema of the path are not known here; that is the usual layout.
     */
    RelationName resolved(RelationName t) {
        return t.schema() != null ? t : new RelationName(schema, t.name());
    }

    /**
     * The table as a pgswap command should name it: a command runs in its own session, without the
     * file's SET search_path, so after one an unqualified name is qualified with the schema it
     * resolves to (the catalog's answer, else the first schema of the path, where the file's own
     * new tables go). Without a SET search_path in the file the name stays as written.
     */
    RelationName forCommand(RelationName t) {
        if (t == null || t.schema() != null || !pathSet) {
            return t;
        }
        String in = facts.schemaOf(t).orElse(schema);
        return in.equals("pg_catalog") ? t : new RelationName(in, t.name());
    }

    /** The file's SET timezone (null: RESET). */
    void timeZone(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            v = v.substring(1, v.length() - 1).strip();
        }
        utc = Set.of("utc", "etc/utc", "gmt", "etc/gmt", "uct", "etc/uct", "universal", "etc/universal", "zulu",
                "etc/zulu", "z", "greenwich", "etc/greenwich", "gmt0", "etc/gmt0", "+00", "0").contains(v);
    }

    /** Whether the file set a time zone of offset zero (UTC) for its session. */
    boolean utc() {
        return utc;
    }

    /** The file's SET search_path (null: RESET): where unqualified names go from here on. */
    void searchPath(String value) {
        schema = "public";
        pathSet = value != null;
        if (value != null) {
            for (String s : CatalogFacts.schemas(value)) {
                if (!s.equals("pg_catalog") && !s.equals("$user") && !s.equals("pg_temp")) {
                    schema = s;
                    break;
                }
            }
        }
    }
}
