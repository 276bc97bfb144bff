package io.pgswap.state;

import java.time.OffsetDateTime;

/** One row of pgswap.migrations. */
public record MigrationRecord(long id, long tableOid, String schema, String table, String operation,
                              String column, String fill, Phase phase, String fingerprint, long copyNextPage,
                              long copyEndPage, long copyFilenode, long rowsCopied, long rowsReplayed,
                              int swapAttempts, String oldTable, OffsetDateTime startedAt,
                              OffsetDateTime updatedAt, String host, Integer pid, String lastError) {
}
