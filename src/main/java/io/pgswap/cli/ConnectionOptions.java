package io.pgswap.cli;

import io.pgswap.db.ConnectionSettings;
import picocli.CommandLine.Option;

/** Where to connect; anything not given comes from the libpq environment (PGHOST, ...). */
final class ConnectionOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "The server as postgresql://user@host:port/db or jdbc:postgresql://...; by default the "
                    + "libpq environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, PGOPTIONS, "
                    + "PGSERVICE and ~/.pgpass) decides.")
    String url;

    @Option(names = {"-h", "-H", "--host"}, paramLabel = "HOST",
            description = "The server's host name (default: $PGHOST or localhost).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "The server's port (default: $PGPORT or 5432).")
    Integer port;

    @Option(names = {"-d", "--dbname"}, paramLabel = "DB",
            description = "The database (default: $PGDATABASE or the user name).")
    String database;

    @Option(names = {"-U", "--username"}, paramLabel = "USER", description = "The user (default: $PGUSER or the OS user).")
    String user;

    /** Whether any connection option was given (lint connects only then). */
    boolean given() {
        return url != null || host != null || port != null || database != null || user != null;
    }

    ConnectionSettings resolve() {
        return ConnectionSettings.resolve(new ConnectionSettings.Explicit(url, host, port, database, user),
                System.getenv());
    }
}
