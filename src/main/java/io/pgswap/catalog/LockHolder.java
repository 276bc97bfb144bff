package io.pgswap.catalog;

import java.time.Duration;

/** A session holding a lock on the table; a long one would make the swap wait. */
public record LockHolder(int pid, String user, String applicationName, String state, String mode,
                         Duration transactionAge, String query, String relation) {
    @Override
    public String toString() {
        return "pid " + pid + " (" + user + ", " + (applicationName == null || applicationName.isEmpty()
                ? "no application_name" : applicationName) + ", " + state + " for "
                + transactionAge.toSeconds() + " s, holds " + mode + " on " + relation + ")";
    }
}
