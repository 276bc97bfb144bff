package io.pgswap.lint;

import io.pgswap.lint.model.AlterAction;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pgswap commands (DESIGN.md's command-line contract) that do what a risky statement does,
 * without its long lock. Names are written the way pgswap reads them back (SQL rules: plain
 * lower-case parts bare, others double-quoted), and every argument is quoted for the shell.
 */
final class Commands {
    /** How a command names a table of the file (see {@link FileContext#forCommand}). */
    private final java.util.function.UnaryOperator<RelationName> named;

    Commands(java.util.function.UnaryOperator<RelationName> named) {
        this.named = named;
    }

    Suggestion addIndex(Statement.CreateIndex i) {
        List<String> args = new ArrayList<>(List.of("add-index", table(i.table()), inner(i.columnsText())));
        if (i.name() != null) {
            args.addAll(List.of("--name", RelationName.displayPart(i.name())));
        }
        if (i.unique()) {
            args.add("--unique");
        }
        if (i.ifNotExists() && i.name() != null) {
            args.add("--if-not-exists");
        }
        if (i.method() != null && !i.method().equals("btree")) {
            args.addAll(List.of("--using", i.method()));
        }
        if (i.whereText() != null) {
            args.addAll(List.of("--where", i.whereText()));
        }
        if (i.includeText() != null) {
            args.addAll(List.of("--include", withoutParens(i.includeText())));
        }
        Suggestion s = command(args);
        return i.otherClauses().isEmpty() ? s
                : s.inexact("add-index has no option for " + String.join(", ", i.otherClauses()));
    }

    Suggestion addNotNull(RelationName table, String column) {
        return command(List.of("add-not-null", column(table, column)));
    }

    Suggestion addCheck(RelationName table, String name, String expression, List<String> otherClauses) {
        return closest(command(List.of("add-check", column(table, name), expression)), "add-check", otherClauses);
    }

    /** A suggestion that cannot say all the statement says is only the closest one: apply refuses it. */
    private static Suggestion closest(Suggestion s, String command, List<String> otherClauses) {
        return otherClauses.isEmpty() ? s : s.inexact(command + " has no option for " + String.join(", ", otherClauses));
    }

    /** @param numbered the name PostgreSQL would give it when that is not add-foreign-key's default (the usual one is taken) */
    Suggestion addForeignKey(RelationName table, AlterAction.AddConstraint fk, String numbered) {
        RelationName referenced = fk.referencedTable();
        List<String> args = new ArrayList<>(List.of("add-foreign-key"));
        if (fk.columns().size() == 1 && fk.referencedColumns().size() == 1) {
            args.add(column(table, fk.columns().get(0)));
            args.add(column(referenced, fk.referencedColumns().get(0)));
        } else {
            args.add(table(table) + "(" + columnList(fk.columns()) + ")");
            // REFERENCES reftable: its primary key; add-foreign-key reads a bare name, or any name with (), so
            args.add(table(referenced) + (!fk.referencedColumns().isEmpty()
                    ? "(" + columnList(fk.referencedColumns()) + ")" : table(referenced).contains(".") ? "()" : ""));
        }
        List<String> others = new ArrayList<>(fk.otherClauses());
        if (fk.onDelete() != null && fk.onDelete().contains("(")) {
            others.add("ON DELETE " + fk.onDelete()); // SET NULL (col, ...), PostgreSQL 15: --on-delete takes no columns
        } else if (fk.onDelete() != null) {
            args.addAll(List.of("--on-delete", fk.onDelete().toUpperCase(Locale.ROOT)));
        }
        if (fk.onUpdate() != null) {
            args.addAll(List.of("--on-update", fk.onUpdate().toUpperCase(Locale.ROOT)));
        }
        if (fk.name() != null || numbered != null) {
            args.addAll(List.of("--name", RelationName.displayPart(fk.name() != null ? fk.name() : numbered)));
        }
        return closest(command(args), "add-foreign-key", others);
    }

    Suggestion addUnique(RelationName table, AlterAction.AddConstraint c) {
        List<String> args = new ArrayList<>(List.of("add-unique", table(table), columnsText(c)));
        if (c.name() != null) {
            args.addAll(List.of("--name", RelationName.displayPart(c.name())));
        } else {
            args.add("--new-index"); // as the statement does: an equivalent index the table has stays as it is
        }
        return closest(command(args), "add-unique", c.otherClauses());
    }

    Suggestion addPrimaryKey(RelationName table, AlterAction.AddConstraint c) {
        List<String> args = new ArrayList<>(List.of("add-primary-key", table(table), columnsText(c)));
        if (c.name() != null) {
            args.addAll(List.of("--name", RelationName.displayPart(c.name())));
        } else {
            args.add("--new-index"); // as the statement does: an equivalent index the table has stays as it is
        }
        return closest(command(args), "add-primary-key", c.otherClauses());
    }

    Suggestion addColumn(RelationName table, AlterAction.AddColumn c) {
        List<String> args = new ArrayList<>(List.of("add-column", column(table, c.column()), c.typeWithCollation()));
        if (c.defaultValue() != null) {
            args.addAll(List.of("--default", c.defaultValue().text()));
        }
        if (c.notNull()) {
            args.add("--not-null");
        }
        return command(args);
    }

    /** pgswap alter TABLE 'SUBCOMMANDS': the subcommand text exactly as the migration wrote it. */
    Suggestion alter(RelationName table, String subcommands) {
        return command(List.of("alter", table(table), subcommands));
    }

    Suggestion repack(RelationName table) {
        return command(List.of("repack", table(table)));
    }

    Suggestion reindex(RelationName table, String index) {
        List<String> args = new ArrayList<>(List.of("reindex", table(table)));
        if (index != null) {
            args.addAll(List.of("--index", RelationName.displayPart(index)));
        }
        return command(args);
    }

    private static String columnsText(AlterAction.AddConstraint c) {
        return c.columnsText() != null ? inner(c.columnsText()) : columnList(c.columns());
    }

    /**
     * A column list as the pgswap commands take it: without the parentheses around the whole list
     * ({@code (a, b)} becomes {@code a, b}; add-index puts them back, and {@code ((a, b))} would be
     * a row). Parentheses of an element stay ({@code (lower(email))}, {@code (a + b), c}).
     */
    static String inner(String text) {
        String t = text.strip();
        if (!t.startsWith("(") || !t.endsWith(")")) {
            return t;
        }
        int depth = 0;
        boolean quoted = false;
        boolean literal = false;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch == '"' && !literal) {
                quoted = !quoted;
            } else if (ch == '\'' && !quoted) {
                literal = !literal;
            } else if (!quoted && !literal && ch == '(') {
                depth++;
            } else if (!quoted && !literal && ch == ')' && --depth == 0 && i < t.length() - 1) {
                return t; // the first parenthesis closes before the end: "(a + b), c"
            }
        }
        return t.substring(1, t.length() - 1).strip();
    }

    private static String columnList(List<String> columns) {
        List<String> shown = new ArrayList<>();
        for (String c : columns) {
            shown.add(RelationName.displayPart(c));
        }
        return String.join(", ", shown);
    }

    private String table(RelationName t) {
        return named.apply(t).display();
    }

    private String column(RelationName t, String column) {
        return table(t) + "." + RelationName.displayPart(column);
    }

    private static String withoutParens(String s) {
        String t = s.strip();
        return t.startsWith("(") && t.endsWith(")") ? t.substring(1, t.length() - 1).strip() : t;
    }

    private static Suggestion command(List<String> args) {
        return Suggestion.command(args);
    }
}
