package io.pgswap.db;

import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TimeZone and DateStyle a psql session of the same user would have. The JDBC driver sends the
 * JVM's time zone and DateStyle ISO when it connects, which take precedence over the role's and
 * the database's settings (ALTER ROLE / ALTER DATABASE ... SET) and replace the server's configured
 * time zone; but a cast between timestamp and timestamptz, from date to timestamptz, or from text
 * to a date depends on them, so a type change, a fill or a default would give other values than
 * the same statement in psql. Every pgswap session sets them back, in this order: what the user's
 * session options say (PGOPTIONS or the URL's options, {@code -c TimeZone=...}), the role's and
 * database's settings (most specific first, as the server applies them), then the server's
 * configuration (its time zone from pg_file_settings where the user may read it, else
 * log_timezone, which initdb sets to the same zone). The output style stays ISO, which the driver
 * needs; the order of day, month and year is the setting's.
 */
final class SessionDefaults {
    private static final Pattern OPTION = Pattern.compile("(?i)(?:-c\\s*|--)(timezone|datestyle)=((?:\\\\.|\\S)+)");

    private SessionDefaults() {
    }

    /** name ("TimeZone", "DateStyle") to value, for set_config; only the settings that need setting. */
    static Map<String, String> resolve(Connection c, String userOptions) throws SQLException {
        Map<String, String> chosen = new LinkedHashMap<>();
        if (userOptions != null) {
            Matcher m = OPTION.matcher(userOptions);
            while (m.find()) {
                chosen.put(canonical(m.group(1)), m.group(2).replaceAll("\\\\(.)", "$1"));
            }
        }
        Map<String, String> roleAndDatabase = new LinkedHashMap<>();
        for (String[] s : Rows.list(c, Statement.of("""
                SELECT split_part(cfg, '=', 1), substr(cfg, strpos(cfg, '=') + 1)
                FROM pg_db_role_setting s CROSS JOIN LATERAL unnest(s.setconfig) cfg
                WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
                  AND s.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = session_user))
                  AND lower(split_part(cfg, '=', 1)) IN ('timezone', 'datestyle')
                ORDER BY (s.setdatabase = 0)::int + 2 * (s.setrole = 0)::int DESC"""),
                rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            roleAndDatabase.put(canonical(s[0]), s[1]); // the most specific comes last and wins
        }
        roleAndDatabase.forEach(chosen::putIfAbsent);
        if (!chosen.containsKey("TimeZone")) {
            chosen.put("TimeZone", configuredTimeZone(c));
        }
        chosen.computeIfPresent("DateStyle", (k, v) -> isoOutput(v));
        return chosen;
    }

    private static String configuredTimeZone(Connection c) throws SQLException {
        boolean readable = Rows.bool(c, Statement.of(
                "SELECT has_function_privilege('pg_show_all_file_settings()', 'EXECUTE')"));
        if (readable) {
            Optional<String> file = Rows.first(c, Statement.of("""
                    SELECT setting FROM pg_file_settings WHERE lower(name) = 'timezone' AND applied
                    ORDER BY seqno DESC LIMIT 1"""), rs -> rs.getString(1));
            if (file.isPresent()) {
                return file.get();
            }
        }
        return Rows.string(c, Statement.of("SELECT current_setting('log_timezone')"));
    }

    /** DateStyle with the ISO output style the driver needs and the setting's order ("SQL, DMY": "ISO, DMY"). */
    static String isoOutput(String dateStyle) {
        String order = null;
        for (String part : dateStyle.split("[,\\s]+")) {
            String p = part.strip().toUpperCase(Locale.ROOT);
            switch (p) {
                case "DMY", "EURO", "EUROPEAN" -> order = "DMY";
                case "MDY", "US", "NONEURO", "NONEUROPEAN" -> order = "MDY";
                case "YMD" -> order = "YMD";
                default -> { }
            }
        }
        return order == null ? "ISO" : "ISO, " + order;
    }

    private static String canonical(String name) {
        return name.equalsIgnoreCase("timezone") ? "TimeZone" : "DateStyle";
    }
}
