package io.pgswap.lint;

/**
 * The PostgreSQL the migration is judged for.
 *
 * @param major         the major version (10 and later)
 * @param origin        where the version came from
 * @param serverVersion the connected server's version text (e.g. 17.6), or null without a connection
 */
public record Target(int major, Origin origin, String serverVersion) {
    public static final int DEFAULT_MAJOR = 14;
    public static final int OLDEST = 10;
    public static final int NEWEST = 18;

    public enum Origin {
        OPTION("--pg-version"),
        SERVER("the connected server"),
        ASSUMED("assumed: no --pg-version and no connection");

        private final String description;

        Origin(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public Target {
        if (major < OLDEST || major > NEWEST) {
            throw new IllegalArgumentException("PostgreSQL " + major + " is not supported by pgswap lint ("
                    + OLDEST + "-" + NEWEST + ")");
        }
    }

    public static Target assumed() {
        return new Target(DEFAULT_MAJOR, Origin.ASSUMED, null);
    }

    /** "PostgreSQL 14 (assumed: no --pg-version and no connection)", "PostgreSQL 17 (the connected server, 17.6)". */
    public String describe() {
        return switch (origin) {
            case SERVER -> "PostgreSQL " + major + " (the connected server, " + serverVersion + ")";
            case OPTION -> "PostgreSQL " + major + " (--pg-version"
                    + (serverVersion == null ? "" : "; the connected server is " + serverVersion) + ")";
            case ASSUMED -> "PostgreSQL " + major + " (" + origin.description() + ")";
        };
    }
}
