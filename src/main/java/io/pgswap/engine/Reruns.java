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
