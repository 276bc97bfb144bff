package io.pgswap.cli;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.Inspector;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.Aborter;
import io.pgswap.retry.Clock;
import io.pgswap.sql.QualifiedName;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.Phase;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Stop a migration that has not swapped and remove every helper object",
            "(capture trigger, log, shadow). The original table's data is untouched."})
final class AbortCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE")
    String table;

    @Mixin
    LockTimeoutOption lock;

    @Override
    public Integer call() {
        output.apply();
        return CommandSupport.run(output, () -> {
            List<String> p = QualifiedName.parse(table);
            if (p.size() > 2) {
                throw PgSwapException.usage("'" + table + "' should be [SCHEMA.]TABLE");
            }
            ConnectionSettings settings = connection.resolve();
            try (Db db = Db.open(settings, new SessionSettings(lock.value(), Duration.ofMinutes(1)), 1);
                 Connection c = db.connection()) {
                long oid = new Inspector(c).resolveTable(p.size() > 1 ? p.get(0) : null, p.get(p.size() - 1));
                Optional<MigrationRecord> m = StateStore.schemaExists(c) ? StateStore.findActive(c, oid)
                        : Optional.empty();
                if (m.isEmpty()) {
                    LOG.info("no unfinished pgswap migration for {}; nothing to abort", table);
                    return null;
                }
                if (!StateStore.tryLock(c, oid)) {
                    throw PgSwapException.refused("a pgswap run is working on " + table + " right now: "
                            + StateStore.lockHolder(c, oid) + "; stop it (Ctrl-C or SIGTERM) first");
                }
                try {
                    if (m.get().phase().atLeast(Phase.SWAPPED)) {
                        throw PgSwapException.refused("migration #" + m.get().id() + " already swapped; "
                                + "rerun the same command to finish it");
                    }
                    Aborter.abort(c, m.get(), Phase.ABORTED, null, Clock.SYSTEM, Duration.ofMinutes(5));
                    LOG.info("aborted migration #{} of {}: trigger, log and shadow removed; the table is as it was",
                            m.get().id(), table);
                } finally {
                    StateStore.unlock(c, oid);
                }
                return null;
            }
        });
    }
}
