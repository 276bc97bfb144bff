package io.pgswap.lint;

import io.pgswap.core.ShellWords;
import java.util.ArrayList;
import java.util.List;

/**
 * What to do instead of a risky statement: the text people read, and when the safe way is a
 * sequence of pgswap commands that does exactly what the statement does, those commands as
 * argument vectors (without the leading {@code pgswap}), for {@code pgswap apply} to run. Advice
 * that is not such a sequence has no commands.
 */
public record Suggestion(String text, List<List<String>> commands) {
    public Suggestion {
        commands = commands.stream().map(List::copyOf).toList();
    }

    /** One pgswap command; its text is the command line, every argument quoted for the shell. */
    static Suggestion command(List<String> argv) {
        return new Suggestion(ShellWords.pgswapCommand(argv), List.of(argv));
    }

    /** Advice for people only. */
    static Suggestion advice(String text) {
        return text == null ? null : new Suggestion(text, List.of());
    }

    /** "first (A), then B": both commands, in order. */
    static Suggestion firstThen(Suggestion first, Suggestion then) {
        List<List<String>> both = new ArrayList<>(first.commands);
        both.addAll(then.commands);
        boolean exact = !first.commands.isEmpty() && !then.commands.isEmpty();
        return new Suggestion("add the column first (" + first.text + "), then " + then.text,
                exact ? both : List.of());
    }

    /** The same text with a remark; the commands no longer do exactly what the statement does. */
    Suggestion inexact(String remark) {
        return new Suggestion(text + " (" + remark + ")", List.of());
    }

    /** True when running {@link #commands} does what the statement does. */
    public boolean exact() {
        return !commands.isEmpty();
    }
}
