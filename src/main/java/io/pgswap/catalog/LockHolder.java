package io.pgswap.catalog;

import java.time.Duration;

/**
 * A session holding a lock on a relation pgswap is about to lock. {@code autovacuum} is true for
 * an autovacuum worker, {@code wraparound} when that worker runs to prevent transaction ID
 * wraparound (it must never be cancelled).
 */
public record LockHolder(long relationOid, int pid, String user, String applicationName, String state, String mode,
                         Duration transactionAge, String query, String relation, boolean autovacuum,
                         boolean wraparound) {

    public LockLevel level() {
        return LockLevel.fromPgMode(mode);
    }

    @Override
    public String toString() {
        if (autovacuum) {
            return "an autovacuum worker (pid " + pid + (wraparound ? ", to prevent wraparound" : "") + ", running for "
                    + transactionAge.toSeconds() + " s, holds " + mode + " on " + relation + ")";
        }
        return "pid " + pid + " (" + user + ", " + (applicationName == null || applicationName.isEmpty()
                ? "no application_name" : applicationName) + ", " + state + " for "
                + transactionAge.toSeconds() + " s, holds " + mode + " on " + relation + ")";
    }
}
