package io.pgswap.state;

import io.pgswap.db.Rows;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * pgswap's state schema, created and upgraded by numbered steps, so that a migration left
 * unfinished by an older pgswap resumes after an upgrade. Step N takes the schema from version
 * N-1 to N; the version is kept in {@code pgswap.schema_version} (pgswap 0.1.0 had no such table:
 * its schema is version 2, or 1 before it gained {@code validate_keys}). Steps never drop what a
 * running older version still reads.
 */
public final class StateSchema {
    public static final String SCHEMA = "pgswap";
    static final String MIGRATIONS = Sql.qualified(SCHEMA, "migrations");
    static final String VERSION = Sql.qualified(SCHEMA, "schema_version");
    static final String APPLIED_FILES = Sql.qualified(SCHEMA, "applied_files");

    /** Step 3's arguments of a migration started by pgswap 0.1.0 (its column and fill as JSON). */
    private static final String V2_ARGS = """
            jsonb_build_object('table', jsonb_build_object('schema', schema_name, 'table', table_name))
              || CASE WHEN operation = 'add-not-null'
                      THEN jsonb_build_object('column', column_name, 'fill', fill_value)
                      ELSE '{}' END""";
    /** Step 3's step name for a 0.1.0 phase: the step the migration is at. */
    private static final String V2_PHASE = """
            CASE phase WHEN 'CREATED' THEN 'capture' WHEN 'CAPTURE' THEN 'shadow'
                       WHEN 'COPY' THEN 'copy' WHEN 'INDEXES' THEN 'indexes'
                       WHEN 'SYNC' THEN 'swap' WHEN 'SWAPPED' THEN 'finish'
                       ELSE lower(phase) END""";

    /** Index = version reached after the step; element 0 is unused. */
    private static final List<List<String>> STEPS = List.of(
            List.of(),
            // 1: pgswap 0.1.0's table (the schema itself is created first when there is none)
            List.of("""
                    CREATE TABLE IF NOT EXISTS %s (
                      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      table_oid oid NOT NULL,
                      schema_name text NOT NULL,
                      table_name text NOT NULL,
                      operation text NOT NULL,
                      column_name text,
                      fill_value text,
                      phase text NOT NULL,
                      fingerprint text,
                      copy_next_page bigint NOT NULL DEFAULT 0,
                      copy_end_page bigint NOT NULL DEFAULT 0,
                      copy_filenode bigint NOT NULL DEFAULT 0,
                      rows_copied bigint NOT NULL DEFAULT 0,
                      rows_replayed bigint NOT NULL DEFAULT 0,
                      swap_attempts int NOT NULL DEFAULT 0,
                      old_table text,
                      started_at timestamptz NOT NULL DEFAULT now(),
                      updated_at timestamptz NOT NULL DEFAULT now(),
                      finished_at timestamptz,
                      host text,
                      pid int,
                      tool_version text,
                      last_error text
                    )""".formatted(MIGRATIONS),
                    "CREATE UNIQUE INDEX IF NOT EXISTS migrations_one_active ON " + MIGRATIONS
                            + " (table_oid) WHERE phase NOT IN ('DONE', 'ABORTED', 'FAILED')"),
            // 2: pgswap 0.1.0's own upgrade: the foreign keys to validate after the swap
            List.of("ALTER TABLE " + MIGRATIONS + " ADD COLUMN IF NOT EXISTS validate_keys text[]"),
            // 3: operations with generic arguments, in-place recipes, one vocabulary of step names
            List.of("CREATE TABLE " + VERSION + " (version int NOT NULL)",
                    "INSERT INTO " + VERSION + " VALUES (2)",
                    "ALTER TABLE " + MIGRATIONS + " ADD COLUMN args jsonb NOT NULL DEFAULT '{}'",
                    "ALTER TABLE " + MIGRATIONS + " ADD COLUMN recipe text NOT NULL DEFAULT 'swap'",
                    "ALTER TABLE " + MIGRATIONS + " ADD COLUMN steps_done text[] NOT NULL DEFAULT '{}'",
                    "ALTER TABLE " + MIGRATIONS + " ADD COLUMN pending text[] NOT NULL DEFAULT '{}'",
                    "UPDATE " + MIGRATIONS + " SET args = " + V2_ARGS + ", phase = " + V2_PHASE,
                    "DROP INDEX " + Sql.qualified(SCHEMA, "migrations_one_active"),
                    "CREATE UNIQUE INDEX migrations_one_active ON " + MIGRATIONS
                            + " (table_oid) WHERE phase NOT IN ('done', 'aborted', 'failed')"),
            // 4: what a running migration waits for now (a throttle's pause), for status
            List.of("ALTER TABLE " + MIGRATIONS + " ADD COLUMN waiting text"),
            // 5: the revert window: when it ends, the new table's fingerprint a revert checks, what the
            // window's end drops, and when a migration was reverted
            List.of("ALTER TABLE " + MIGRATIONS + " ADD COLUMN revert_until timestamptz",
                    "ALTER TABLE " + MIGRATIONS + " ADD COLUMN revert_fingerprint text",
                    "ALTER TABLE " + MIGRATIONS + " ADD COLUMN revert_drop_old boolean NOT NULL DEFAULT false",
                    "ALTER TABLE " + MIGRATIONS + " ADD COLUMN reverted_at timestamptz"),
            // 6: pgswap apply's progress through a migration file, step by step
            List.of("""
                    CREATE TABLE %s (
                      name text PRIMARY KEY,
                      checksum text NOT NULL,
                      step_hashes text[] NOT NULL,
                      steps_done int NOT NULL DEFAULT 0,
                      started_step int,
                      started_at timestamptz NOT NULL DEFAULT now(),
                      updated_at timestamptz NOT NULL DEFAULT now(),
                      finished_at timestamptz,
                      host text,
                      pid int,
                      tool_version text,
                      last_error text
                    )""".formatted(APPLIED_FILES)),
            // 7: the options a run was started with, which pgswap resume goes on with
            List.of("ALTER TABLE " + MIGRATIONS + " ADD COLUMN run_options text[] NOT NULL DEFAULT '{}'"));

    public static final int CURRENT = STEPS.size() - 1;

    private StateSchema() {
    }

    public static boolean exists(Connection c) throws SQLException {
        return Rows.relationExists(c, MIGRATIONS);
    }

    /** The version of the state schema in this database: 0 when there is none. */
    public static int version(Connection c) throws SQLException {
        if (Rows.relationExists(c, VERSION)) {
            return Rows.longValue(c, Statement.of("SELECT max(version) FROM " + VERSION)).intValue();
        }
        if (!exists(c)) {
            return 0;
        }
        return Rows.bool(c, Statement.of("""
                SELECT count(*) > 0 FROM pg_attribute
                WHERE attrelid = to_regclass(?) AND attname = 'validate_keys' AND NOT attisdropped""", MIGRATIONS))
                ? 2 : 1;
    }

    /**
     * Where to read migrations from: the table itself, or for a schema an older pgswap left (not
     * upgraded yet: a dry run, a refusal, status) the same rows as step 3 will turn them into. The
     * columns are those of the current schema.
     */
    static String source(Connection c) throws SQLException {
        int v = version(c);
        if (v >= 4) {
            return MIGRATIONS;
        }
        if (v == 3) {
            return "(SELECT *, NULL::text AS waiting FROM " + MIGRATIONS + ") m";
        }
        return """
                (SELECT id, table_oid, schema_name, table_name, operation, %s AS args, 'swap'::text AS recipe,
                        %s AS phase, fingerprint, copy_next_page, copy_end_page, copy_filenode, rows_copied,
                        rows_replayed, swap_attempts, old_table, started_at, updated_at, host, pid, last_error,
                        '{}'::text[] AS steps_done, '{}'::text[] AS pending, %s AS validate_keys,
                        NULL::text AS waiting
                 FROM %s) m""".formatted(V2_ARGS, V2_PHASE, v == 2 ? "validate_keys" : "NULL::text[]", MIGRATIONS);
    }

    /** Creates the schema or upgrades it to {@link #CURRENT}: the numbered steps still due, in one transaction. */
    public static void ensure(Connection c) throws SQLException {
        if (version(c) == CURRENT) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + RunLock.schemaKey() + ")");
            io.pgswap.db.QuietDdl.begin(c);
            // not CREATE SCHEMA IF NOT EXISTS: PostgreSQL checks CREATE on the database before it looks, and a
            // role a DBA made the schema for (CREATE SCHEMA pgswap AUTHORIZATION role) may have no such right
            if (!Rows.bool(c, Statement.of("SELECT to_regnamespace(?) IS NOT NULL", Sql.ident(SCHEMA)))) {
                st.execute("CREATE SCHEMA " + Sql.ident(SCHEMA));
            }
            for (int v = version(c) + 1; v <= CURRENT; v++) {
                for (String sql : STEPS.get(v)) {
                    st.execute(sql);
                }
                if (v >= 3) {
                    st.execute("UPDATE " + VERSION + " SET version = " + v);
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
