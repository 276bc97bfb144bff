package io.pgswap.cli;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.Inspector;
import io.pgswap.db.Db;
import io.pgswap.engine.MigrationSpec;
import io.pgswap.engine.Operation;
import io.pgswap.sql.QualifiedName;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue an unfinished migration from its checkpoint, with the operation, column and",
            "--fill value it was started with (re-running the original command does the same)."})
final class ResumeCommand extends MigrateCommand {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Parameters(index = "0", arity = "0..1", paramLabel = "[SCHEMA.]TABLE",
            description = "the table; may be left out when exactly one migration is unfinished")
    String table;

    @Override
    MigrationSpec spec() {
        if (options.dryRun) {
            throw PgSwapException.usage("resume has no --dry-run; 'pgswap status' shows where a migration is");
        }
        if (table != null) {
            target(table, false);
        }
        return build(Operation.REPACK, List.of("-"), false, null);
    }

    @Override
    MigrationSpec resolve(Db db, MigrationSpec base) throws SQLException {
        try (Connection c = db.connection()) {
            if (!StateStore.schemaExists(c)) {
                LOG.info("no unfinished pgswap migration; nothing to resume");
                return null;
            }
            List<MigrationRecord> active = StateStore.all(c).stream().filter(m -> m.phase().isActive()).toList();
            if (table != null) {
                List<String> p = target(table, false);
                long oid = new Inspector(c).resolveTable(p.size() > 1 ? p.get(0) : null, p.get(p.size() - 1));
                active = active.stream().filter(m -> m.tableOid() == oid).toList();
            }
            if (active.isEmpty()) {
                LOG.info("no unfinished pgswap migration{}; nothing to resume", table == null ? "" : " for " + table);
                return null;
            }
            if (active.size() > 1) {
                throw PgSwapException.usage("several migrations are unfinished ("
                        + active.stream().map(m -> io.pgswap.sql.QualifiedName.format(m.schema(), m.table())).toList() + "); name the table");
            }
            MigrationRecord m = active.get(0);
            return new MigrationSpec(Operation.fromCommand(m.operation()), m.schema(), m.table(), m.column(), m.fill(),
                    false, base.lockTimeout(), base.swapBudget(), base.maxAttempts(), base.batchTime(),
                    base.batchRows(), base.replayBatch(), base.indexJobs(), base.dropOld(), base.noSwap(),
                    base.rebuildMatviews());
        }
    }
}
