package io.pgswap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.e2e.Launcher.Run;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An autovacuum worker holding the table makes every lock request of pgswap time out if nothing
 * is done: PostgreSQL cancels an autovacuum that blocks another session only after
 * deadlock_timeout (1 s), longer than pgswap's lock_timeout (200 ms). pgswap cancels the worker
 * when its role may (a superuser; on PostgreSQL 18 pg_signal_autovacuum_worker), and otherwise
 * makes one request just longer than deadlock_timeout so that the server cancels it. Either way the
 * run gets past it in seconds and says why. A real, deliberately slow autovacuum runs here.
 */
class AutovacuumIT {
    private static TestDatabase.Server server;

    @BeforeAll
    static void fastAutovacuum() throws SQLException {
        server = TestDatabase.server(TestDatabase.defaultMajor());
        try (TestDatabase.Database d = server.createDatabase()) {
            d.execute("ALTER SYSTEM SET autovacuum_naptime = '1s'; SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void normalAutovacuum() throws SQLException {
        try (TestDatabase.Database d = server.createDatabase()) {
            d.execute("ALTER SYSTEM RESET autovacuum_naptime; SELECT pg_reload_conf()");
        }
    }

    @Test
    void aSuperuserCancelsTheAutovacuumInTheWay() throws Exception {
        try (TestDatabase.Database d = server.createDatabase(); Connection c = d.connect()) {
            slowAutovacuumOn(d, c, "CURRENT_USER");
            Run r = Launcher.run(d.libpqEnv(), List.of("repack", "bloat", "--lock-retry", "2m"));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("cancelled an autovacuum worker (pid").contains("autovacuum will process the "
                    + "table again later");
            assertThat(r.millis()).as("ms for the whole run (behind an autovacuum taking minutes)").isLessThan(60_000);
        }
    }

    @Test
    void aRoleThatMayNotCancelItOutwaitsDeadlockTimeoutOnce() throws Exception {
        try (TestDatabase.Database d = server.createDatabase(); Connection c = d.connect()) {
            d.execute("""
                    DO $$ BEGIN CREATE ROLE pgswap_case_av_owner LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                    GRANT CREATE ON DATABASE "%s" TO pgswap_case_av_owner;
                    GRANT CREATE ON SCHEMA public TO pgswap_case_av_owner;
                    """.formatted(d.name()));
            // owned by the role before the autovacuum starts (ALTER ... OWNER would itself outwait it)
            slowAutovacuumOn(d, c, "pgswap_case_av_owner");
            Map<String, String> env = new HashMap<>(d.libpqEnv());
            env.put("PGUSER", "pgswap_case_av_owner");
            Run r = Launcher.run(env, List.of("repack", "bloat", "--lock-retry", "2m"));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("this role may not cancel it; asking once for up to")
                    .contains("just over deadlock_timeout");
            assertThat(r.millis()).as("ms for the whole run").isLessThan(60_000);
            d.execute("ALTER TABLE bloat OWNER TO CURRENT_USER; REVOKE CREATE ON DATABASE \"" + d.name()
                    + "\" FROM pgswap_case_av_owner; REVOKE CREATE ON SCHEMA public FROM pgswap_case_av_owner;"
                    + "DROP OWNED BY pgswap_case_av_owner; DROP ROLE pgswap_case_av_owner");
        }
    }

    /** A table with dead rows and an autovacuum slowed down to a crawl; returns once a worker holds it. */
    private static void slowAutovacuumOn(TestDatabase.Database d, Connection c, String owner) throws Exception {
        d.execute("""
                CREATE TABLE bloat (id int PRIMARY KEY, payload text)
                  WITH (autovacuum_vacuum_cost_delay = 100, autovacuum_vacuum_cost_limit = 1,
                        autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0,
                        autovacuum_analyze_threshold = 2000000000);
                INSERT INTO bloat SELECT g, repeat('p', 50) FROM generate_series(1, 100000) g;
                ALTER TABLE bloat OWNER TO %s;
                DELETE FROM bloat WHERE id %% 2 = 0;
                """.formatted(owner));
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.relation = 'bloat'::regclass AND a.backend_type = 'autovacuum worker'""")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no autovacuum worker started on the table within 60 s");
    }
}
