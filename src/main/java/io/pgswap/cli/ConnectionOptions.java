package io.pgswap.cli;

import io.pgswap.db.ConnectionSettings;
import picocli.CommandLine.Option;

/** Where to connect; anything not given comes from the libpq environment (PGHOST, ...). */
final class ConnectionOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "postgresql://user@host:port/db or jdbc:postgresql://... "
                    + "(default: the libpq environment PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, "
                    + "PGSSLMODE, PGSERVICE and ~/.pgpass)")
    String url;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST", description = "server host (default: $PGHOST or localhost)")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "server port (default: $PGPORT or 5432)")
    Integer port;

    @Option(names = {"-d", "--dbname"}, paramLabel = "DB", description = "database (default: $PGDATABASE or the user name)")
    String database;

    @Option(names = {"-U", "--username"}, paramLabel = "USER", description = "user (default: $PGUSER or the OS user)")
    String user;

    ConnectionSettings resolve() {
        return ConnectionSettings.resolve(new ConnectionSettings.Explicit(url, host, port, database, user),
                System.getenv());
    }
}
