package io.pgswap.core;

import io.pgswap.sql.Sql;

/**
 * Names of the objects one migration creates. Helper objects live in the {@code pgswap} schema;
 * the shadow must live in the table's own schema because a rename cannot move a table between
 * schemas. Every object is named after the migration's id, and marked by a comment
 * ({@link #MARKER}) so cleanup can prove it is pgswap's before removing it.
 *
 * <p>A revert is the same swap with the roles of the two tables exchanged: {@link #reversed()}
 * names the objects as the revert sees them. Its "shadow" is the old table the forward swap kept
 * ({@code pgswap_old_N_t}, with the indexes {@code pgswap_old_N_iK}), the table it moves aside is
 * the live one (to {@code pgswap_rev_N_t}), and its log, trigger function and triggers are the
 * reverse capture's ({@code pgswap.revlog_N}, {@code pgswap.revert_N}, {@code pgswap_revert_N}).
 */
public record Names(long migrationId, String schema, String table, boolean reverse) {
    public static final String STATE_SCHEMA = "pgswap";
    /** The comment prefix on every object pgswap creates outside its own schema: "pgswap migration N". */
    public static final String MARKER = "pgswap migration ";

    /** The change log's column for key column number {@code i} (k1, k2, ...): never clashes with id/op. */
    public static String logKeyColumn(int i) {
        return "k" + (i + 1);
    }

    public Names(long migrationId, String schema, String table) {
        this(migrationId, schema, table, false);
    }

    /** The names as the other direction of the swap sees them (see the class comment). */
    public Names reversed() {
        return new Names(migrationId, schema, table, !reverse);
    }

    public String marker() {
        return MARKER + migrationId;
    }

    public String logTable() {
        return Sql.qualified(STATE_SCHEMA, (reverse ? "revlog_" : "log_") + migrationId);
    }

    public String captureFunction() {
        return Sql.qualified(STATE_SCHEMA, (reverse ? "revert_" : "capture_") + migrationId);
    }

    public String captureTrigger() {
        return (reverse ? "pgswap_revert_" : "pgswap_capture_") + migrationId;
    }

    public String truncateTrigger() {
        return captureTrigger() + "_truncate";
    }

    /** In-place: the trigger that fills a column in rows written while a backfill runs. */
    public String fillTrigger() {
        return "pgswap_fill_" + migrationId;
    }

    public String fillFunction() {
        return Sql.qualified(STATE_SCHEMA, "fill_" + migrationId);
    }

    /** The table the swap moves in: the shadow, or for a revert the old table the forward swap kept. */
    public String shadowName() {
        return reverse ? forwardOldName() : "pgswap_shadow_" + migrationId;
    }

    public String shadow() {
        return Sql.qualified(schema, shadowName());
    }

    public String qualifiedTable() {
        return Sql.qualified(schema, table);
    }

    /** What the live table is renamed to by the swap (for a revert: the new table it moves aside); kept until dropped. */
    public String oldName() {
        return reverse ? Sql.boundedName("pgswap_rev_" + migrationId + "_" + table) : forwardOldName();
    }

    private String forwardOldName() {
        return Sql.boundedName("pgswap_old_" + migrationId + "_" + table);
    }

    /** Temporary name of the shadow's copy of index number {@code k} (for a revert: the old table's index). */
    public String shadowIndex(int k) {
        return shadowIndexPrefix() + k;
    }

    /** {@link #shadowIndex} without the number. */
    public String shadowIndexPrefix() {
        return (reverse ? "pgswap_old_" : "pgswap_") + migrationId + "_i";
    }

    /** What the live table's index number {@code k} is renamed to by the swap. */
    public String oldIndex(int k) {
        return asideName() + "_i" + k;
    }

    /** Temporary name of the shadow's copy of extended statistics object number {@code k}. */
    public String shadowStatistics(int k) {
        return (reverse ? "pgswap_old_" : "pgswap_") + migrationId + "_x" + k;
    }

    public String oldStatistics(int k) {
        return asideName() + "_x" + k;
    }

    public String oldSequence(int k) {
        return asideName() + "_s" + k;
    }

    private String asideName() {
        return (reverse ? "pgswap_rev_" : "pgswap_old_") + migrationId;
    }

    /** A partition's shadow: the CHECK equal to its partition bound, so ATTACH PARTITION does not scan it. */
    public String boundCheck() {
        return "pgswap_" + migrationId + "_bound";
    }

    /** Per-session temporary table holding the keys of one replay batch. */
    public String replayKeys() {
        return Sql.qualified("pg_temp", replayKeysName());
    }

    public String replayKeysName() {
        return (reverse ? "pgswap_revkeys_" : "pgswap_keys_") + migrationId;
    }
}
