package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.pgswap.engine.Window;
import io.pgswap.it.Pgswap.Launched;
import io.pgswap.it.Pgswap.Run;
import io.pgswap.testing.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 4 (cron-safe runs), end to end through the real launcher {@code scripts/pgswap} as a
 * separate process, on a 100,000-row table under write load (see {@link Workload}: every change
 * is also recorded in orders_oracle in the same transaction). Interruptions are real: SIGKILL and
 * SIGTERM to the JVM, --max-runtime and --window deadlines. Every command and its exit status is
 * printed to stdout as the tests go, so the log can be quoted.
 *
 * <p>The copy is made slow enough to be interrupted with a small fixed --batch-size: a batch is a
 * range of whole heap pages, so this is one page per transaction; with the table's pages only
 * half full (fillfactor 50) that is about 1,900 batches of about 50 rows.
 *
 * <p>It lives in io.pgswap.it, next to the package-private {@link Fixtures} and {@link Workload}
 * it uses, rather than in io.pgswap.e2e with LauncherIT.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CronIT {
    /** The launcher from a private install (see {@link Pgswap}). */
    static Pgswap pgswap;
    static final int ROWS = 100_000;
    static final int WRITERS = 2;
    /** add-not-null with --fill: after the swap, status is the oracle's status with NULL read as 'unknown'. */
    static final String FILLED = "id, customer_id, coalesce(status, 'unknown'), amount, created_at, note";
    static final String RAW = "id, customer_id, status, amount, created_at, note";
    static final List<String> MIGRATE = List.of("add-not-null", "public.orders.status", "--fill", "unknown",
            "--batch-size", "50", "--batch-time", "20ms", "--progress-interval", "1s");
    static final Pattern ROWS_COPIED = Pattern.compile("\"rows_copied\"\\s*:\\s*(-?\\d+)");

    TestDatabase.Database d;
    Connection c;
    long testStart;

    @BeforeAll
    static void privateInstall() throws Exception {
        pgswap = Pgswap.install("CronIT");
    }

    @AfterAll
    static void removeInstall() throws IOException {
        if (pgswap != null) {
            pgswap.close();
        }
    }

    @BeforeEach
    void setUp(TestInfo info) throws SQLException {
        testStart = System.nanoTime();
        say("==== " + info.getDisplayName());
        d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
        c = d.connect();
        Fixtures.createOrders(d, ROWS);
        // half-full pages: the same rows over twice the pages, so that the copy (one page per
        // batch) lasts a couple of seconds even on a fast, quiet machine
        sql("ALTER TABLE orders SET (fillfactor = 50)");
        sql("VACUUM FULL orders");
        sql("ANALYZE orders");
        say("created public.orders (fillfactor 50) with " + ROWS + " rows (" + count("SELECT pg_relation_size('orders') / 8192")
                + " pages) and orders_oracle in " + d.name());
    }

    @AfterEach
    void tearDown() throws SQLException {
        pgswap.killAll();
        c.close();
        d.close();
        say("==== done in " + elapsedMillis(testStart) + " ms");
    }

    // ------------------------------------------------------------------ 1. kill -9 during the copy

    @Test
    void killMinus9DuringTheCopy_theRerunResumesFromTheCheckpointAndFinishesExactly() throws Exception {
        long rerunCopied;
        State atKill;
        try (Workload load = new Workload(d, WRITERS, ROWS).start()) {
            load.awaitCommits(50);
            Launched first = launch(json(MIGRATE));
            State seen = awaitCopy(first, 0, 0.25);
            Run killed = first.kill9();
            assertThat(killed.exit()).as("exit status of a SIGKILLed JVM").isEqualTo(128 + 9);
            atKill = state();
            say("state after kill -9: " + atKill);
            assertThat(atKill.phase).isEqualTo("copy");
            assertThat(atKill.nextPage).isGreaterThanOrEqualTo(seen.nextPage).isLessThan(atKill.endPage);
            assertThat(atKill.rowsCopied).isPositive();
            load.awaitCommits(50);

            Run rerun = pgswap(json(MIGRATE));
            rerun.assertExit(0);
            rerunCopied = rowsCopied(rerun);
            load.awaitCommits(50);
            load.stop();
            assertThat(load.errors).as("application errors").isEmpty();
        }
        long rows = count("SELECT count(*) FROM orders");
        say("the re-run copied " + rerunCopied + " rows; the table has " + rows + "; the killed run had copied "
                + atKill.rowsCopied + " (checkpoint page " + atKill.nextPage + " of " + atKill.endPage + ")");
        assertThat(rerunCopied).as("rows copied by the re-run").isPositive().isLessThan(rows);
        // no re-copy of what the killed run committed (slack: rows that concurrent writes moved between pages)
        assertThat(rerunCopied).as("rows copied by the re-run").isLessThan(rows - atKill.rowsCopied + ROWS / 20);
        assertExactlyTheOracle(FILLED);
        assertThat(state().phase).isEqualTo("done");
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }

    // ------------------------------------------------------------------ 2. SIGTERM during the copy

    @Test
    void sigtermDuringTheCopy_exits75SavesStateReleasesSessions_andTheRerunFinishes() throws Exception {
        try (Workload load = new Workload(d, WRITERS, ROWS).start()) {
            load.awaitCommits(50);
            Launched first = launch(MIGRATE);
            awaitCopy(first, 0, 0.2);
            Run stopped = first.sigterm();
            stopped.assertExit(75);
            assertThat(stopped.err()).contains("signal");
            State s = state();
            say("state after SIGTERM: " + s);
            assertThat(s.phase).isEqualTo("copy");
            assertThat(s.nextPage).isPositive().isLessThan(s.endPage);
            assertThat(s.lastError).as("last_error").isNotNull().containsIgnoringCase("stop").contains("signal");
            awaitNoPgswapSessions(Duration.ofSeconds(5));
            assertThat(count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database ="
                    + " (SELECT oid FROM pg_database WHERE datname = current_database())"))
                    .as("advisory locks left").isZero();
            load.awaitCommits(50);

            Run rerun = pgswap(json(MIGRATE));
            rerun.assertExit(0);
            assertThat(rowsCopied(rerun)).isLessThan(count("SELECT count(*) FROM orders"));
            load.awaitCommits(50);
            load.stop();
            assertThat(load.errors).as("application errors").isEmpty();
        }
        assertExactlyTheOracle(FILLED);
        assertThat(Fixtures.helperObjects(c)).isEmpty();
        awaitNoPgswapSessions(Duration.ofSeconds(5));
    }

    // ------------------------------------------------------------------ 3. --max-runtime, --window, --no-swap

    @Test
    void maxRuntimeShorterThanTheCopy_exits75_andTheRerunFinishes() throws Exception {
        try (Workload load = new Workload(d, WRITERS, ROWS).start()) {
            load.awaitCommits(50);
            Run limited = pgswap(with(MIGRATE, "--max-runtime", "1s"));
            limited.assertExit(75);
            assertThat(limited.err()).contains("--max-runtime");
            State s = state();
            say("state after --max-runtime 1s: " + s);
            assertThat(s.phase).as("stopped inside the copy").isEqualTo("copy");
            assertThat(s.nextPage).isLessThan(s.endPage);
            assertThat(s.lastError).contains("max-runtime");
            assertThat(triggersOnOrders()).as("the capture keeps logging while stopped").isNotEmpty();
            load.awaitCommits(50);

            Run rerun = pgswap(json(MIGRATE));
            rerun.assertExit(0);
            assertThat(rowsCopied(rerun)).isLessThan(count("SELECT count(*) FROM orders"));
            load.awaitCommits(50);
            load.stop();
            assertThat(load.errors).as("application errors").isEmpty();
        }
        assertExactlyTheOracle(FILLED);
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }

    @Test
    void windowThatExcludesNow_exits75AtOnceAndCreatesNothing() throws Exception {
        String catalog = catalogFingerprint();
        String data = dataDigest();
        // the child runs with TZ=UTC; a window starting in 6 hours cannot contain now
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        String window = now.plusHours(6).format(HH_MM) + "-" + now.plusHours(7).format(HH_MM);
        Run r = pgswap(with(MIGRATE, "--window", window));
        r.assertExit(75);
        assertThat(r.err()).contains("outside the window").contains("nothing done");
        assertThat(r.millis()).as("ms until exit (JVM start included)").isLessThan(15_000);
        assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname = 'pgswap'"))
                .as("pgswap schema").isZero();
        assertThat(Fixtures.helperObjects(c)).isEmpty();
        assertThat(catalogFingerprint()).as("catalog").isEqualTo(catalog);
        assertThat(dataDigest()).isEqualTo(data);
    }

    @Test
    void noSwapStopsInSyncWithTheTriggerInPlace_thenResumeSwaps() throws Exception {
        try (Workload load = new Workload(d, WRITERS, ROWS).start()) {
            load.awaitCommits(50);
            Run synced = pgswap(json(with(MIGRATE, "--no-swap")));
            synced.assertExit(0);
            assertThat(synced.out()).contains("\"outcome\": \"synced\"");
            State s = state();
            say("state after --no-swap: " + s);
            assertThat(s.phase).isEqualTo("swap");
            assertThat(triggersOnOrders()).containsExactlyInAnyOrder("pgswap_capture_" + s.id,
                    "pgswap_capture_" + s.id + "_truncate");
            assertThat(notNull()).as("orders.status NOT NULL before the swap").isFalse();
            load.awaitCommits(100);
            assertThat(count("SELECT count(*) FROM pgswap.log_" + s.id)).as("writes logged after --no-swap")
                    .isPositive();
            Run status = pgswap("status");
            status.assertExit(0);
            assertThat(status.out()).as("status says the run is parked and how it goes on")
                    .contains("in sync, not swapped (--no-swap)").contains("pgswap abort");

            Run resumed = pgswap("resume", "--output", "json");
            resumed.assertExit(0);
            assertThat(resumed.out()).contains("\"outcome\": \"swapped\"");
            assertThat(rowsCopied(resumed)).as("rows copied by resume").isZero();
            load.awaitCommits(50);
            load.stop();
            assertThat(load.errors).as("application errors").isEmpty();
        }
        assertThat(notNull()).as("orders.status NOT NULL after resume").isTrue();
        assertThat(state().phase).isEqualTo("done");
        assertThat(count("SELECT count(*) FROM pgswap.migrations WHERE waiting IS NOT NULL")).as("the parked note "
                + "went with the run that swapped").isZero();
        assertExactlyTheOracle(FILLED);
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }

    // ------------------------------------------------------------------ 4. two concurrent runs

    /**
     * On a small machine a JVM takes seconds to start, longer than the whole copy. So that the
     * first run is certainly still at work when the second one starts, a reader keeps a transaction
     * open on the table: the first run copies, then waits before its swap for that reader to go
     * (holding its run lock all along), and finishes once the reader commits.
     */
    @Test
    void aSecondConcurrentRunExits3AtOnceSayingWhoHoldsTheTable() throws Exception {
        try (Workload load = new Workload(d, WRITERS, ROWS).start(); Connection reader = d.connect()) {
            load.awaitCommits(50);
            reader.setAutoCommit(false);
            try (var st = reader.createStatement()) {
                st.execute("SELECT count(*) FROM orders WHERE id = 1");
            }
            say("a reader holds ACCESS SHARE on orders in an open transaction");
            // While the first run waits for the reader, the writers fill the log with tens of
            // thousands of rows, which the swap then drains under its lock. A --replay-batch that
            // holds them all keeps this test clear of a bug in that drain (keys repeated across
            // two replay batches of one transaction fail the swap with 23505; reported separately).
            List<String> migrate = with(MIGRATE, "--replay-batch", "1000000");
            Launched first = launch(migrate);
            awaitCopy(first, 0, 0);
            List<String> holders = Fixtures.strings(c, "SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            say("advisory lock held by server pid(s) " + holders);
            assertThat(holders).hasSize(1);

            Run second = pgswap(migrate);
            second.assertExit(3);
            assertThat(first.process().isAlive()).as("the first run is still at work").isTrue();
            assertThat(second.err()).contains("another pgswap run").contains("server pid " + holders.get(0));
            // "at once": it exited while the first run still waits for the reader, which waits for this test
            // (no bound in milliseconds: JVM start-up on a busy shared machine took over 15 s)
            say("the second run exited after " + second.millis() + " ms");
            State s = state();
            say("state while the first run waits: " + s);
            assertThat(s.pid).as("pid in the state row: still the first run's").isEqualTo(first.process().pid());
            assertThat(count("SELECT count(*) FROM pgswap.migrations")).isEqualTo(1);

            reader.commit();
            say("the reader committed");
            Run firstDone = first.await();
            firstDone.assertExit(0);
            load.awaitCommits(50);
            load.stop();
            assertThat(load.errors).as("application errors").isEmpty();
        }
        assertExactlyTheOracle(FILLED);
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }

    // ------------------------------------------------------------------ 5. cleanup, and commands with nothing to do

    @Test
    void cleanupRemovesAnOrphanedCaptureTriggerWithoutStateRow_dryRunRemovesNothing_nothingToDoExits0()
            throws Exception {
        // (with no pgswap schema at all, status and abort are covered by LauncherIT)
        try (Workload load = new Workload(d, WRITERS, ROWS).start()) {
            load.awaitCommits(50);
            pgswap(with(MIGRATE, "--max-runtime", "1s")).assertExit(75);
            State s = state();
            say("state after --max-runtime 1s: " + s);
            List<String> helpers = Fixtures.helperObjects(c);
            assertThat(helpers).contains("trigger pgswap_capture_" + s.id, "trigger pgswap_capture_" + s.id
                    + "_truncate", "table pgswap_shadow_" + s.id, "log log_" + s.id, "function capture_" + s.id);
            sql("DELETE FROM pgswap.migrations");
            say("deleted the state row of migration #" + s.id);
            load.awaitCommits(50);
            assertThat(count("SELECT count(*) FROM pgswap.log_" + s.id)).as("the orphan keeps logging").isPositive();

            Run dry = pgswap("cleanup", "--dry-run", "--output", "json");
            dry.assertExit(0);
            assertThat(dry.err()).contains("would remove orphaned capture trigger pgswap_capture_" + s.id)
                    .contains("(no state row)");
            assertThat(dry.out()).contains("\"dry_run\": true").contains("pgswap_capture_" + s.id);
            assertThat(Fixtures.helperObjects(c)).as("after cleanup --dry-run").isEqualTo(helpers);
            assertThat(triggersOnOrders()).isNotEmpty();

            Run clean = pgswap("cleanup");
            clean.assertExit(0);
            assertThat(clean.err()).contains("removed orphaned capture trigger pgswap_capture_" + s.id);
            assertThat(Fixtures.helperObjects(c)).as("after cleanup").isEmpty();
            assertThat(triggersOnOrders()).as("triggers on orders").isEmpty();
            assertThat(Fixtures.strings(c, "SELECT rulename FROM pg_rules WHERE tablename = 'orders'")).isEmpty();
            // further writes go nowhere but orders (and the oracle): no trigger, rule or log is left to take them
            load.awaitCommits(100);
            load.stop();
            assertThat(load.errors).as("application errors (a dangling trigger would fail writes)").isEmpty();
            assertThat(Fixtures.strings(c, """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'pgswap' AND c.relkind = 'r' ORDER BY 1""")).containsExactly("applied_files", "migrations", "schema_version");
            assertThat(count("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")).as("user triggers").isZero();
        }
        assertExactlyTheOracle(RAW);
        nothingToDo("after cleanup");
    }

    private void nothingToDo(String when) throws Exception {
        say("-- commands with nothing to do, " + when);
        Run status = pgswap("status");
        status.assertExit(0);
        assertThat(status.err()).contains("no unfinished pgswap migrations");
        Run resume = pgswap("resume");
        resume.assertExit(0);
        assertThat(resume.err()).contains("nothing to resume");
        Run abort = pgswap("abort", "public.orders");
        abort.assertExit(0);
        assertThat(abort.err()).contains("nothing to abort");
        Run cleanup = pgswap("cleanup");
        cleanup.assertExit(0);
        assertThat(cleanup.err()).contains("nothing to clean up");
    }

    // ------------------------------------------------------------------ 6. abort a stopped migration

    @Test
    void abortOfAStoppedMigrationLeavesTheTableExactlyAsBeforeAndNoHelperObject() throws Exception {
        List<String> before = Fixtures.describe(c, "orders");
        try (Workload load = new Workload(d, WRITERS, ROWS).start()) {
            load.awaitCommits(50);
            pgswap(with(MIGRATE, "--max-runtime", "1s")).assertExit(75);
            State s = state();
            say("state after --max-runtime 1s: " + s);
            assertThat(s.phase).isEqualTo("copy");
            assertThat(Fixtures.helperObjects(c)).isNotEmpty();
            load.awaitCommits(50);

            Run abort = pgswap("abort", "public.orders");   // under load
            abort.assertExit(0);
            assertThat(abort.err()).contains("aborted migration #" + s.id);
            load.awaitCommits(50);
            load.stop();
            assertThat(load.errors).as("application errors").isEmpty();
            assertThat(state().phase).isEqualTo("aborted");
        }
        assertThat(Fixtures.describe(c, "orders")).isEqualTo(before);
        assertExactlyTheOracle(RAW);
        assertThat(Fixtures.helperObjects(c)).isEmpty();
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgswap\\_%'")).isZero();
        assertThat(count("SELECT count(*) FROM orders WHERE status IS NULL")).as("NULLs untouched").isPositive();
        Run status = pgswap("status", "--all", "--output", "json");
        status.assertExit(0);
        assertThat(status.out()).contains("\"phase\": \"aborted\"");
    }

    // ------------------------------------------------------------------ 7. the issue's "done when"

    /**
     * One migration interrupted three times under write load -- SIGTERM, kill -9, end of its
     * --window -- finishes on the fourth run with exact contents. The window is a real --window
     * (the real code path that stops the run when the window closes) whose end lies a few seconds
     * after the run starts: the parser accepts HH:MM:SS. Should it ever accept only HH:MM, a
     * window that closes mid-run would need up to a minute of waiting, so the test then simulates
     * the window end with --max-runtime (the same stop mechanism) and says so in its output.
     */
    @Test
    void doneWhen_interruptedBySigtermKillMinus9AndWindowEnd_finishesOnTheFourthRunExactly() throws Exception {
        List<String> commands = new ArrayList<>();
        long fourthCopied;
        try (Workload load = new Workload(d, WRITERS, ROWS).start()) {
            load.awaitCommits(50);

            // run 1: SIGTERM during the copy
            Launched run1 = launch(MIGRATE);
            State s1 = awaitCopy(run1, 0, 0.08);
            Run r1 = run1.sigterm();
            r1.assertExit(75);
            State after1 = state();
            say("run 1 state: " + after1);
            commands.add("pgswap " + r1.command() + "   # SIGTERM at copy page " + s1.nextPage + "/" + s1.endPage
                    + " -> exit " + r1.exit());
            assertThat(after1.phase).isEqualTo("copy");
            assertThat(after1.lastError).contains("signal");
            load.awaitCommits(50);

            // run 2: kill -9 during the copy, past run 1's checkpoint
            Launched run2 = launch(MIGRATE);
            State s2 = awaitCopy(run2, after1.nextPage + after1.endPage / 12, 0);
            long startup = run2.millisSinceStart(); // from launch to the copy well under way
            Run r2 = run2.kill9();
            assertThat(r2.exit()).isEqualTo(137);
            State after2 = state();
            say("run 2 state: " + after2);
            commands.add("pgswap " + r2.command() + "   # kill -9 at copy page " + s2.nextPage + "/" + s2.endPage
                    + " -> exit " + r2.exit());
            assertThat(after2.phase).isEqualTo("copy");
            assertThat(after2.nextPage).isGreaterThan(after1.nextPage);
            load.awaitCommits(50);

            // run 3: the window closes during the run, about when run 2 was well into its copy
            long closeAfterMs = startup;
            LocalTime now = LocalTime.now(ZoneOffset.UTC);
            // closes between closeAfterMs and closeAfterMs + 1 s from now (whole seconds)
            LocalTime close = now.plusNanos(closeAfterMs * 1_000_000L).withNano(0).plusSeconds(1);
            String window = now.minusHours(1).format(HH_MM_SS) + "-" + close.format(HH_MM_SS);
            List<String> third;
            String note;
            if (windowAcceptsSeconds(window)) {
                third = with(MIGRATE, "--window", window);
                note = "window " + window + " UTC closes during the run";
            } else {
                third = with(MIGRATE, "--max-runtime", Math.max(1, (closeAfterMs + 999) / 1000) + "s");
                note = "window end SIMULATED with --max-runtime (--window takes only HH:MM)";
            }
            say("run 3: " + note);
            Run r3 = pgswap(third);
            r3.assertExit(75);
            assertThat(r3.err()).contains(third.contains("--window") ? "window" : "max-runtime");
            State after3 = state();
            say("run 3 state: " + after3);
            commands.add("TZ=UTC pgswap " + r3.command() + "   # " + note + ", stopped in phase " + after3.phase
                    + (after3.phase.equals("copy") ? " at copy page " + after3.nextPage + "/" + after3.endPage : "")
                    + " -> exit " + r3.exit());
            assertThat(List.of("copy", "indexes", "replay", "swap")).contains(after3.phase);
            if (after3.phase.equals("copy")) {
                assertThat(after3.nextPage).isGreaterThanOrEqualTo(after2.nextPage);
            }
            load.awaitCommits(50);

            // run 4: finishes
            Run r4 = pgswap(json(MIGRATE));
            r4.assertExit(0);
            fourthCopied = rowsCopied(r4);
            commands.add("pgswap " + r4.command() + "   # finishes, rows_copied " + fourthCopied + " -> exit "
                    + r4.exit());
            load.awaitCommits(50);
            load.stop();
            assertThat(load.errors).as("application errors").isEmpty();
            say("writers committed " + load.committed.get() + " transactions, " + load.rejectedNulls.get()
                    + " NULL statuses rejected after the swap");
        }
        long rows = count("SELECT count(*) FROM orders");
        assertThat(fourthCopied).isLessThan(rows);
        assertExactlyTheOracle(FILLED);
        assertThat(notNull()).isTrue();
        assertThat(count("SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
        assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("done");
        assertThat(count("SELECT count(*) FROM pgswap.migrations")).isEqualTo(1);
        assertThat(Fixtures.helperObjects(c)).isEmpty();
        say("closing note -- one migration, four runs, exact contents (" + rows + " rows, 0 differing from the oracle):");
        commands.forEach(cmd -> say("  $ " + cmd));
    }

    // ------------------------------------------------------------------ kill -9 during a revert window
    /**
     * A swap with a revert window, a long reverse log (writes made after the swap), and a
     * {@code pgswap revert} killed with SIGKILL while it replays that log into the old table: the
     * new table stays live and the window open; a second {@code pgswap revert} carries every write
     * back, exactly (the oracle), and the column accepts NULLs again.
     */
    @Test
    void killMinus9OfARevertDuringTheWindow_thenTheRevertIsStillExact() throws Exception {
        List<String> commands = new ArrayList<>();
        // the writers keep to the lower half of the ids; the statement below writes the upper half, so
        // that its rows change in orders and in the oracle alike (a READ COMMITTED statement skips a
        // row another transaction deletes and re-inserts meanwhile, and the oracle's would not)
        try (Workload load = new Workload(d, WRITERS, ROWS / 2)) {
            load.writeNulls = false;
            load.start();
            load.awaitCommits(100);
            List<String> swap = List.of("add-not-null", "public.orders.status", "--fill", "unknown",
                    "--revert-window", "1h");
            Run swapped = pgswap(swap);
            swapped.assertExit(0);
            commands.add(swapped.command());
            assertThat(swapped.err()).contains("revert window is open until");
            assertThat(notNull()).isTrue();
            sql("BEGIN; UPDATE orders SET note = 'in the window' WHERE id > " + ROWS / 2 + " AND id <= " + ROWS + ";"
                    + " UPDATE orders_oracle SET note = 'in the window' WHERE id > " + ROWS / 2 + " AND id <= " + ROWS
                    + "; COMMIT");
            load.awaitCommits(100);
            long logged = count("SELECT count(*) FROM pgswap.revlog_1");
            say("reverse log: " + logged + " rows");
            Launched revert = launch(List.of("revert", "public.orders", "--replay-batch", "100"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (count("SELECT count(*) FROM pgswap.revlog_1") > logged - 2_000 && System.nanoTime() < deadline) {
                assertThat(revert.process().isAlive()).as("the revert is still replaying").isTrue();
                Thread.sleep(5);
            }
            Run killed = revert.kill9();
            assertThat(killed.exit()).as("exit status of a SIGKILLed JVM").isEqualTo(128 + 9);
            commands.add(killed.command() + "   # kill -9 while replaying the reverse log");
            awaitNoPgswapSessions(Duration.ofSeconds(10));
            assertThat(state().phase).isEqualTo("revert-window");
            assertThat(notNull()).as("the new table is still the live one").isTrue();
            assertThat(triggersOnOrders()).contains("pgswap_revert_1", "pgswap_revert_1_truncate");
            say("after kill -9: reverse log " + count("SELECT count(*) FROM pgswap.revlog_1") + " rows, old table "
                    + count("SELECT count(*) FROM pgswap_old_1_orders WHERE note = 'in the window'")
                    + " rows already carried back");
            load.awaitCommits(100);
            Run again = pgswap("revert", "public.orders", "--output", "json");
            again.assertExit(0);
            commands.add(again.command());
            assertThat(again.out()).containsPattern("\"outcome\"\\s*:\\s*\"reverted\"");
            load.awaitCommits(100);
            load.stop();
            assertThat(load.errors).as("application errors").isEmpty();
        }
        assertThat(notNull()).as("the old table accepts NULLs again").isFalse();
        assertExactlyTheOracle(FILLED);
        assertThat(Fixtures.helperObjects(c)).isEmpty();
        assertThat(triggersOnOrders()).isEmpty();
        say("closing note -- a revert killed during its replay, then run again:");
        commands.forEach(cmd -> say("  $ " + cmd));
    }

    // ================================================================== helpers

    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

    static boolean windowAcceptsSeconds(String window) {
        try {
            Window.parse(window);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    void say(String line) {
        System.out.printf("[CronIT %6.1fs] %s%n", elapsedMillis(testStart) / 1000.0, line);
        System.out.flush();
    }

    static long elapsedMillis(long sinceNanos) {
        return Pgswap.elapsedMillis(sinceNanos);
    }

    static List<String> json(List<String> args) {
        return with(args, "--output", "json");
    }

    static List<String> with(List<String> args, String... more) {
        return Stream.concat(args.stream(), Arrays.stream(more)).toList();
    }

    static long rowsCopied(Run r) {
        Matcher m = ROWS_COPIED.matcher(r.out());
        assertThat(m.find()).as("rows_copied in the JSON output of %s:%n%s", r.args(), r.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The state row of the latest migration. */
    record State(long id, String phase, long nextPage, long endPage, long rowsCopied, String lastError, Long pid) {
        @Override
        public String toString() {
            return "#" + id + " phase=" + phase + " copy_next_page=" + nextPage + " copy_end_page=" + endPage
                    + " rows_copied=" + rowsCopied + " pid=" + pid + " last_error=" + lastError;
        }
    }

    /** The latest state row, or null when there is none (yet). */
    State state() throws SQLException {
        if (count("SELECT count(*) FROM pg_class WHERE oid = to_regclass('pgswap.migrations')") == 0) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, phase, copy_next_page, copy_end_page, rows_copied, last_error, pid
                FROM pgswap.migrations ORDER BY id DESC LIMIT 1""");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            return new State(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getString(6), rs.getObject(7) == null ? null : rs.getLong(7));
        }
    }

    /**
     * Polls the state row until the copy checkpoint is past {@code pastPage} and at least
     * {@code fraction} of the way, but not finished.
     */
    State awaitCopy(Launched p, long pastPage, double fraction) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.process().isAlive()) {
                Run r = p.await();
                fail("pgswap %s exited with %d before its copy got past page %d%n--- stderr:%n%s", r.args(), r.exit(),
                        pastPage, r.err());
            }
            State s = state();
            if (s != null && s.phase.equals("copy") && s.endPage > 0) {
                if (s.nextPage > pastPage && s.nextPage >= s.endPage * fraction && s.nextPage < s.endPage) {
                    say("copy at page " + s.nextPage + " of " + s.endPage);
                    return s;
                }
            } else if (s != null && List.of("indexes", "replay", "swap", "finish", "done").contains(s.phase)) {
                fail("the copy finished before it could be interrupted (%s); make the table bigger", s);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the copy did not get past page " + pastPage + " in 90 s: " + state());
    }

    void awaitNoPgswapSessions(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long n;
        while ((n = pgswapSessions()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(n).as("sessions with application_name 'pgswap' after %s", within).isZero();
        say("no pgswap session left in pg_stat_activity");
    }

    long pgswapSessions() throws SQLException {
        return count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgswap'"
                + " AND datname = current_database()");
    }

    void assertExactlyTheOracle(String columns) throws SQLException {
        long diff = Fixtures.difference(c, "SELECT " + columns + " FROM orders",
                "SELECT " + columns + " FROM orders_oracle");
        say("rows differing between orders and orders_oracle: " + diff + " (" + count("SELECT count(*) FROM orders")
                + " rows)");
        assertThat(diff).as("rows differing from the oracle").isZero();
    }

    List<String> triggersOnOrders() throws SQLException {
        return Fixtures.strings(c, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'orders'::regclass"
                + " AND NOT tgisinternal ORDER BY 1");
    }

    boolean notNull() throws SQLException {
        return Fixtures.strings(c, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                + " AND attname = 'status'").get(0).equals("t");
    }

    long count(String sql) throws SQLException {
        return Fixtures.count(c, sql);
    }

    void sql(String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    String dataDigest() throws SQLException {
        return Fixtures.strings(c, "SELECT count(*) || '/' || md5(string_agg(t::text, ',' ORDER BY id)) FROM orders t")
                .get(0);
    }

    /** Relations, columns, triggers, functions and schemas of the database. */
    String catalogFingerprint() throws SQLException {
        return Fixtures.strings(c, """
                SELECT concat_ws('|',
                  (SELECT md5(string_agg(oid::text || relname || relfilenode, ',' ORDER BY oid)) FROM pg_class),
                  (SELECT md5(string_agg(attrelid::text || attname || attnotnull, ',' ORDER BY attrelid, attnum))
                     FROM pg_attribute),
                  (SELECT md5(coalesce(string_agg(oid::text || tgname, ',' ORDER BY oid), '')) FROM pg_trigger),
                  (SELECT md5(string_agg(oid::text || proname, ',' ORDER BY oid)) FROM pg_proc),
                  (SELECT md5(string_agg(oid::text || nspname, ',' ORDER BY oid)) FROM pg_namespace))""").get(0);
    }

    // ------------------------------------------------------------------ running the launcher

    Run pgswap(String... args) throws Exception {
        return pgswap(List.of(args));
    }

    Run pgswap(List<String> args) throws Exception {
        return launch(args).await();
    }

    Launched launch(List<String> args) throws IOException {
        return pgswap.against(d, this::say).launch(args);
    }
}
