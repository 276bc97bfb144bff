package io.pgswap.core;

import io.pgswap.sql.Sql;

/**
 * Names of the objects one migration creates. Helper objects live in the {@code pgswap} schema;
 * the shadow must live in the table's own schema because a rename cannot move a table between
 * schemas. Every object is named after the migration's id, and marked by a comment
 * ({@link #MARKER}) so cleanup can prove it is pgswap's before removing it.
 */
public record Names(long migrationId, String schema, String table) {
    public static final String STATE_SCHEMA = "pgswap";
    /** The comment prefix on every object pgswap creates outside its own schema: "pgswap migration N". */
    public static final String MARKER = "pgswap migration ";

    /** The change log's column for key column number {@code i} (k1, k2, ...): never clashes with id/op. */
    public static String logKeyColumn(int i) {
        return "k" + (i + 1);
    }

    public String marker() {
        return MARKER + migrationId;
    }

    public String logTable() {
        return Sql.qualified(STATE_SCHEMA, "log_" + migrationId);
    }

    public String captureFunction() {
        return Sql.qualified(STATE_SCHEMA, "capture_" + migrationId);
    }

    public String captureTrigger() {
        return "pgswap_capture_" + migrationId;
    }

    public String truncateTrigger() {
        return "pgswap_capture_" + migrationId + "_truncate";
    }

    /** In-place: the trigger that fills a column in rows written while a backfill runs. */
    public String fillTrigger() {
        return "pgswap_fill_" + migrationId;
    }

    public String fillFunction() {
        return Sql.qualified(STATE_SCHEMA, "fill_" + migrationId);
    }

    public String shadowName() {
        return "pgswap_shadow_" + migrationId;
    }

    public String shadow() {
        return Sql.qualified(schema, shadowName());
    }

    public String qualifiedTable() {
        return Sql.qualified(schema, table);
    }

    /** What the original table is renamed to by the swap; kept until dropped. */
    public String oldName() {
        return Sql.boundedName("pgswap_old_" + migrationId + "_" + table);
    }

    /** Temporary name of the shadow's copy of index number {@code k}. */
    public String shadowIndex(int k) {
        return "pgswap_" + migrationId + "_i" + k;
    }

    /** What the original's index number {@code k} is renamed to by the swap. */
    public String oldIndex(int k) {
        return "pgswap_old_" + migrationId + "_i" + k;
    }

    /** Temporary name of the shadow's copy of extended statistics object number {@code k}. */
    public String shadowStatistics(int k) {
        return "pgswap_" + migrationId + "_x" + k;
    }

    public String oldStatistics(int k) {
        return "pgswap_old_" + migrationId + "_x" + k;
    }

    public String oldSequence(int k) {
        return "pgswap_old_" + migrationId + "_s" + k;
    }

    /** A partition's shadow: the CHECK equal to its partition bound, so ATTACH PARTITION does not scan it. */
    public String boundCheck() {
        return "pgswap_" + migrationId + "_bound";
    }

    /** Per-session temporary table holding the keys of one replay batch. */
    public String replayKeys() {
        return Sql.qualified("pg_temp", "pgswap_keys_" + migrationId);
    }
}
