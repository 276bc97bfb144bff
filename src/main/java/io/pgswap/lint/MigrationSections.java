package io.pgswap.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a migration file that its tool runs when migrating up, for files that keep the up
 * and the down migration together behind marker comments: dbmate ({@code -- migrate:up},
 * {@code -- migrate:down}, options such as {@code transaction:false} after them), goose
 * ({@code -- +goose Up}, {@code -- +goose Down}) and sql-migrate ({@code -- +migrate Up},
 * {@code -- +migrate Down}, options such as {@code notransaction}). Without this, lint would judge
 * the down migration and apply would run it right after the up one, dropping what that created.
 *
 * <p>Markers are found line by line, as the three tools find them, whatever SQL surrounds them: a
 * line that holds only the marker (leading spaces allowed, any case). A file without an Up or Down
 * marker is one section, the whole text, and reads exactly as before. In a file with markers only
 * the text after an Up marker, up to the next Down marker, is read: text before the first marker
 * is left out (goose and dbmate refuse statements there, sql-migrate ignores them), and so is the
 * whole file when it has a Down marker but no Up marker (goose and dbmate refuse such a file,
 * sql-migrate runs nothing of it up).
 *
 * <p>goose's and sql-migrate's {@code StatementBegin} and {@code StatementEnd} markers, inside an up
 * section, also cut it: the statement before each of them ends there even without a semicolon
 * (sql-migrate and goose end the block's statement at {@code StatementEnd}). Between them the
 * psql rules still apply, which keep a function body with its semicolons as one statement; several
 * statements in one block (goose's way of sending them in one query string) stay several, as
 * pgswap judges and runs statements one at a time.
 */
final class MigrationSections {
    /** A part {@code [from, to)} of the file, as character offsets; each starts at a line start. */
    record Section(int from, int to) {
    }

    private enum Marker { UP, DOWN, CUT }

    private static final Pattern MARKER = Pattern.compile("[ \\t]*--[ \\t]*(?:"
            + "migrate:(up|down)(?:[ \\t]+\\S.*)?"
            + "|\\+goose[ \\t]+(up|down|statementbegin|statementend)"
            + "|\\+migrate[ \\t]+(up|down|statementbegin|statementend)(?:[ \\t]+\\S.*)?"
            + ")[ \\t\\r]*", Pattern.CASE_INSENSITIVE);

    private MigrationSections() {
    }

    /** The sections to read, in file order: the whole text when it has no Up or Down marker. */
    static List<Section> up(String text) {
        List<Section> out = new ArrayList<>();
        boolean directions = false;
        int from = -1; // start of the up section being read, -1 outside one
        for (int lineStart = 0; lineStart < text.length(); ) {
            int nl = text.indexOf('\n', lineStart);
            int next = nl < 0 ? text.length() : nl + 1;
            Marker marker = marker(text, lineStart, nl < 0 ? text.length() : nl);
            if (marker == Marker.UP || marker == Marker.DOWN) {
                directions = true;
                close(out, from, lineStart);
                from = marker == Marker.UP ? next : -1;
            } else if (marker == Marker.CUT && from >= 0) {
                close(out, from, lineStart);
                from = next;
            }
            lineStart = next;
        }
        if (!directions) {
            return List.of(new Section(0, text.length()));
        }
        close(out, from, text.length());
        return out;
    }

    private static void close(List<Section> out, int from, int to) {
        if (from >= 0 && to > from) {
            out.add(new Section(from, to));
        }
    }

    private static Marker marker(String text, int from, int to) {
        int i = from;
        while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (!text.startsWith("--", i)) {
            return null; // most lines: no regex
        }
        Matcher m = MARKER.matcher(text).region(from, to);
        if (!m.matches()) {
            return null;
        }
        String word = (m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3))
                .toLowerCase(Locale.ROOT);
        return switch (word) {
            case "up" -> Marker.UP;
            case "down" -> Marker.DOWN;
            default -> Marker.CUT;
        };
    }
}
