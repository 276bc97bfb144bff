package io.pgswap.core;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.Threads;
import io.pgswap.db.Db;
import io.pgswap.db.PgErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs up to {@code n} jobs at the same time: job 0 on the caller's connection in the calling
 * thread, the others in threads of their own, each on a connection of its own. A job that cannot
 * connect (max_connections, the pool) is left out and the others do its share. Once job 0 is done,
 * {@code waiting} runs about once a second on the caller's thread until the others are done. The
 * first failure is thrown after every job has ended, unless it is a {@link KnockOn}: then a real
 * failure of another job is the one thrown.
 */
public final class Jobs {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private Jobs() {
    }

    /** One job's work. */
    public interface Job {
        void run(int index, Connection c) throws SQLException;
    }

    /** What the caller's thread does while it waits for the other jobs. */
    public interface Waiting {
        void run() throws SQLException;
    }

    /** A failure that only follows from another job's (a batch rolled back because an earlier one failed). */
    public interface KnockOn {
    }

    /** {@code what} names the jobs in the log and their threads ({@code pgswap-what}). */
    public static void run(int n, String what, Db db, Connection c, Job job, Waiting waiting) throws SQLException {
        if (n <= 1 || db == null) {
            job.run(0, c);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n - 1, Threads.daemon("pgswap-" + what));
        List<Future<Void>> others = new ArrayList<>();
        Throwable failure = null;
        try {
            for (int i = 1; i < n; i++) {
                int index = i;
                others.add(pool.submit(() -> {
                    Connection own;
                    try {
                        own = db.connection();
                    } catch (SQLException e) {
                        LOG.warn("{} job {} could not connect ({}); going on with fewer jobs", what, index + 1,
                                PgErrors.message(e));
                        return null;
                    }
                    try (own) {
                        job.run(index, own);
                    }
                    return null;
                }));
            }
            try {
                job.run(0, c);
            } catch (SQLException | RuntimeException e) {
                failure = e;
            }
            for (Future<Void> f : others) {
                failure = await(f, failure, waiting);
            }
        } finally {
            pool.shutdownNow();
        }
        if (failure instanceof SQLException s) {
            throw s;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure != null) {
            throw new SQLException(failure);
        }
    }

    private static Throwable await(Future<Void> f, Throwable failure, Waiting waiting) {
        while (true) {
            try {
                f.get(1, TimeUnit.SECONDS);
                return failure;
            } catch (TimeoutException e) {
                if (failure == null) {
                    try {
                        waiting.run();
                    } catch (SQLException | RuntimeException w) {
                        failure = w;
                    }
                }
            } catch (ExecutionException e) {
                return pick(failure, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return pick(failure, new PgSwapException(ExitCode.STOPPED, "interrupted"));
            }
        }
    }

    /** The failure to report: the first real one, never a knock-on of it. */
    private static Throwable pick(Throwable current, Throwable next) {
        return current == null || current instanceof KnockOn ? next : current;
    }
}
