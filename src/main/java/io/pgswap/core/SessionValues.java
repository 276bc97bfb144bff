package io.pgswap.core;

import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session settings that decide what a statement does with the data: how text becomes a
 * timestamp or a date and back (TimeZone, DateStyle, IntervalStyle), numbers and money as text,
 * bytea as text, {@code to_tsvector(text)}'s configuration, and the schemas names resolve in. A
 * migration records the values its run started with (as {@code --session-setting} tokens of its
 * options), so that a resume, a revert or a file's later statement converts its rows alike.
 */
public final class SessionValues {
    public static final List<String> NAMES = List.of("search_path", "TimeZone", "DateStyle", "IntervalStyle",
            "lc_monetary", "lc_numeric", "lc_time", "bytea_output", "default_text_search_config");
    /** The option that carries one setting: {@code --session-setting NAME=VALUE}. */
    public static final String OPTION = "--session-setting";

    private SessionValues() {
    }

    /** The values {@code c}'s session has now, in {@link #NAMES}' order. */
    public static Map<String, String> read(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            out.put(name, Rows.string(c, Statement.of("SELECT current_setting(?)", name)));
        }
        return out;
    }

    /** {@code tokens} without session settings, then one token per value {@code c}'s session has now. */
    public static List<String> withCurrent(List<String> tokens, Connection c) throws SQLException {
        List<String> out = new ArrayList<>(tokens.stream().filter(t -> !t.startsWith(OPTION + "=")).toList());
        read(c).forEach((name, value) -> out.add(OPTION + "=" + name + "=" + value));
        return out;
    }

    /** The settings recorded in {@code tokens}, by name. */
    public static Map<String, String> recorded(List<String> tokens) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : tokens) {
            if (t.startsWith(OPTION + "=")) {
                String setting = t.substring(OPTION.length() + 1);
                int eq = setting.indexOf('=');
                if (eq > 0) {
                    out.put(setting.substring(0, eq), setting.substring(eq + 1));
                }
            }
        }
        return out;
    }

    /** "TimeZone is America/New_York here, Asia/Kolkata when it started", for each recorded one that differs. */
    public static List<String> differing(List<String> tokens, Connection c) throws SQLException {
        Map<String, String> now = read(c);
        List<String> out = new ArrayList<>();
        recorded(tokens).forEach((name, value) -> {
            if (now.containsKey(name) && !value.equals(now.get(name))) {
                out.add(name + " is " + now.get(name) + " here, " + value + " when it started");
            }
        });
        return out;
    }

    /** {@code PGOPTIONS='-c TimeZone=Asia/Kolkata ...'}: what gives a session the recorded values. */
    public static String pgoptions(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        recorded(tokens).forEach((name, value) -> sb.append(sb.length() == 0 ? "" : " ").append("-c ").append(name)
                .append('=').append(value.replace("\\", "\\\\").replace(" ", "\\ ")));
        return ShellWords.quote(sb.toString());
    }
}
