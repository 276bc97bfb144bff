package io.pgswap.core;

import io.pgswap.db.Tx;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How checks ask the server questions before anything is created: {@link #readOnly} is a session
 * (in a dry run, inside a READ ONLY transaction) for queries, and {@link #scratch} runs work in a
 * separate transaction that is always rolled back, for questions only DDL can answer (does this
 * CHECK expression pass as a constraint, what do these ALTER TABLE subcommands make of an empty
 * copy of the table?). Scratch work touches only temporary tables, so it changes nothing.
 */
public interface Probe {
    Connection readOnly();

    <T> T scratch(Tx.Work<T> work) throws SQLException;
}
