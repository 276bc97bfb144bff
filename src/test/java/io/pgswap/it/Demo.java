package io.pgswap.it;

import io.pgswap.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The demo behind {@code scripts/demo.sh}: a throwaway PostgreSQL 17, an orders table of about a
 * million rows (every 50th status NULL), {@code pgswap add-not-null orders.status --fill unknown}
 * run as a child process (the packaged jar, exactly as a user runs it) while a paced write load
 * keeps changing the table, then the figures a user cares about and a verification against an
 * oracle table that the load writes in the same transactions.
 *
 * <p>Environment: {@code DEMO_ROWS} (default 1,000,000), {@code DEMO_RATE} (transactions per second
 * over all writers, default 500), {@code DEMO_WRITERS} (default 4), {@code DEMO_NULL_WRITES=1}
 * (the load keeps writing NULL statuses until pgswap exits). System property {@code pgswap.demo.jar}
 * (default target/pgswap.jar). Exit status: 0 PASS, 1 FAIL, 2 the demo could not run.
 */
public final class Demo {
    private static final String FILL = "unknown";
    private static final int LABEL = 38;
    private static final long NANOS_PER_SEC = 1_000_000_000L;
    /** Half-width of the window around the swap in which the worst latency is reported separately. */
    private static final long SWAP_WINDOW_NANOS = NANOS_PER_SEC;
    /** The load's first second (connections, JIT) is not measured. */
    private static final long WARMUP_MILLIS = 1000;

    private final PrintStream out = System.out;
    /** Set by Ctrl-C / SIGTERM: the shutdown hooks stop pgswap and the server; the demo then reports nothing. */
    private static volatile boolean interrupted;
    private static volatile boolean finished;
    private final List<String> failures = new ArrayList<>();

    private Demo() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished) {
                interrupted = true;
                System.out.println();
                System.out.println("demo: interrupted; stopping pgswap and the PostgreSQL server");
            }
        }, "demo-interrupted"));
        int code;
        try {
            code = new Demo().run();
        } catch (Exception | Error e) {
            if (interrupted) {
                return;
            }
            System.out.println();
            System.out.println("demo: could not run: " + e);
            Throwable cause = e.getCause();
            while (cause != null) {
                System.out.println("  caused by: " + cause);
                cause = cause.getCause();
            }
            code = 2;
        }
        System.out.flush();
        finished = true;
        System.exit(code); // shutdown hooks stop the PostgreSQL server and remove its data directory
    }

    private int run() throws Exception {
        int rows = envInt("DEMO_ROWS", 1_000_000);
        int rate = envInt("DEMO_RATE", 500);
        int writers = envInt("DEMO_WRITERS", 4);
        boolean nullWrites = "1".equals(System.getenv("DEMO_NULL_WRITES"))
                || "true".equalsIgnoreCase(System.getenv("DEMO_NULL_WRITES"));
        Path jar = Path.of(System.getProperty("pgswap.demo.jar", "target/pgswap.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing; build it: mvn -B -q package -DskipTests");
        }
        long demoStart = System.nanoTime();

        header("Setup");
        TestDatabase.Server server = startServer();
        try (TestDatabase.Database db = server.createDatabase(); Connection c = db.connect()) {
            long t0 = System.nanoTime();
            progress(String.format("Loading %,d rows into orders (+ orders_oracle, a copy)", rows));
            Fixtures.createOrders(db, rows);
            done(String.format("%.1f s", secs(System.nanoTime() - t0)));
            // a table in steady state, as in production: otherwise autovacuum and hint-bit writes on the
            // freshly loaded rows compete with the migration and the load
            t0 = System.nanoTime();
            progress("VACUUM ANALYZE and CHECKPOINT");
            db.execute("VACUUM (ANALYZE) orders, orders_oracle");
            db.execute("CHECKPOINT");
            done(String.format("%.1f s", secs(System.nanoTime() - t0)));
            long nullsBefore = Fixtures.count(c, "SELECT count(*) FROM orders WHERE status IS NULL");
            String size = Fixtures.strings(c, "SELECT pg_size_pretty(pg_total_relation_size('orders'))").get(0);
            figure("orders", String.format("%,d rows, %s with indexes, %,d NULL statuses", rows, size, nullsBefore));

            header("The plan:  pgswap add-not-null orders.status --fill " + FILL + " --dry-run");
            List<String> planLines = new ArrayList<>();
            Child plan = Child.run(jar, db, true, List.of("add-not-null", "orders.status", "--fill", FILL, "--dry-run"),
                    planLines::add);
            printPlan(planLines, plan.exit != 0 || "1".equals(System.getenv("DEMO_FULL_PLAN")));
            if (plan.exit != 0) {
                fail("the dry run exited with status " + plan.exit);
            }

            header("Migration under load:  pgswap add-not-null orders.status --fill " + FILL + " --output json");
            out.printf("  Write load: %d writers, ~%d transactions/s in total: 20%% reads, 25%% new orders,%n", writers,
                    rate);
            out.println("  40% updates (half of them leave status alone), 10% deletes, 5% re-inserts of deleted ids;");
            out.println("  every write goes to orders and to orders_oracle in the same transaction.");
            if (nullWrites) {
                out.println("  DEMO_NULL_WRITES=1: 10% of the status writes are NULL until pgswap exits. NULLs written");
                out.println("  before the swap are filled with '" + FILL + "' by the replay; after the swap PostgreSQL");
                out.println("  rejects them (23502). Those are counted apart: they are the constraint at work.");
            } else {
                out.println("  The load writes no NULL status: an application must stop writing NULLs before the column");
                out.println("  becomes NOT NULL, or its writes start failing (23502) the moment the swap commits. The");
                out.println("  NULLs already in the table are pgswap's job: --fill " + FILL + " replaces them.");
                out.println("  (DEMO_NULL_WRITES=1 keeps writing NULLs until pgswap exits, to see both effects.)");
            }
            out.println();
            Load load = new Load(db, writers, rate, rows, nullWrites);
            Child migration;
            long loadStart = System.nanoTime();
            try {
                load.start();
                Thread.sleep(WARMUP_MILLIS + 2000); // a baseline of latencies before pgswap starts
                long migrationStart = System.nanoTime();
                Timeline timeline = new Timeline(migrationStart);
                Thread reporter = load.reporter(timeline, 2);
                migration = Child.run(jar, db, false, List.of("add-not-null", "orders.status", "--fill", FILL,
                        "--output", "json"), line -> timeline.print("pgswap", stripLogPrefix(line)));
                load.writeNulls = false;
                migration.startNanos = migrationStart; // the zero of the timeline
                Thread.sleep(2000); // the application keeps going on the new table
                reporter.interrupt();
                timeline.print("load", "stopping; " + load.statusLine());
            } finally {
                load.stop();
            }
            long loadEnd = System.nanoTime();
            if (interrupted) {
                Thread.sleep(Long.MAX_VALUE); // the JVM is exiting
            }

            Map<String, Object> json = parseJsonObject(migration.stdout);
            report(migration, json, load, loadStart, loadStart + WARMUP_MILLIS * 1_000_000L, loadEnd);

            header("Verification");
            verify(c, load, migration, json);
        }
        out.println();
        out.printf("Demo finished in %.0f s.%n", secs(System.nanoTime() - demoStart));
        if (failures.isEmpty()) {
            out.println("PASS");
            return 0;
        }
        out.println("FAIL");
        failures.forEach(f -> out.println("  - " + f));
        return 1;
    }

    // ------------------------------------------------------------------------------------------------ steps

    private TestDatabase.Server startServer() {
        progress("Starting a throwaway PostgreSQL 17");
        long t0 = System.nanoTime();
        // TestDatabase announces itself on stderr; keep that for when it fails
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        TestDatabase.Server server;
        try {
            server = TestDatabase.server(17);
        } catch (RuntimeException | Error e) {
            System.setErr(err);
            out.println("failed");
            out.print(said.toString(StandardCharsets.UTF_8));
            throw e;
        } finally {
            System.setErr(err);
        }
        done(String.format("%.1f s", secs(System.nanoTime() - t0)));
        figure("server", server.toString());
        return server;
    }

    /**
     * pgswap's plan; unless {@code full}, the SQL under each numbered step is replaced by a line count
     * (the steps, their locks and what those block are the point here).
     */
    private void printPlan(List<String> lines, boolean full) {
        boolean inSteps = false;
        int sql = 0;
        for (String line : lines) {
            boolean isSql = line.startsWith("     ");
            if (line.matches("^\\d+\\. .*")) {
                inSteps = true;
            } else if (line.equals("Preflight:") || line.equals("Alternatives:")) {
                inSteps = false;
            }
            if (!full && inSteps && isSql) {
                sql++;
                continue;
            }
            if (sql > 0) {
                out.printf("  |      [%d lines of SQL]%n", sql);
                sql = 0;
            }
            out.println(("  | " + line).stripTrailing());
        }
        if (!full) {
            out.println("  (SQL left out; DEMO_FULL_PLAN=1 shows it, as does the command above)");
        }
    }

    /** Latencies are counted from the end of the load's warm-up (connections, JIT) to {@code loadEnd}. */
    private void report(Child migration, Map<String, Object> json, Load load, long loadStart, long warmedUp,
                        long loadEnd) {
        long loadNanos = loadEnd - loadStart;
        header("Result");
        out.println("  pgswap");
        figure("exit status", migration.exit + " (" + json.getOrDefault("outcome", "no JSON summary") + ")");
        if (migration.exit != 0) {
            figure("message", String.valueOf(json.getOrDefault("message", "(none; see its output above)")));
            fail("pgswap exited with status " + migration.exit);
        }
        figure("total time", String.format("%.1f s (process start to exit)", secs(migration.endNanos
                - migration.startNanos)));
        if (json.get("step_ms") instanceof Map<?, ?> phases && !phases.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            phases.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(phaseName(k.toString()))
                    .append(' ').append(num(v) < 1000 ? String.format("%.0f ms", num(v))
                            : String.format("%.1f s", num(v) / 1000.0)));
            figure("phases", sb.toString());
        }
        figure("rows copied", String.format("%,d", (long) num(json.get("rows_copied"))));
        figure("log rows replayed", String.format("%,d (writes made during the run)", (long) num(json.get("rows_replayed"))));
        figure("swap attempts", String.format("%d", (long) num(json.get("swap_attempts"))));
        figure("ACCESS EXCLUSIVE held", String.format("%d ms", (long) num(json.get("access_exclusive_ms"))));
        if (json.get("old_table") != null) {
            figure("old table kept as", json.get("old_table") + " (drop it when convenient)");
        }

        out.println();
        out.println("  Application (the write load)");
        long committed = load.committed.get();
        figure("transactions committed", String.format("%,d in %.0f s (%,.0f/s; %,d reads, %,d writes)", committed,
                secs(loadNanos), committed / secs(loadNanos), load.reads.get(), committed - load.reads.get()));
        figure("failed transactions", String.format("%,d%s", load.failed.get(), load.failed.get() == 0 ? " (expected 0)" : ""));
        load.errors.stream().limit(5).forEach(e -> out.println("      " + e));
        if (load.nullWritesEnabled) {
            figure("NULL writes rejected after the swap", String.format("%,d (23502: the new constraint at work)",
                    load.rejectedNulls.get()));
        }
        long[] all = load.latencies(warmedUp, Long.MAX_VALUE);
        figure("latency p50 / p99 / worst", String.format("%s / %s / %s", ms(pct(all, 50)), ms(pct(all, 99)),
                ms(pct(all, 100))));
        long before = migration.startNanos;
        figure("worst in the 2 s before pgswap", worst(load, warmedUp, before, before));
        figure("worst while pgswap ran", worst(load, before, migration.endNanos, before));
        if (migration.swapNanos > 0) {
            long from = migration.swapNanos - SWAP_WINDOW_NANOS;
            long to = migration.swapNanos + SWAP_WINDOW_NANOS;
            figure("worst within 1 s of the swap", worst(load, from, to, before)
                    + String.format(", %,d transactions in the window", load.latencies(from, to).length));
        } else {
            figure("worst within 1 s of the swap", "n/a (no 'swapped:' line from pgswap)");
        }
        long slow = Arrays.stream(all).filter(l -> l >= 100_000_000L).count();
        figure("transactions slower than 100 ms", String.format("%,d", slow));
        if (load.failed.get() != 0) {
            fail(load.failed.get() + " application transaction(s) failed");
        }
        if (committed == 0) {
            fail("the load committed no transaction");
        }
    }

    /** "304 ms (an update starting at 8.6 s)": the slowest transaction running in [from, to). */
    private static String worst(Load load, long from, long to, long zero) {
        long[] w = load.slowest(from, to);
        if (w == null) {
            return "n/a";
        }
        String kind = Load.KINDS[(int) w[2]];
        return String.format("%s (%s %s starting at %.1f s)", ms(w[1]), "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an" : "a", kind,
                secs(w[0] - zero));
    }

    private void verify(Connection c, Load load, Child migration, Map<String, Object> json) throws SQLException {
        boolean notNull = Fixtures.count(c, "SELECT count(*) FROM pg_attribute"
                + " WHERE attrelid = 'orders'::regclass AND attname = 'status' AND attnotnull") == 1;
        check("orders.status is NOT NULL", notNull, notNull ? "yes" : "no");
        long nulls = Fixtures.count(c, "SELECT count(*) FROM orders WHERE status IS NULL");
        check("rows with a NULL status", nulls == 0, String.format("%,d", nulls));
        long rows = Fixtures.count(c, "SELECT count(*) FROM orders");
        long oracleRows = Fixtures.count(c, "SELECT count(*) FROM orders_oracle");
        check("rows in orders / orders_oracle", rows == oracleRows, String.format("%,d / %,d", rows, oracleRows));
        long filled = Fixtures.count(c, "SELECT count(*) FROM orders_oracle WHERE status IS NULL");
        String cols = "id, customer_id, coalesce(status, '" + FILL + "'), amount, created_at, note";
        long t0 = System.nanoTime();
        long diff = Fixtures.difference(c, "SELECT " + cols + " FROM orders", "SELECT " + cols + " FROM orders_oracle");
        check("rows differing from the oracle", diff == 0, String.format("%,d (every column compared, NULL status"
                + " as '%s'; %,d rows were filled; %.1f s)", diff, FILL, filled, secs(System.nanoTime() - t0)));
        List<String> leftovers = Fixtures.helperObjects(c);
        check("pgswap helper objects left behind", leftovers.isEmpty(),
                leftovers.isEmpty() ? "none (trigger, log and shadow are gone)" : String.join(", ", leftovers));
        check("pgswap exit status", migration.exit == 0 && "swapped".equals(json.get("outcome")),
                migration.exit + " (" + json.getOrDefault("outcome", "?") + ")");
        check("failed application transactions", load.failed.get() == 0, String.format("%,d", load.failed.get()));
    }

    // ------------------------------------------------------------------------------------------------ output

    private void header(String title) {
        out.println();
        out.println("== " + title + " " + "=".repeat(Math.max(3, 96 - title.length())));
    }

    private void progress(String what) {
        out.print("  " + what + " ... ");
        out.flush();
    }

    private void done(String how) {
        out.println("done in " + how);
    }

    private void figure(String label, String value) {
        out.println("    " + pad(label) + value);
    }

    private void check(String label, boolean ok, String value) {
        out.println("  " + (ok ? "ok  " : "FAIL") + "  " + pad(label) + value);
        if (!ok) {
            fail(label + ": " + value);
        }
    }

    private void fail(String what) {
        failures.add(what);
    }

    private static String pad(String label) {
        return label.length() >= LABEL ? label + " " : label + " ".repeat(LABEL - label.length());
    }

    private static String phaseName(String key) {
        return switch (key) {
            case "sync" -> "catch-up+swap";
            case "indexes" -> "indexes+replay";
            default -> key;
        };
    }

    /** "2025-01-01 12:00:00 INFO  message" -> "message"; other levels keep their name. */
    static String stripLogPrefix(String line) {
        String s = line.replaceFirst("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} ", "");
        if (s.startsWith("INFO ")) {
            return s.substring(5).stripLeading();
        }
        return s;
    }

    private static String ms(long nanos) {
        if (nanos < 0) {
            return "n/a";
        }
        double ms = nanos / 1e6;
        return ms < 10 ? String.format("%.1f ms", ms) : String.format("%,.0f ms", ms);
    }

    /** The p-th percentile of sorted values (p = 100: the maximum); -1 when empty. */
    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static int envInt(String name, int def) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim().replace("_", "").replace(",", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, not '" + v + "'");
        }
    }

    /** Lines from several threads, each with the seconds since pgswap started. */
    static final class Timeline {
        private final long start;

        Timeline(long start) {
            this.start = start;
        }

        synchronized void print(String who, String what) {
            System.out.printf("  %6.1f s  %-6s  %s%n", (System.nanoTime() - start) / 1e9, who, what);
        }
    }

    // ------------------------------------------------------------------------------------------------ pgswap

    /** One run of the packaged jar with the test database's PG* environment. */
    static final class Child {
        int exit;
        String stdout = "";
        long startNanos;
        long endNanos;
        /** When the "swapped:" line was read from stderr; 0 if never. */
        volatile long swapNanos;

        /** {@code merged}: stdout and stderr both go to {@code lines}; otherwise stderr does, stdout is captured. */
        static Child run(Path jar, TestDatabase.Database db, boolean merged, List<String> args, Consumer<String> lines)
                throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-jar");
            cmd.add(jar.toString());
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(merged);
            Map<String, String> env = pb.environment();
            // only the throwaway database: nothing from the user's own libpq settings
            for (String k : List.of("PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGPASSFILE",
                    "PGSERVICE", "PGSERVICEFILE", "PGSYSCONFDIR", "PGSSLMODE", "PGOPTIONS", "PGAPPNAME",
                    "PGCONNECT_TIMEOUT", "PGTARGETSESSIONATTRS", "JAVA_TOOL_OPTIONS")) {
                env.remove(k);
            }
            env.putAll(db.libpqEnv());
            Child child = new Child();
            child.startNanos = System.nanoTime();
            Process p = pb.start();
            Thread killer = new Thread(p::destroy, "demo-child-stop"); // Ctrl-C on the demo stops pgswap too
            Runtime.getRuntime().addShutdownHook(killer);
            p.getOutputStream().close();
            Thread stderr = null;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            Thread stdout;
            if (merged) {
                stdout = pump(p.getInputStream(), lines, child);
            } else {
                stderr = pump(p.getErrorStream(), lines, child);
                stdout = new Thread(() -> {
                    try (InputStream in = p.getInputStream()) {
                        in.transferTo(captured);
                    } catch (IOException ignored) {
                        // the process is gone
                    }
                }, "demo-child-stdout");
                stdout.start();
            }
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            child.endNanos = System.nanoTime();
            stdout.join(10_000);
            if (stderr != null) {
                stderr.join(10_000);
            }
            child.exit = p.exitValue();
            child.stdout = captured.toString(StandardCharsets.UTF_8);
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // already exiting
            }
            return child;
        }

        private static Thread pump(InputStream in, Consumer<String> lines, Child child) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (child.swapNanos == 0 && line.contains("swapped:")) {
                            child.swapNanos = System.nanoTime();
                        }
                        lines.accept(line);
                    }
                } catch (IOException ignored) {
                    // the process is gone
                }
            }, "demo-child-output");
            t.start();
            return t;
        }
    }

    // ------------------------------------------------------------------------------------------------ load

    /**
     * Application writers at a bounded rate. Each transaction is timed from its first statement to
     * the return of COMMIT; every write also goes to orders_oracle in the same transaction, so the
     * oracle is an independent record of exactly what was committed. Writer w updates and deletes
     * only ids with id % writers == w, so the writers never wait for each other.
     */
    static final class Load {
        static final int READ = 0;
        static final int INSERT = 1;
        static final int UPDATE = 2;
        static final int DELETE = 3;
        static final String[] KINDS = {"read", "insert", "update", "delete"};
        private final TestDatabase.Database db;
        private final int writers;
        private final long intervalNanos;
        private final long maxId;
        final boolean nullWritesEnabled;
        volatile boolean writeNulls;
        private volatile boolean running = true;
        private final List<Thread> threads = new ArrayList<>();
        private final List<long[][]> samples = new ArrayList<>(); // per writer: {starts, latencies, kinds}
        private final int[] sampleCounts;
        final AtomicLong committed = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong rejectedNulls = new AtomicLong();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final AtomicLong worstNanos = new AtomicLong();
        private final long created = System.nanoTime();

        Load(TestDatabase.Database db, int writers, int ratePerSecond, long maxId, boolean writeNulls) {
            this.db = db;
            this.writers = writers;
            this.intervalNanos = Math.max(1, NANOS_PER_SEC * writers / ratePerSecond);
            this.maxId = maxId;
            this.nullWritesEnabled = writeNulls;
            this.writeNulls = writeNulls;
            this.sampleCounts = new int[writers];
            for (int w = 0; w < writers; w++) {
                samples.add(new long[][] {new long[1 << 14], new long[1 << 14], new long[1 << 14]});
            }
        }

        void start() throws SQLException {
            List<Connection> connections = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Connection c = db.connect();
                c.setAutoCommit(false);
                connections.add(c);
            }
            for (int w = 0; w < writers; w++) {
                int me = w;
                Connection c = connections.get(w);
                Thread t = new Thread(() -> loop(me, c), "demo-writer-" + w);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(30_000);
            }
        }

        /** Prints a status line every {@code seconds} until interrupted. */
        Thread reporter(Timeline timeline, int seconds) {
            Thread t = new Thread(() -> {
                long lastCommitted = committed.get();
                long last = System.nanoTime();
                while (true) {
                    worstNanos.set(0);
                    try {
                        Thread.sleep(seconds * 1000L);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = System.nanoTime();
                    long c = committed.get();
                    timeline.print("load", String.format("%,.0f tx/s, worst %s in the last %d s; %,d committed, %,d failed",
                            (c - lastCommitted) / secs(now - last), ms(worstNanos.get()), seconds, c, failed.get()));
                    lastCommitted = c;
                    last = now;
                }
            }, "demo-load-reporter");
            t.setDaemon(true);
            t.start();
            return t;
        }

        String statusLine() {
            return String.format("%,d committed, %,d failed", committed.get(), failed.get());
        }

        /** Latencies of the transactions that were running at some point in [from, to), sorted. */
        long[] latencies(long from, long to) {
            List<Long> out = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long[][] s = samples.get(w);
                for (int i = 0; i < sampleCounts[w]; i++) {
                    long start = s[0][i];
                    long end = start + s[1][i];
                    if (start < to && end >= from) {
                        out.add(s[1][i]);
                    }
                }
            }
            return out.stream().mapToLong(Long::longValue).sorted().toArray();
        }

        /** The slowest transaction that was running at some point in [from, to): {start, latency, kind}; null if none. */
        long[] slowest(long from, long to) {
            long[] worst = null;
            for (int w = 0; w < writers; w++) {
                long[][] s = samples.get(w);
                for (int i = 0; i < sampleCounts[w]; i++) {
                    long start = s[0][i];
                    if (start < to && start + s[1][i] >= from && (worst == null || s[1][i] > worst[1])) {
                        worst = new long[] {start, s[1][i], s[2][i]};
                    }
                }
            }
            return worst;
        }

        private void record(int w, long start, long latency, int kind) {
            long[][] s = samples.get(w);
            int n = sampleCounts[w];
            if (n == s[0].length) {
                for (int k = 0; k < s.length; k++) {
                    s[k] = Arrays.copyOf(s[k], n * 2);
                }
            }
            s[0][n] = start;
            s[1][n] = latency;
            s[2][n] = kind;
            sampleCounts[w] = n + 1;
            worstNanos.accumulateAndGet(latency, Math::max);
        }

        private void loop(int me, Connection c) {
            Statements st = null;
            List<Long> deleted = new ArrayList<>();
            ThreadLocalRandom r = ThreadLocalRandom.current();
            long next = System.nanoTime() + r.nextLong(intervalNanos); // writers out of step with each other
            try {
                while (running) {
                    next += intervalNanos;
                    long now = System.nanoTime();
                    if (next > now) {
                        while ((now = System.nanoTime()) < next) {
                            LockSupport.parkNanos(next - now);
                        }
                    } else if (now - next > NANOS_PER_SEC) {
                        next = now; // more than a second behind: do not burst to catch up
                    }
                    if (!running) {
                        break;
                    }
                    if (st == null) {
                        st = new Statements(c);
                    }
                    boolean wroteNull = false;
                    int kind = 0;
                    long t0 = System.nanoTime();
                    try {
                        int op = r.nextInt(100);
                        long id = pick(r, me);
                        if (op < 20) {
                            kind = READ;
                            st.read(id, r.nextLong(997));
                            reads.incrementAndGet();
                        } else if (op < 45) {
                            kind = INSERT;
                            String status = status(r, "new");
                            wroteNull = status == null;
                            st.insert(null, status, r);
                        } else if (op < 65) {
                            kind = UPDATE;
                            String status = status(r, "paid");
                            wroteNull = status == null;
                            st.updateStatus(id, status, r);
                        } else if (op < 85 || (op >= 95 && deleted.isEmpty())) {
                            kind = UPDATE;
                            st.updateNote(id, r); // leaves status as it is, NULL included
                        } else if (op < 95) {
                            kind = DELETE;
                            if (st.delete(id)) {
                                deleted.add(id);
                            }
                        } else {
                            kind = INSERT;
                            String status = status(r, "new");
                            wroteNull = status == null;
                            st.insert(deleted.remove(deleted.size() - 1), status, r);
                        }
                        c.commit();
                        committed.incrementAndGet();
                        record(me, t0, System.nanoTime() - t0, kind);
                    } catch (SQLException e) {
                        rollbackQuietly(c);
                        if (wroteNull && "23502".equals(e.getSQLState())) {
                            rejectedNulls.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            record(me, t0, System.nanoTime() - t0, kind);
                            if (errors.size() < 20) {
                                errors.add(String.format("at %.1f s of the load: %s %s", secs(System.nanoTime() - created), e.getSQLState(),
                                        e.getMessage().lines().findFirst().orElse("")));
                            }
                            if (c.isClosed() || !c.isValid(2)) {
                                st = null;
                                c = reconnect();
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                failed.incrementAndGet();
                errors.add("writer " + me + " stopped: " + e.getMessage());
            } finally {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }

        private Connection reconnect() throws SQLException {
            Connection c = db.connect();
            c.setAutoCommit(false);
            return c;
        }

        private String status(ThreadLocalRandom r, String usual) {
            return writeNulls && r.nextInt(10) == 0 ? null : usual;
        }

        private long pick(ThreadLocalRandom r, int me) {
            long id = r.nextLong(1, maxId + 1);
            id = id - id % writers + me;
            return id < 1 ? id + writers : id;
        }

        private static void rollbackQuietly(Connection c) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // a broken connection is replaced by the caller
            }
        }
    }

    /** The application's statements, prepared once per connection as an application with a statement cache does. */
    static final class Statements {
        private static final String[] NOTES = {null, "gift wrap", "leave at the door", "call first", "fragile"};
        private final PreparedStatement byId;
        private final PreparedStatement byCustomer;
        private final PreparedStatement insertNew;
        private final PreparedStatement insertWithId;
        private final PreparedStatement oracleInsert;
        private final PreparedStatement updateStatus;
        private final PreparedStatement oracleUpdateStatus;
        private final PreparedStatement updateNote;
        private final PreparedStatement oracleUpdateNote;
        private final PreparedStatement delete;
        private final PreparedStatement oracleDelete;

        Statements(Connection c) throws SQLException {
            byId = c.prepareStatement("SELECT id, customer_id, status, amount, created_at, note FROM orders WHERE id = ?");
            byCustomer = c.prepareStatement("SELECT id, status, amount FROM orders WHERE customer_id = ?"
                    + " ORDER BY created_at DESC LIMIT 10");
            insertNew = c.prepareStatement("INSERT INTO orders (customer_id, status, amount, note) VALUES (?, ?, ?, ?)"
                    + " RETURNING id, created_at");
            insertWithId = c.prepareStatement("INSERT INTO orders (id, customer_id, status, amount, note)"
                    + " VALUES (?, ?, ?, ?, ?) RETURNING id, created_at");
            oracleInsert = c.prepareStatement("INSERT INTO orders_oracle (id, customer_id, status, amount, created_at, note)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
            updateStatus = c.prepareStatement("UPDATE orders SET status = ?, amount = ? WHERE id = ?");
            oracleUpdateStatus = c.prepareStatement("UPDATE orders_oracle SET status = ?, amount = ? WHERE id = ?");
            updateNote = c.prepareStatement("UPDATE orders SET note = ? WHERE id = ?");
            oracleUpdateNote = c.prepareStatement("UPDATE orders_oracle SET note = ? WHERE id = ?");
            delete = c.prepareStatement("DELETE FROM orders WHERE id = ?");
            oracleDelete = c.prepareStatement("DELETE FROM orders_oracle WHERE id = ?");
        }

        void read(long id, long customer) throws SQLException {
            byId.setLong(1, id);
            drain(byId);
            byCustomer.setLong(1, customer);
            drain(byCustomer);
        }

        void insert(Long id, String status, ThreadLocalRandom r) throws SQLException {
            long customer = r.nextLong(997);
            BigDecimal amount = BigDecimal.valueOf(r.nextLong(1, 100_000), 2);
            String note = NOTES[r.nextInt(NOTES.length)];
            PreparedStatement ps = id == null ? insertNew : insertWithId;
            int i = 1;
            if (id != null) {
                ps.setLong(i++, id);
            }
            ps.setLong(i++, customer);
            ps.setString(i++, status);
            ps.setBigDecimal(i++, amount);
            ps.setString(i, note);
            long newId;
            Object createdAt;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                newId = rs.getLong(1);
                createdAt = rs.getObject(2, java.time.OffsetDateTime.class);
            }
            oracleInsert.setLong(1, newId);
            oracleInsert.setLong(2, customer);
            oracleInsert.setString(3, status);
            oracleInsert.setBigDecimal(4, amount);
            oracleInsert.setObject(5, createdAt);
            oracleInsert.setString(6, note);
            oracleInsert.executeUpdate();
        }

        void updateStatus(long id, String status, ThreadLocalRandom r) throws SQLException {
            BigDecimal amount = BigDecimal.valueOf(r.nextLong(1, 100_000), 2);
            for (PreparedStatement ps : List.of(updateStatus, oracleUpdateStatus)) {
                ps.setString(1, status);
                ps.setBigDecimal(2, amount);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
        }

        void updateNote(long id, ThreadLocalRandom r) throws SQLException {
            String note = NOTES[r.nextInt(NOTES.length)];
            for (PreparedStatement ps : List.of(updateNote, oracleUpdateNote)) {
                ps.setString(1, note);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        }

        boolean delete(long id) throws SQLException {
            delete.setLong(1, id);
            int n = delete.executeUpdate();
            oracleDelete.setLong(1, id);
            oracleDelete.executeUpdate();
            return n > 0;
        }

        private static void drain(PreparedStatement ps) throws SQLException {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ JSON

    /** The JSON object in {@code text} (pgswap prints one document on stdout); empty if there is none. */
    static Map<String, Object> parseJsonObject(String text) {
        int start = text.indexOf('{');
        if (start < 0) {
            return Map.of();
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(text.substring(start),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    static {
        Locale.setDefault(Locale.ROOT); // 1,000,000 and 1.5 s whatever the machine's locale
    }
}
