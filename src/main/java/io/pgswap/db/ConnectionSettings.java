package io.pgswap.db;

import io.pgswap.PgSwapException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.postgresql.jdbcurlresolver.PgPassParser;
import org.postgresql.jdbcurlresolver.PgServiceConfParser;

/**
 * Where to connect, resolved the way libpq does: explicit options, then the URL, then the
 * service file ({@code PGSERVICE}), then the environment ({@code PGHOST}, {@code PGPORT},
 * {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGSSLMODE}), then
 * {@code .pgpass} for the password, then libpq's defaults. The password is kept out of
 * {@link #toString()} and {@link #describe()}.
 */
public final class ConnectionSettings {
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String sslMode;
    private final String options;
    private final Map<String, String> extra;

    private ConnectionSettings(String host, int port, String database, String user, String password,
                               String sslMode, String options, Map<String, String> extra) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.sslMode = sslMode;
        this.options = options;
        this.extra = Map.copyOf(extra);
    }

    /**
     * The same server and user, with one more session parameter after the user's own options
     * (libpq's {@code -c name=value}); spaces and backslashes in the value are escaped as the
     * server reads them.
     */
    public ConnectionSettings withParameter(String name, String value) {
        String escaped = value.replace("\\", "\\\\").replace(" ", "\\ ");
        String more = "-c " + name + "=" + escaped;
        return new ConnectionSettings(host, port, database, user, password, sslMode,
                options == null || options.isBlank() ? more : options.strip() + " " + more, extra);
    }

    /** Explicit values from the command line; any may be null. */
    public record Explicit(String url, String host, Integer port, String database, String user) {
        public static final Explicit NONE = new Explicit(null, null, null, null, null);
    }

    public static ConnectionSettings resolve(Explicit explicit, Map<String, String> env) {
        Map<String, String> url = explicit.url() == null ? Map.of() : parseUrl(explicit.url());
        Map<String, String> service = serviceValues(first(url.get("service"), env.get("PGSERVICE")));
        String host = first(explicit.host(), url.get("host"), service.get("host"), env.get("PGHOST"), "localhost");
        String portText = first(explicit.port() == null ? null : explicit.port().toString(), url.get("port"),
                service.get("port"), env.get("PGPORT"), "5432");
        String user = first(explicit.user(), url.get("user"), service.get("user"), env.get("PGUSER"),
                System.getProperty("user.name"));
        String database = first(explicit.database(), url.get("dbname"), service.get("dbname"), env.get("PGDATABASE"), user);
        String sslMode = first(url.get("sslmode"), service.get("sslmode"), env.get("PGSSLMODE"), "prefer");
        if (!java.util.Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full").contains(sslMode)) {
            throw PgSwapException.usage("sslmode '" + sslMode + "' is not one of disable, allow, prefer, require, "
                    + "verify-ca, verify-full (from --url, the service file or PGSSLMODE)");
        }
        // run-time parameters for the session (libpq's options / PGOPTIONS), e.g. -c search_path=sales,public
        String options = first(url.get("options"), service.get("options"), env.get("PGOPTIONS"));
        if (host.startsWith("/") || host.startsWith("@")) {
            throw PgSwapException.usage("host " + host + " is a Unix socket directory; pgswap connects over TCP: "
                    + "set PGHOST (or --host) to a host name such as localhost");
        }
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw PgSwapException.usage("port '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw PgSwapException.usage("port " + port + " is out of range 1-65535");
        }
        String password = first(url.get("password"), service.get("password"), env.get("PGPASSWORD"));
        if (password == null && passwordFileUsable(env)) {
            password = PgPassParser.getPassword(host, String.valueOf(port), database, user);
        }
        Map<String, String> extra = new HashMap<>();
        url.forEach((k, v) -> {
            if (!Map.of("host", "", "port", "", "user", "", "dbname", "", "password", "", "sslmode", "", "service", "",
                    "options", "").containsKey(k)) {
                extra.put(k, v);
            }
        });
        return new ConnectionSettings(host, port, database, user, password, sslMode, options, extra);
    }

    /** jdbc URL without user or password. */
    public String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + urlEncode(database);
    }

    /** Driver properties; the caller adds session options. Contains the password. */
    public Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("sslmode", sslMode);
        p.setProperty("ApplicationName", "pgswap");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        extra.forEach(p::setProperty);
        return p;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public String sslMode() {
        return sslMode;
    }

    /** The session options the user gave (PGOPTIONS or the URL's options), or null. */
    public String options() {
        return options;
    }

    /** For messages: never includes the password. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Accepts postgresql://, postgres:// and jdbc:postgresql:// URLs. The authority is parsed by
     * hand (java.net.URI gives up on host names with underscores and silently drops the host),
     * and anything ambiguous is refused: a URL must never quietly connect somewhere else.
     */
    static Map<String, String> parseUrl(String text) {
        String s = text.trim();
        if (s.startsWith("jdbc:")) {
            s = s.substring(5);
        }
        int scheme = s.indexOf("://");
        String prefix = scheme < 0 ? "" : s.substring(0, scheme);
        if (!prefix.equals("postgresql") && !prefix.equals("postgres")) {
            throw PgSwapException.usage("--url must start with postgresql:// or jdbc:postgresql:// (got "
                    + redact(text) + ")");
        }
        if (s.chars().anyMatch(Character::isWhitespace)) {
            throw PgSwapException.usage("--url is not a valid URL (it contains spaces; percent-encode them as %20): "
                    + redact(text));
        }
        String rest = s.substring(scheme + 3);
        int end = indexOfAny(rest, "/?");
        String authority = end < 0 ? rest : rest.substring(0, end);
        String tail = end < 0 ? "" : rest.substring(end);
        Map<String, String> out = new HashMap<>();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            out.put("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                out.put("password", decode(userInfo.substring(colon + 1)));
            }
            authority = authority.substring(at + 1);
        }
        if (authority.contains(",")) {
            throw PgSwapException.usage("--url names several hosts; pgswap connects to one server: name the primary");
        }
        String host = authority;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw PgSwapException.usage("--url has an unterminated IPv6 address: " + redact(text));
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                throw PgSwapException.usage("--url has text after the IPv6 address: " + redact(text));
            }
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
                port = authority.substring(colon + 1);
            }
        }
        if (!host.isEmpty()) {
            out.put("host", decode(host));
        }
        if (port != null && !port.isEmpty()) {
            out.put("port", port);
        }
        String path = tail;
        String query = null;
        int q = tail.indexOf('?');
        if (q >= 0) {
            path = tail.substring(0, q);
            query = tail.substring(q + 1);
        }
        if (path.contains("@") || path.indexOf('/', 1) >= 0) {
            throw PgSwapException.usage("--url is ambiguous (a '/' or '@' in the password or database name?); "
                    + "percent-encode special characters, e.g. / as %2F and @ as %40");
        }
        if (path.length() > 1) {
            out.put("dbname", decode(path.substring(1)));
        }
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                out.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
            }
        }
        return out;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** A URL with any password replaced by ***, for messages. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String r = url.replaceAll("(://[^:/@?]*:)[^@/?]*@", "$1***@");
        return r.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static Map<String, String> serviceValues(String service) {
        if (service == null || service.isBlank()) {
            return Map.of();
        }
        Properties p = PgServiceConfParser.getServiceProperties(service);
        if (p == null) {
            throw PgSwapException.usage("service '" + service + "' not found in the connection service file "
                    + "(~/.pg_service.conf, PGSERVICEFILE or PGSYSCONFDIR)");
        }
        Map<String, String> out = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            String v = p.getProperty(name);
            switch (name.toLowerCase()) {
                case "pghost", "host" -> out.put("host", v);
                case "pgport", "port" -> out.put("port", v);
                case "pgdbname", "dbname" -> out.put("dbname", v);
                case "user" -> out.put("user", v);
                case "password" -> out.put("password", v);
                case "sslmode" -> out.put("sslmode", v);
                case "options" -> out.put("options", v);
                default -> { }
            }
        }
        return out;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null && !(v instanceof String s && s.isEmpty())) {
                return v;
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Whether the password file (PGPASSFILE, else ~/.pgpass) may be read: as libpq, not when group
     * or others can read or write it (it is then ignored, with libpq's warning).
     */
    static boolean passwordFileUsable(Map<String, String> env) {
        String named = env.get("PGPASSFILE");
        java.nio.file.Path file = named != null && !named.isBlank() ? java.nio.file.Path.of(named)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".pgpass");
        try {
            var perms = java.nio.file.Files.getPosixFilePermissions(file);
            boolean open = perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
            if (open) {
                org.slf4j.LoggerFactory.getLogger("pgswap").warn("password file \"{}\" has group or world access; "
                        + "permissions should be u=rw (0600) or less: it is not used", file);
            }
            return !open;
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return true; // missing (nothing to read) or not a POSIX file system: the driver decides
        }
    }
}
