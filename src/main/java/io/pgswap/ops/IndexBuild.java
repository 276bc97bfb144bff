package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Probe;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What add-index, add-unique, add-primary-key and reindex share when they plan: the refusals
 * every CONCURRENTLY build needs, the server's own reading of an index definition (on an empty
 * copy of the table, in a rolled-back transaction: it checks the user's SQL, gives the
 * normalized definition to compare with the table's indexes, and the name PostgreSQL would
 * choose), and the build step itself. The careful running of that step lives with the in-place
 * runner (ConcurrentIndex), which recognizes the statement built here.
 */
final class IndexBuild {
    private IndexBuild() {
    }

    /** What the server made of a definition on the empty copy: the name, the text after "ON table ", uniqueness. */
    record Made(String name, String tail, boolean unique) {
        boolean sameAs(IndexInfo i) {
            return i.unique() == unique && tail.equals(i.definitionTail());
        }
    }

    /**
     * CONCURRENTLY builds need a plain table, and not PostgreSQL 14.0-14.3, where CREATE INDEX
     * CONCURRENTLY and REINDEX CONCURRENTLY could silently miss rows (fixed in 14.4).
     */
    static void checkConcurrently(TableFacts f, String what) {
        if (f.relkind() == 'p') {
            throw PgSwapException.refused(f.displayName() + " is partitioned; " + what + " CONCURRENTLY does not work on "
                    + "partitioned tables, nor ADD CONSTRAINT ... USING INDEX. 'pgswap add-index " + f.displayName()
                    + " COLUMNS" + (what.contains("UNIQUE") ? " --unique" : "") + "' builds the index on each partition "
                    + "CONCURRENTLY, then on the partitioned table (which only attaches them)");
        }
        if (f.relkind() != 'r' && f.relkind() != 'm') { // a materialized view only where Preflight let it through
            throw PgSwapException.refused(f.displayName() + " is not a table");
        }
        checkVersion(f, what);
    }

    /**
     * {@link #checkConcurrently} for an operation that also runs on a partitioned table: there only
     * the server's version is checked here, each partition on its own when its turn comes.
     */
    static void checkConcurrentlyOrPartitioned(TableFacts f, String what) {
        if (f.relkind() == 'p') {
            checkVersion(f, what);
        } else {
            checkConcurrently(f, what);
        }
    }

    /** Not PostgreSQL 14.0-14.3 (see {@link #checkConcurrently}). */
    private static void checkVersion(TableFacts f, String what) {
        int v = f.serverVersionNum();
        if (v >= 140000 && v < 140004) {
            throw PgSwapException.refused("the server runs PostgreSQL 14." + (v % 100) + ", where " + what
                    + " CONCURRENTLY can silently corrupt the index (fixed in 14.4); upgrade the server to the latest "
                    + "14.x minor release, then run this again. Nothing was changed");
        }
    }

    /**
     * Runs {@code ddl} (given the quoted name of an empty temporary copy of the table and the name
     * to use, or null to let PostgreSQL choose) in a scratch transaction and reads the index it
     * made. Without a name, the name PostgreSQL chooses is kept only when no relation of the
     * table's schema has it (nor, for {@code constraintName}, a constraint): otherwise that name
     * is taken in the copy's schema too and the server chooses again, exactly as it would have in
     * the table's schema.
     */
    static Made made(Probe server, TableFacts f, Function<String, String> ddl, String name, boolean constraintName,
                     String what) throws SQLException {
        String copy = Sql.qualified("pg_temp", f.name());
        try {
            return server.scratch(tx -> {
                // a partitioned table's copy is partitioned the same way: the server then also checks what only
                // holds there (a unique index must contain the partition key)
                String partitionBy = f.relkind() == 'p' ? " PARTITION BY " + Rows.string(tx, Statement.of(
                        "SELECT pg_get_partkeydef(CAST(? AS oid))", f.oid())) : "";
                Tx.execute(tx, List.of("CREATE TEMP TABLE " + Sql.ident(f.name()) + " (LIKE " + f.qualifiedName()
                        + " INCLUDING GENERATED)" + partitionBy + " ON COMMIT DROP"));
                for (int attempt = 0; attempt < 100; attempt++) {
                    Tx.execute(tx, List.of("SAVEPOINT pgswap_name", ddl.apply(copy)));
                    // the copy's schema prints as pg_temp (PostgreSQL 16+) or as its own name, pg_temp_N
                    Made m = Rows.first(tx, Statement.of("""
                            SELECT c.relname, i.indisunique,
                                   coalesce(substr(d.def, length(p.prefix) + 1), d.def)
                            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
                            JOIN pg_namespace n ON n.oid = t.relnamespace
                            CROSS JOIN LATERAL (SELECT pg_get_indexdef(c.oid) AS def) d
                            LEFT JOIN LATERAL (
                                SELECT format('CREATE %sINDEX %I ON %s%s.%I ', CASE WHEN i.indisunique THEN 'UNIQUE '
                                              ELSE '' END, c.relname, o, s, t.relname) AS prefix
                                FROM unnest(ARRAY['pg_temp', quote_ident(n.nspname)]) s
                                CROSS JOIN unnest(ARRAY['', 'ONLY ']) o) p ON starts_with(d.def, p.prefix)
                            WHERE i.indrelid = to_regclass(?)""", copy), rs -> new Made(rs.getString(1),
                            rs.getString(3), rs.getBoolean(2))).orElseThrow();
                    if (name != null || !taken(tx, f.schema(), m.name(), constraintName)) {
                        return m;
                    }
                    Tx.execute(tx, List.of("ROLLBACK TO SAVEPOINT pgswap_name",
                            "CREATE TEMP SEQUENCE " + Sql.ident(m.name())));
                }
                throw new SQLException("no free index name after 100 tries");
            });
        } catch (SQLException e) {
            if (PgErrors.isUserSqlError(e)) {
                throw new PgSwapException(ExitCode.REFUSED, what + " is not valid for " + f.displayName() + ": "
                        + PgErrors.message(e) + ". Nothing was changed", e, e.getSQLState());
            }
            throw e;
        }
    }

    private static boolean taken(Connection c, String schema, String name, boolean constraintName) throws SQLException {
        return Rows.bool(c, Statement.of("""
                SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = ? AND c.relname = ?)
                    OR (? AND EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
                                      WHERE n.nspname = ? AND k.conname = ?))""", schema, name, constraintName,
                schema, name));
    }

    /** The table's index with the same definition (valid ones first, then INVALID leftovers), if any. */
    static Optional<IndexInfo> sameDefinition(TableFacts f, Made m) {
        return f.indexes().stream().filter(m::sameAs).filter(IndexInfo::valid).findFirst()
                .or(() -> f.indexes().stream().filter(m::sameAs).findFirst());
    }

    static Optional<IndexInfo> named(TableFacts f, String name) {
        return f.indexes().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** What else in the table's schema has this name ("table public.x"), if it is not an index of the table. */
    static Optional<String> nameUsedElsewhere(Connection c, TableFacts f, String name) throws SQLException {
        return Rows.first(c, Statement.of("""
                SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'i' THEN 'index'
                                      WHEN 'I' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view'
                                      WHEN 'm' THEN 'materialized view' ELSE 'relation' END
                       || ' ' || format('%I.%I', n.nspname, c.relname)
                       || coalesce(' (on ' || (SELECT i.indrelid::regclass::text FROM pg_index i
                                               WHERE i.indexrelid = c.oid) || ')', '')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?
                  AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = c.oid AND i.indrelid = CAST(? AS oid))""",
                f.schema(), name, f.oid()), rs -> rs.getString(1));
    }

    /** Names are used as given; one PostgreSQL would cut short is refused instead. */
    static String checkName(String given, String option) {
        String name = Sql.optionName(given, option);
        if (name != null && name.getBytes(StandardCharsets.UTF_8).length > Sql.MAX_NAME_BYTES) {
            throw PgSwapException.usage(option + " " + name + " is longer than PostgreSQL's 63 bytes");
        }
        return name;
    }

    /**
     * A comma-separated list of column names (SQL rules: unquoted names fold to lower case), in
     * parentheses or not: {@code 'code'} and {@code '(code)'} as in {@code UNIQUE (code)}.
     */
    static List<String> columns(String given, String what) {
        String text = given.strip();
        if (text.startsWith("(") && text.endsWith(")") && text.indexOf(')') == text.length() - 1) {
            text = text.substring(1, text.length() - 1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        List<String> names = new ArrayList<>();
        for (String part : out) {
            String name = identifier(part, what + " '" + given + "'");
            if (name == null) {
                throw PgSwapException.usage(what + " '" + given + "' should be column names separated by commas, e.g. "
                        + "'customer_id, created_at'");
            }
            names.add(name);
        }
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw PgSwapException.usage(what + " '" + given + "' names a column twice");
        }
        return List.copyOf(names);
    }

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /**
     * One SQL identifier as PostgreSQL reads it (unquoted: folded to lower case; "quoted": as
     * written), or null when {@code text} is something else (an expression, a dotted name).
     */
    static String identifier(String text, String what) {
        String t = text.strip();
        List<String> parsed;
        try {
            parsed = QualifiedName.parse(t);
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage("cannot read " + what + ": " + e.getMessage());
        }
        if (parsed.size() != 1 || !t.startsWith("\"") && !PLAIN.matcher(t).matches()) {
            return null;
        }
        return parsed.get(0);
    }

    static void requireColumns(TableFacts f, List<String> columns) {
        for (String c : columns) {
            if (f.column(c).isEmpty()) {
                throw PgSwapException.refused(f.displayName() + " has no column " + QualifiedName.format(c)
                        + "; nothing was changed");
            }
        }
    }

    /** Done when a valid, ready index of that name is on the table. */
    static Statement validIndex(TableFacts f, String name) {
        return Statement.of("""
                SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                               WHERE i.indrelid = to_regclass(?) AND c.relname = ? AND i.indisvalid AND i.indisready)""",
                f.qualifiedName(), name);
    }

    /**
     * The CONCURRENT step that builds {@code name} with {@code create} (a CREATE INDEX
     * CONCURRENTLY naming it); abort drops it with DROP INDEX CONCURRENTLY.
     */
    static InPlaceStep buildStep(TableFacts f, String name, String create, String description, String leaves) {
        String t = f.qualifiedName();
        String index = Sql.qualified(f.schema(), name);
        return new InPlaceStep("build", description, InPlaceStep.Kind.CONCURRENT, List.of(Statement.of(create)),
                List.of(new LockUse(t, LockLevel.SHARE_UPDATE_EXCLUSIVE)), validIndex(f, name),
                new InPlaceStep.Undo(List.of(Statement.of("DROP INDEX CONCURRENTLY IF EXISTS " + index)),
                        List.of(new LockUse(t, LockLevel.SHARE_UPDATE_EXCLUSIVE)), false),
                leaves, buildEstimate(f), NOTE, null);
    }

    static final String NOTE = "SHARE UPDATE EXCLUSIVE blocks no reads or writes; the first request waits at most "
            + "--lock-timeout, is retried and is not made while a long transaction holds the table; the waits for older "
            + "transactions block nobody and are bounded by --wait-timeout; an INVALID leftover of the same name is "
            + "dropped first";

    /** Two passes over the heap plus a sort, at the bench's measured rates. */
    static Duration buildEstimate(TableFacts f) {
        return Estimates.of(f.heapBytes() * 2, Estimates.SCAN_BYTES_PER_SECOND)
                .plus(Estimates.of(Math.max(f.estimatedRows(), 1) * 24, Estimates.INDEX_BYTES_PER_SECOND));
    }

    /**
     * For the plan: the sessions whose transactions a build would wait for now (any transaction
     * in this database older than a few seconds), and the table's INVALID indexes.
     */
    static List<Plan.Finding> waits(Connection c, TableFacts f) throws SQLException {
        List<Plan.Finding> out = new ArrayList<>();
        for (String s : Rows.strings(c, Statement.of("""
                SELECT format('pid %s (%s, %s, %s, transaction open for %s s, query started %s)', pid, usename,
                              coalesce(nullif(application_name, ''), 'no application_name'), state,
                              (extract(epoch FROM now() - xact_start))::bigint,
                              to_char(query_start, 'YYYY-MM-DD HH24:MI:SS TZ'))
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start < now() - interval '5 s'
                  AND backend_type = 'client backend'
                ORDER BY xact_start LIMIT 5"""))) {
            out.add(Plan.Finding.warning("the build would wait for " + s + " to end before it finishes (reads and writes "
                    + "go on meanwhile; each wait is bounded by --wait-timeout)"));
        }
        return out;
    }
}
