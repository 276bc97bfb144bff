package io.pgswap.swap;

import io.pgswap.catalog.ForeignKey;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.RewriteDependent;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.LockGate;
import io.pgswap.core.Names;
import io.pgswap.plan.LockUse;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/** The locks of the swap transaction: which relations, in which order, with which waits. */
public final class SwapLocks {
    private SwapLocks() {
    }

    /**
     * Every relation the swap changes, in a fixed order: the shadow first (only pgswap and
     * autovacuum, which is kept off it, use it, so waiting for it blocks nobody), then the other
     * relations by name, then the original, so that pgswap does not wait for those while it
     * already holds the original and stalls every query on it; last the tables the original's
     * foreign keys reference, in the order of the checks the application's writes make (see
     * {@link #referenced}).
     * <ul>
     * <li>views that read the table are re-created, materialized views rebuilt: ACCESS EXCLUSIVE on
     *     the view alone, taken with a no-op ALTER [MATERIALIZED] VIEW ... OWNER TO its owner (LOCK
     *     TABLE on a view would also lock every table it reads, and refuses materialized views).
     *     Taking it before the original avoids a deadlock with a query that has opened the view and
     *     waits for the table;</li>
     * <li>tables with a foreign key into the table, tables its foreign keys reference, and tables
     *     with a rule reading it: ACCESS EXCLUSIVE, which dropping a foreign key (on the referencing
     *     and on the referenced table) and replacing a rule need.</li>
     * </ul>
     */
    public static List<String> lock(TableFacts f, Names n) {
        return lock(f, n, null);
    }

    /**
     * {@link #lock(TableFacts, Names)} with bounds on the waits made while pgswap already holds a relation
     * that applications use. The first such lock is waited for up to {@code lockTimeout}: pgswap holds
     * only the shadow then, so its wait cannot close a cycle. Every later request waits at most half of
     * the server's {@code deadlock_timeout}: when such a wait closes a cycle with an application
     * transaction (one that holds the original and wants a referenced table the swap holds), pgswap's
     * request gives up before the application's deadlock check runs, so the application is never the
     * deadlock's victim; the swap rolls back and tries again. For a partition, once the parent is held
     * (every query on the partitioned table waits), the partition and its default sibling are waited for
     * much more briefly still.
     */
    public static List<String> lock(TableFacts f, Names n, java.time.Duration lockTimeout) {
        return lock(f, n, lockTimeout, 1);
    }

    /**
     * The same for attempt {@code attempt}: after {@link #SHORT_WAIT_ATTEMPTS} attempts whose short
     * wait did not fit (a partition read directly by queries longer than the short bound), the
     * partition's request may wait as long as the others after the first, so the swap still gets through.
     */
    public static List<String> lock(TableFacts f, Names n, java.time.Duration lockTimeout, int attempt) {
        List<String> out = lockStatements(f, n);
        if (lockTimeout == null) {
            return out;
        }
        // from the second relation applications use on (index 2: after the shadow and the first), every
        // request is bounded; for a partition, from the one after its parent on, more tightly still
        int afterParent = f.partition() != null && attempt <= SHORT_WAIT_ATTEMPTS
                ? out.indexOf("LOCK TABLE ONLY " + f.partition().qualifiedParent() + " IN ACCESS EXCLUSIVE MODE") + 1
                : 0;
        java.time.Duration tight = whileParentHeld(lockTimeout);
        if (afterParent > 2) {
            out.add(afterParent, LockGate.belowDeadlockTimeout(tight)); // the later one first: index 2 stays put
        }
        if (out.size() > 2) {
            out.add(2, LockGate.belowDeadlockTimeout(afterParent == 2 ? tight : lockTimeout));
        }
        return out;
    }

    /** Swap attempts that wait only briefly for a partition while its parent is held. */
    public static final int SHORT_WAIT_ATTEMPTS = 10;

    /** The lock timeout for the locks requested while a partition's parent is held: a tenth, 5 to 50 ms. */
    public static java.time.Duration whileParentHeld(java.time.Duration lockTimeout) {
        long ms = Math.max(5, Math.min(50, lockTimeout.toMillis() / 10));
        return java.time.Duration.ofMillis(Math.min(ms, lockTimeout.toMillis()));
    }

    private static List<String> lockStatements(TableFacts f, Names n) {
        java.util.TreeMap<String, String> others = new java.util.TreeMap<>();
        for (ForeignKey k : f.foreignKeys()) {
            if (k.tableOid() != k.referencedOid() && k.isIncoming(f.oid())) {
                // a partitioned table with all its partitions: re-adding its key changes theirs too
                others.put(k.qualifiedTable(), "LOCK TABLE " + (k.fromPartitioned() ? "" : "ONLY ") + k.qualifiedTable()
                        + " IN ACCESS EXCLUSIVE MODE");
            }
        }
        for (RewriteDependent r : f.rewriteDependents()) {
            if (r.relationOid() == f.oid()) {
                continue;
            }
            others.put(r.qualifiedRelation(), switch (r.relkind()) {
                case 'v' -> "ALTER VIEW " + r.qualifiedRelation() + " OWNER TO " + Sql.ident(r.owner());
                case 'm' -> "ALTER MATERIALIZED VIEW " + r.qualifiedRelation() + " OWNER TO " + Sql.ident(r.owner());
                default -> "LOCK TABLE ONLY " + r.qualifiedRelation() + " IN ACCESS EXCLUSIVE MODE";
            });
        }
        List<String> out = new ArrayList<>();
        out.add("LOCK TABLE ONLY " + n.shadow() + " IN ACCESS EXCLUSIVE MODE");
        out.addAll(others.values());
        for (String t : tree(f)) {
            out.add("LOCK TABLE ONLY " + t + " IN ACCESS EXCLUSIVE MODE");
        }
        referenced(f, others.keySet()).forEach(t -> out.add("LOCK TABLE ONLY " + t + " IN ACCESS EXCLUSIVE MODE"));
        return out;
    }

    /**
     * The tables the original's foreign keys reference, by name, locked after the original: the
     * order of the foreign key checks an application's write to the original makes (the write takes
     * the original, its check then the referenced table). Locked before the original, a referenced
     * table held by the swap would stop every write that had already taken the original, and the
     * swap's wait for the original would close a cycle with each of them: under a steady stream of
     * inserts no attempt could get through. A table that is also referencing is locked before.
     */
    private static java.util.SortedSet<String> referenced(TableFacts f, java.util.Set<String> before) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (ForeignKey k : f.foreignKeys()) {
            if (k.tableOid() != k.referencedOid() && !k.isIncoming(f.oid())) {
                out.add(k.qualifiedReferenced());
            }
        }
        out.addAll(PartitionSwapSql.others(f)); // a partition's inherited keys
        out.removeAll(before);
        return out;
    }

    /** Every lock the swap takes, for the plan and the lock gate (shadow, related relations, then the original). */
    public static List<LockUse> locks(TableFacts f, Names n) {
        List<LockUse> out = new ArrayList<>();
        out.add(new LockUse(n.shadow(), LockLevel.ACCESS_EXCLUSIVE));
        java.util.TreeSet<String> others = new java.util.TreeSet<>();
        for (ForeignKey k : f.foreignKeys()) {
            if (k.tableOid() != k.referencedOid() && k.isIncoming(f.oid())) {
                others.add(k.qualifiedTable());
            }
        }
        for (RewriteDependent r : f.rewriteDependents()) {
            if (r.relationOid() != f.oid()) {
                others.add(r.qualifiedRelation());
            }
        }
        others.forEach(o -> out.add(new LockUse(o, LockLevel.ACCESS_EXCLUSIVE)));
        tree(f).forEach(t -> out.add(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE)));
        referenced(f, others).forEach(t -> out.add(new LockUse(t, LockLevel.ACCESS_EXCLUSIVE)));
        return out;
    }

    /**
     * The original, last; for a partition, its parent right before it and a sibling default partition
     * (which ATTACH scans) right after it: the order in which a query on the parent locks them, so the
     * swap and such a query never wait for each other in opposite orders. DETACH needs ACCESS EXCLUSIVE
     * on the parent: every query on the partitioned table waits for the swap's few milliseconds.
     */
    private static List<String> tree(TableFacts f) {
        List<String> out = new ArrayList<>();
        if (f.partition() != null) {
            out.add(f.partition().qualifiedParent());
        }
        out.add(f.qualifiedName());
        if (f.partition() != null && f.partition().qualifiedDefault() != null) {
            out.add(f.partition().qualifiedDefault());
        }
        return out;
    }

    /** OIDs of the relations {@link #lock} locks besides the shadow: the swap waits while one is held long. */
    public static List<Long> lockedRelations(TableFacts f) {
        java.util.Set<Long> out = new java.util.LinkedHashSet<>();
        out.add(f.oid());
        f.foreignKeys().forEach(k -> {
            out.add(k.tableOid());
            out.add(k.referencedOid());
        });
        f.rewriteDependents().forEach(r -> out.add(r.relationOid()));
        return List.copyOf(out);
    }
}
