package io.pgswap.cli;

import io.pgswap.engine.MigrationSpec;
import io.pgswap.engine.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "repack", mixinStandardHelpOptions = true,
        description = {
            "Rewrite a table without changing it (an online VACUUM FULL, the job pg_repack does):",
            "removes bloat while the application keeps reading and writing."},
        footer = {"", "Example:", "  pgswap repack public.orders"})
final class RepackCommand extends MigrateCommand {
    @Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE", description = "the table to rewrite")
    String target;

    @Override
    MigrationSpec spec() {
        return build(Operation.REPACK, target(target, false), false, null);
    }
}
