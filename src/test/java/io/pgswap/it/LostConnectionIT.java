package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.db.Db;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Every session of a run ended by the server mid-copy (pg_terminate_backend, a failover): the
 * run reports that error, not the one of releasing its lock on a connection that is gone, says
 * how it resumes, keeps its helpers for that, and the rerun finishes with the right rows (I6).
 */
class LostConnectionIT {
    @Test
    void aRunWhoseSessionsAreTerminatedMidCopySaysHowItResumes_andTheRerunFinishes() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, 20_000);
            String data = "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM orders t";
            String before = Fixtures.strings(c, data).get(0);
            AtomicBoolean terminated = new AtomicBoolean();
            Hooks terminate = new Hooks() {
                @Override
                public void inCopyBatch(Connection tx, long fromPage, long toPage) throws SQLException {
                    if (fromPage > 0 && terminated.compareAndSet(false, true)) {
                        Fixtures.count(c, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
                    }
                }
            };
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Fixtures.run(db,
                    Fixtures.repack("orders"), InvariantsIT.tuning(Duration.ofMillis(200), Duration.ofMinutes(1), 50,
                            Duration.ofMillis(50), 500, 1000, 1), io.pgswap.core.SwapOptions.DEFAULT,
                    new io.pgswap.core.StopSignal(), terminate));
            assertThat(terminated).isTrue();
            assertThat(t).isInstanceOf(PgSwapException.class);
            assertThat(((PgSwapException) t).exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(t.getMessage()).as("the cause, and how the run goes on")
                    .contains("terminating connection due to administrator command", "rerun the same command to resume")
                    .doesNotContain("Connection is closed", "FATAL:");
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("copy");
            assertThat(Fixtures.helperObjects(c)).as("kept for the rerun").isNotEmpty();

            assertThat(Fixtures.run(db, Fixtures.repack("orders")).exitCode()).isEqualTo(ExitCode.OK);
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            assertThat(Fixtures.strings(c, data).get(0)).isEqualTo(before);
        }
    }
}
