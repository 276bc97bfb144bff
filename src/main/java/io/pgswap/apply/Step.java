package io.pgswap.apply;

import io.pgswap.core.ShellWords;
import io.pgswap.lint.TableLock;
import java.util.List;

/**
 * One unit of a migration file that apply runs and records as done: SQL as written (one
 * statement, part of an ALTER TABLE, or an explicit BEGIN ... COMMIT block) or one pgswap
 * operation that does a risky statement's work without its long lock.
 */
public sealed interface Step {
    /** 1-based line of the statement the step comes from. */
    int line();

    /** What the hash of the step covers: a changed step makes a changed file. */
    String identity();

    /** One line for the plan. */
    String describe();

    default String hash() {
        return Hashes.sha256(identity());
    }

    /**
     * SQL sent as written. {@code block}: the statements of one BEGIN ... COMMIT, run in one
     * transaction ({@code rollback}: the block ends with ROLLBACK); otherwise one statement in its
     * own transaction, or in none when PostgreSQL refuses it in a transaction block
     * ({@code noTransaction}). {@code locks} are the table locks lint found, for the long-holder wait.
     * {@code role}: what the parsed statement is to apply (not part of the step's identity).
     * {@code modes}: a block's transaction modes as its BEGIN wrote them ("ISOLATION LEVEL
     * SERIALIZABLE", or null), set first in its transaction; {@code settings}: the statements of a
     * block that set session state (a SET without LOCAL outlives its block's COMMIT), set again when
     * a run resumes after it. Neither is part of the step's identity.
     */
    record Sql(int line, List<String> statements, List<TableLock> locks, boolean block, boolean rollback,
               String noTransaction, String note, Role role, String modes, List<String> settings) implements Step {
        public Sql {
            statements = List.copyOf(statements);
            locks = List.copyOf(locks);
            settings = List.copyOf(settings);
        }

        public Sql(int line, List<String> statements, List<TableLock> locks, boolean block, boolean rollback,
                   String noTransaction, String note, Role role) {
            this(line, statements, locks, block, rollback, noTransaction, note, role, null, List.of());
        }

        public Sql(int line, List<String> statements, List<TableLock> locks, boolean block, boolean rollback,
                   String noTransaction, String note) {
            this(line, statements, locks, block, rollback, noTransaction, note, Role.PLAIN);
        }

        @Override
        public String identity() {
            return "sql" + (block ? " block" : "") + (rollback ? " rollback" : "") + "\n"
                    + String.join("\n;\n", statements);
        }

        @Override
        public String describe() {
            String first = oneLine(statements.get(0));
            return block ? "BEGIN" + (modes == null ? "" : " " + modes) + "; " + (statements.size() == 1 ? first : first + "; ... (" + statements.size()
                    + " statements)") + (rollback ? "; ROLLBACK" : "; COMMIT") : first;
        }
    }

    /**
     * What a statement run as written is to apply besides its SQL: a session setting (SET, RESET,
     * {@code set_config(..., false)}), which a resumed run sets again before it goes on; a CALL,
     * which runs outside a transaction block because its procedure may COMMIT; or neither.
     */
    enum Role { PLAIN, SESSION_SETTING, CALL }

    /**
     * A pgswap operation: {@code argv} without the leading "pgswap", as lint suggests it.
     * {@code because} says which rule made the statement risky as written.
     */
    record Command(int line, List<String> argv, String because) implements Step {
        public Command {
            argv = List.copyOf(argv);
        }

        @Override
        public String identity() {
            return "pgswap\n" + String.join("\n", argv);
        }

        @Override
        public String describe() {
            return commandLine(argv);
        }
    }

    static String commandLine(List<String> argv) {
        return ShellWords.pgswapCommand(argv);
    }

    /** The statement on one line, shortened for the plan. */
    static String oneLine(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
