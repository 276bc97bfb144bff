package io.pgswap.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.PgSwapException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgErrorsTest {

    @ParameterizedTest(name = "{0} retryable: {1}")
    @CsvSource({
        "55P03, true",   // lock_not_available (lock_timeout)
        "40P01, true",   // deadlock_detected
        "40001, true",   // serialization_failure
        "57014, true",   // query_canceled (statement_timeout)
        "23505, false",  // unique_violation
        "23502, false",  // not_null_violation
        "42P01, false",  // undefined_table
        "08006, false",  // connection failure: not retried as a lock problem
        "55P0, false",
        "55p03, false",
    })
    void retryableBySqlState(String state, boolean retryable) {
        SQLException e = new SQLException("whatever the text says", state);
        assertThat(PgErrors.isRetryable(e)).isEqualTo(retryable);
        assertThat(PgErrors.isRetryable(new RuntimeException("wrapped", e))).isEqualTo(retryable);
        assertThat(PgErrors.isRetryable(new IllegalStateException(new RuntimeException(e)))).isEqualTo(retryable);
        assertThat(PgErrors.isRetryable(PgSwapException.failed("failed", e))).isEqualTo(retryable);
    }

    @Test
    void nothingToGoOnIsNotRetryable() {
        assertThat(PgErrors.isRetryable(null)).isFalse();
        assertThat(PgErrors.isRetryable(new SQLException("lock timeout"))).isFalse();
        assertThat(PgErrors.isRetryable(new RuntimeException("canceling statement due to lock timeout"))).isFalse();
        assertThat(PgErrors.isRetryable(new SQLTransientException("no state"))).isFalse();
    }

    @Test
    void messageTextIsIgnored() {
        assertThat(PgErrors.isRetryable(new SQLException("deadlock detected", "23505"))).isFalse();
        assertThat(PgErrors.isRetryable(new SQLException("duplicate key", "40P01"))).isTrue();
    }

    @Test
    void sqlStateIsTheFirstOneFoundDownTheCauseChain() {
        SQLException inner = new SQLException("inner", "55P03");
        SQLException outerWithout = new SQLException("outer", (String) null, inner);
        assertThat(PgErrors.sqlState(outerWithout)).isEqualTo("55P03");
        SQLException outerWith = new SQLException("outer", "23505", inner);
        assertThat(PgErrors.sqlState(outerWith)).isEqualTo("23505");
        assertThat(PgErrors.isRetryable(outerWith)).isFalse();
        assertThat(PgErrors.sqlState(new RuntimeException())).isNull();
        assertThat(PgErrors.sqlState(null)).isNull();
    }

    @ParameterizedTest(name = "{0} connection lost: {1}")
    @CsvSource({
        "08006, true",
        "08001, true",
        "57P01, true",
        "57P02, true",
        "57P03, true",
        "57014, false",
        "55P03, false",
    })
    void connectionLost(String state, boolean lost) {
        assertThat(PgErrors.isConnectionLost(new RuntimeException(new SQLException("x", state)))).isEqualTo(lost);
    }

    @Test
    void connectionLostWithoutStateIsFalse() {
        assertThat(PgErrors.isConnectionLost(new SQLException("x"))).isFalse();
        assertThat(PgErrors.isConnectionLost(null)).isFalse();
    }
}
