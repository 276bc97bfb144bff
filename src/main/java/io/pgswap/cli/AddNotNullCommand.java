package io.pgswap.cli;

import io.pgswap.engine.MigrationSpec;
import io.pgswap.engine.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add-not-null", mixinStandardHelpOptions = true,
        description = {
            "Make a column NOT NULL without blocking the table: copy it to a shadow table that has the",
            "constraint, replay concurrent writes, and swap the shadow in with a short ACCESS EXCLUSIVE lock.",
            "Existing NULLs stop the run before the copy unless --fill gives a value for them."},
        footer = {"", "Examples:",
            "  pgswap add-not-null orders.status --dry-run",
            "  pgswap add-not-null sales.orders.status --fill pending",
            "", "Exit codes: 0 done or nothing to do, 1 failed (original intact), 2 usage error,",
            "3 refused by preflight (nothing changed), 4 swap gave up (original intact, resumable),",
            "75 stopped at a safe point (resumable)."})
final class AddNotNullCommand extends MigrateCommand {
    @Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE.COLUMN", description = "the column to make NOT NULL")
    String target;

    @Option(names = "--fill", paramLabel = "VALUE",
            description = "value written instead of NULL, during the copy and for rows written meanwhile")
    String fill;

    @Override
    MigrationSpec spec() {
        return build(Operation.ADD_NOT_NULL, target(target, true), true, fill);
    }
}
