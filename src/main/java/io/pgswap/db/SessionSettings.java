package io.pgswap.db;

import java.time.Duration;

/**
 * Settings every pgswap session starts with, sent as startup options so no SQL text carries them.
 * lock_timeout bounds every lock wait (0 would mean "forever" and is refused earlier);
 * idle_in_transaction_session_timeout makes the server end a pgswap transaction whose client
 * froze, so a stuck JVM can never keep a lock.
 */
public record SessionSettings(Duration lockTimeout, Duration idleInTransactionTimeout) {
    public SessionSettings {
        if (lockTimeout.isZero() || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lock_timeout must be positive");
        }
    }

    String startupOptions() {
        return "-c lock_timeout=" + lockTimeout.toMillis()
                + " -c statement_timeout=0"
                + " -c idle_in_transaction_session_timeout=" + idleInTransactionTimeout.toMillis()
                + " -c standard_conforming_strings=on"
                + " -c client_min_messages=warning";
    }
}
