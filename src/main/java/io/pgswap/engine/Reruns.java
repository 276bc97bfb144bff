package io.pgswap.engine;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.Fingerprint;
import io.pgswap.catalog.TableFacts;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** What a run of a table with an unfinished migration checks: is it the same request, and the same table. */
final class Reruns {
    private Reruns() {
    }

    /** The request with what the server decides filled in, when that makes it the stored one (a re-run). */
    static <A extends Record> Request<A> resolvedIfSame(MigrationRecord m, Request<A> r, TableFacts f,
                                                                ScratchProbe probe) throws SQLException {
        try {
            Request<A> resolved = Request.of(r.operation(), r.operation().resolve(r.args(), f, probe));
            return ArgsJson.same(m, resolved) ? resolved : r;
        } catch (PgSwapException e) {
            return r; // not the same request: refused below as such
        }
    }

    /** I9 at every resume: the definition the shadow was made from is still the table's. */
    /**
     * A rerun of an unfinished migration must convert its rows as the run that started it did: with
     * the session settings it recorded (TimeZone, DateStyle, ...). Refused otherwise (nothing done),
     * naming the difference; 'pgswap resume' uses the recorded ones by itself.
     */
    static void sameSession(Connection c, TableFacts f, MigrationRecord m) throws SQLException {
        List<String> recorded = io.pgswap.state.StateStore.runOptions(c, m.id());
        List<String> differ = io.pgswap.core.SessionValues.differing(recorded, c);
        if (!differ.isEmpty()) {
            throw io.pgswap.PgSwapException.refused("migration #" + m.id() + " of " + f.displayName() + " started "
                    + "with other session settings (" + String.join("; ", differ) + "), and the rows it has yet to "
                    + "convert must be converted as the others were: 'pgswap resume " + f.displayName() + "' goes on "
                    + "with the settings it started with (or run this with PGOPTIONS="
                    + io.pgswap.core.SessionValues.pgoptions(recorded) + ")");
        }
    }

    static void noDriftSince(Connection c, TableFacts f, MigrationRecord m) throws SQLException {
        String stored = m.fingerprint();
        if (Fingerprint.isEncoded(stored)) {
            List<String> changed = f.fingerprint().changedSince(stored);
            if (!changed.isEmpty()) {
                throw io.pgswap.swap.Swapper.drift(f.displayName(), changed);
            }
        } else if (!java.util.Objects.equals(Fingerprint.legacy(c, f.oid()), stored)) {
            throw io.pgswap.swap.Swapper.drift(f.displayName(), List.of("definition"));
        } else if (!c.isReadOnly()) {
            // started by pgswap 0.1.0: the same definition, now recorded in named parts
            StateStore.setFingerprint(c, m.id(), f.fingerprint().encoded());
        }
    }
}
