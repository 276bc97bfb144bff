package io.pgswap;

/** The tool's version, from the jar manifest when packaged, and where this copy runs (for state rows). */
public final class Version {
    public static final String VERSION = resolve();

    private Version() {
    }

    /** This machine's host name, as state rows record who runs a migration. */
    public static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String resolve() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
