package io.pgswap.it;

import io.pgswap.db.Db;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For tests that each want a fresh database on the default major with the {@link Fixtures}
 * orders table of {@link #ROWS} rows, a session {@code c} on it and a pgswap {@code db} (lock
 * timeout 200 ms).
 */
abstract class OrdersDatabase {
    static final int ROWS = 20_000;
    static final String ALL = "id, customer_id, status, amount, created_at, note";

    TestDatabase.Database d;
    Connection c;
    Db db;

    @BeforeEach
    void setUp() throws SQLException {
        d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
        c = d.connect();
        Fixtures.createOrders(d, ROWS);
        db = Fixtures.db(d, Duration.ofMillis(200));
    }

    @AfterEach
    void tearDown() throws SQLException {
        db.close();
        c.close();
        d.close();
    }
}
