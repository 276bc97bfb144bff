package io.pgswap.it;

import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Application writers: each transaction changes orders and records the same change in
 * orders_oracle, so the oracle is an independent record of exactly what was committed.
 * Operations: insert (sometimes with a NULL status), update, update of the key, delete,
 * delete and re-insert of the same key in one transaction, and re-insert of a key deleted
 * in an earlier transaction. Writer w only touches ids with id % writers == w, so the workload
 * itself never conflicts.
 */
final class Workload implements AutoCloseable {
    private final TestDatabase.Database db;
    private final int writers;
    private final long maxId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    final AtomicLong committed = new AtomicLong();
    final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    final AtomicLong maxLatencyMicros = new AtomicLong();
    /** NULL statuses rejected by a NOT NULL that is now in force: the application's problem, not pgswap's. */
    final AtomicLong rejectedNulls = new AtomicLong();
    volatile boolean writeNulls = true;

    /** Extra JDBC connection properties of the writers (none by default). */
    private final java.util.Properties connection;

    Workload(TestDatabase.Database db, int writers, long maxId) {
        this(db, writers, maxId, new java.util.Properties());
    }

    Workload(TestDatabase.Database db, int writers, long maxId, java.util.Properties connection) {
        this.db = db;
        this.writers = writers;
        this.maxId = maxId;
        this.connection = connection;
    }

    Workload start() {
        for (int w = 0; w < writers; w++) {
            int me = w;
            Thread t = new Thread(() -> loop(me), "writer-" + w);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return this;
    }

    /** Waits until at least {@code n} more transactions have committed. */
    void awaitCommits(long n) throws InterruptedException {
        long target = committed.get() + n;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (committed.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void loop(int me) {
        List<Long> deleted = new ArrayList<>();
        java.util.Properties props = db.connectionProperties();
        props.putAll(connection);
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), props)) {
            c.setAutoCommit(false);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (running.get()) {
                long id = pick(r, me);
                int op = r.nextInt(100);
                long t0 = System.nanoTime();
                try {
                    if (op < 30) {
                        insert(c, null, r);
                    } else if (op < 60) {
                        update(c, id, r);
                    } else if (op < 70) {
                        moveKey(c, id);
                    } else if (op < 82) {
                        if (delete(c, id)) {
                            deleted.add(id);
                        }
                    } else if (op < 92) {
                        if (delete(c, id)) {
                            insert(c, id, r);
                        }
                    } else if (!deleted.isEmpty()) {
                        insert(c, deleted.remove(deleted.size() - 1), r);
                    } else {
                        update(c, id, r);
                    }
                    c.commit();
                    committed.incrementAndGet();
                    maxLatencyMicros.accumulateAndGet((System.nanoTime() - t0) / 1000, Math::max);
                } catch (SQLException e) {
                    if ("23502".equals(e.getSQLState())) {
                        rejectedNulls.incrementAndGet();
                    } else {
                        errors.add(e.getSQLState() + " " + e.getMessage());
                    }
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            errors.add("connection: " + e.getMessage());
        }
    }

    private long pick(ThreadLocalRandom r, int me) {
        long id = r.nextLong(1, maxId + 1);
        return id - (id % writers) + me;
    }

    private void insert(Connection c, Long id, ThreadLocalRandom r) throws SQLException {
        String status = writeNulls && r.nextInt(10) == 0 ? null : "s" + r.nextInt(5);
        long customer = r.nextLong(1000);
        java.math.BigDecimal amount = java.math.BigDecimal.valueOf(r.nextLong(100000), 2);
        OffsetDateTime at = OffsetDateTime.of(2026, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(r.nextInt(1000000));
        String note = r.nextBoolean() ? null : "w" + r.nextInt(1000);
        long newId;
        if (id == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (customer_id, status, amount, created_at, note)"
                    + " VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                ps.setLong(1, customer);
                ps.setString(2, status);
                ps.setBigDecimal(3, amount);
                ps.setObject(4, at);
                ps.setString(5, note);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    newId = rs.getLong(1);
                }
            }
        } else {
            newId = id;
            exec(c, "INSERT INTO orders (id, customer_id, status, amount, created_at, note) VALUES (?, ?, ?, ?, ?, ?)",
                    newId, customer, status, amount, at, note);
        }
        exec(c, "INSERT INTO orders_oracle (id, customer_id, status, amount, created_at, note) VALUES (?, ?, ?, ?, ?, ?)",
                newId, customer, status, amount, at, note);
    }

    private void update(Connection c, long id, ThreadLocalRandom r) throws SQLException {
        String status = writeNulls && r.nextInt(10) == 0 ? null : "u" + r.nextInt(5);
        java.math.BigDecimal amount = java.math.BigDecimal.valueOf(r.nextLong(100000), 2);
        exec(c, "UPDATE orders SET status = ?, amount = ? WHERE id = ?", status, amount, id);
        exec(c, "UPDATE orders_oracle SET status = ?, amount = ? WHERE id = ?", status, amount, id);
    }

    private void moveKey(Connection c, long id) throws SQLException {
        long newId;
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('key_moves')"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            newId = rs.getLong(1);
        }
        exec(c, "UPDATE orders SET id = ? WHERE id = ?", newId, id);
        exec(c, "UPDATE orders_oracle SET id = ? WHERE id = ?", newId, id);
    }

    private boolean delete(Connection c, long id) throws SQLException {
        int n = exec(c, "DELETE FROM orders WHERE id = ?", id);
        exec(c, "DELETE FROM orders_oracle WHERE id = ?", id);
        return n > 0;
    }

    private static int exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
