package io.pgswap.lint;

import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Statement;

/**
 * The rules that judge one statement on its own: which locks it takes (per PostgreSQL's CREATE
 * INDEX, REINDEX, VACUUM, CLUSTER and "Explicit Locking" documentation), what it does to the
 * table's data on the target version, and what is risky about it. ALTER TABLE has its own
 * {@link AlterTableRules}; the rules that need the statements around one (transactions,
 * lock_timeout) are in {@link Transactions}.
 */
final class Analyzer {
    private final Target target;
    private final AlterTableRules alterTable;

    Analyzer(Target target) {
        this.target = target;
        this.alterTable = new AlterTableRules(target);
    }

    Analysis analyze(Statement statement, FileContext ctx) {
        Analysis a = new Analysis(kind(statement), ctx);
        if (statement instanceof Statement.CreateIndex i) {
            createIndex(i, a);
        } else if (statement instanceof Statement.AlterTable t) {
            alterTable.check(t, a);
        } else if (statement instanceof Statement.DropIndex d) {
            dropIndex(d, a);
        } else if (statement instanceof Statement.Reindex r) {
            reindex(r, a);
        } else if (statement instanceof Statement.Vacuum v) {
            vacuum(v, a);
        } else if (statement instanceof Statement.RefreshMaterializedView r) {
            refresh(r, a);
        } else if (statement instanceof Statement.Cluster c) {
            cluster(c, a);
        } else if (statement instanceof Statement.Lock l) {
            for (RelationName t : l.tables()) {
                a.lock(t, l.mode());
            }
        } else if (statement instanceof Statement.CreateTable t) {
            a.work(Work.CATALOG);
            for (RelationName ref : t.references()) {
                a.lock(ref, LockMode.SHARE_ROW_EXCLUSIVE);
            }
            if (t.partitionOf() != null) {
                createPartition(t, a);
            }
        } else if (statement instanceof Statement.DropTable d) {
            dropTable(d, a);
        } else if (statement instanceof Statement.TableLocks l) {
            a.work(Work.CATALOG);
            for (RelationName t : l.tables()) {
                a.lock(t, l.mode());
            }
        } else if (statement instanceof Statement.CreateTrigger t) {
            a.work(Work.CATALOG);
            a.lock(t.table(), LockMode.SHARE_ROW_EXCLUSIVE);
        } else if (statement instanceof Statement.Other o && (o.kind().equals("DO") || o.kind().startsWith("DO "))) {
            doBlock(o, a);
        }
        return a;
    }

    /** The schema changes a DO block's body may run (its statements are not parsed: it is PL/pgSQL, or another language). */
    private static final java.util.regex.Pattern DDL_IN_BODY = java.util.regex.Pattern.compile("(?is)\\b(ALTER\\s+TABLE"
            + "|CREATE\\s+(?:UNIQUE\\s+)?INDEX|DROP\\s+INDEX|REINDEX|VACUUM\\s+FULL|CLUSTER|REFRESH\\s+MATERIALIZED"
            + "|LOCK\\s+TABLE|TRUNCATE)\\b");

    private void doBlock(Statement.Other o, Analysis a) {
        java.util.regex.Matcher m = DDL_IN_BODY.matcher(o.source().text());
        if (!m.find()) {
            return;
        }
        a.add(Rule.PGS021, o.source(), null, null, Work.CATALOG, "this DO block runs " + m.group(1).replaceAll("\\s+",
                " ").toUpperCase(java.util.Locale.ROOT) + "; lint does not read into DO blocks, so the locks, rewrites "
                + "and scans of what it runs are not checked (apply runs it as written, each lock bounded by "
                + "lock_timeout)", "write its schema changes out as plain statements (with IF EXISTS / IF NOT EXISTS "
                + "for what the block tested), so lint can check them and apply can run the risky ones as pgswap "
                + "commands");
    }

    private void createIndex(Statement.CreateIndex i, Analysis a) {
        if (i.only() && !i.concurrently()) {
            // the first step of the manual recipe for a partitioned table: run as written, never as add-index
            // (which would build every partition's index itself, and the file's ATTACH steps would then fail)
            a.work(Work.CATALOG);
            a.lock(i.table(), LockMode.SHARE);
            a.add(Rule.PGS001, Severity.INFO, i.source(), i.table(), LockMode.SHARE, Work.CATALOG, "CREATE INDEX ... "
                    + "ON ONLY: on a partitioned table the index is created INVALID and nothing is built (SHARE "
                    + "for a moment); it becomes valid once every partition's index, built CONCURRENTLY, is "
                    + "attached with ALTER INDEX ... ATTACH PARTITION. (On a plain table ONLY changes nothing: "
                    + "that is a full build under SHARE; use CONCURRENTLY.) '" + a.commands().addIndex(i).text()
                    + "' does all of it for a partitioned table", (Suggestion) null);
            return;
        }
        a.work(Work.INDEX_BUILD);
        if (i.concurrently()) {
            a.lock(i.table(), LockMode.SHARE_UPDATE_EXCLUSIVE);
            a.needsNoTransaction("CREATE INDEX CONCURRENTLY");
            a.recipe(a.commands().addIndex(i));
            return;
        }
        a.lock(i.table(), LockMode.SHARE);
        a.add(Rule.PGS001, i.source(), i.table(), LockMode.SHARE, Work.INDEX_BUILD,
                "a plain CREATE INDEX holds SHARE on " + i.table().display() + " for the whole build: every INSERT, "
                        + "UPDATE and DELETE waits (reads continue)",
                a.commands().addIndex(i));
    }

    private void dropIndex(Statement.DropIndex d, Analysis a) {
        a.work(Work.CATALOG);
        LockMode mode = d.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        RelationName firstTable = null;
        for (RelationName index : d.indexes()) {
            RelationName table = a.context().tableOfIndex(index).orElse(null);
            if (table == null && d.ifExists() && a.context().knowsTables()) {
                continue; // IF EXISTS of an index the database does not have: PostgreSQL locks nothing
            }
            if (table == null) {
                a.lockViaIndex(index, mode);
            } else {
                a.lock(table, mode);
                firstTable = firstTable == null ? table : firstTable;
            }
        }
        if (d.concurrently()) {
            a.needsNoTransaction("DROP INDEX CONCURRENTLY");
            return;
        }
        if (firstTable != null && a.context().createdHere(firstTable)) {
            return;
        }
        String on = firstTable != null ? firstTable.display() : "the index's table";
        // CONCURRENTLY drops one index per statement, and has no CASCADE
        String instead = String.join("; ", d.indexes().stream().map(i -> "DROP INDEX CONCURRENTLY "
                + (d.ifExists() ? "IF EXISTS " : "") + i.display()).toList())
                + (d.cascade() ? " (CONCURRENTLY has no CASCADE: drop what depends on the index first)" : "");
        a.add(Rule.PGS015, d.source(), firstTable, mode, Work.CATALOG, "DROP INDEX takes ACCESS EXCLUSIVE on "
                + on + ": reads and writes wait, and queue behind any long query on it", instead);
    }

    /**
     * A new partition: PostgreSQL takes ACCESS EXCLUSIVE on the parent for it (and scans a DEFAULT
     * partition under its lock for rows that belong in the new one). Created as a plain table and
     * then attached, it costs the parent only SHARE UPDATE EXCLUSIVE (PostgreSQL 12 and later).
     */
    private void createPartition(Statement.CreateTable t, Analysis a) {
        RelationName parent = t.partitionOf();
        a.lock(parent, LockMode.ACCESS_EXCLUSIVE);
        if (a.context().createdHere(parent)) {
            return;
        }
        boolean isDefault = t.partitionBound() != null && t.partitionBound().strip().equalsIgnoreCase("DEFAULT");
        String reason = "CREATE TABLE ... PARTITION OF takes ACCESS EXCLUSIVE on " + parent.display()
                + ": reads and writes of it and of all its partitions wait, and queue behind any long query on it"
                + (isDefault ? "" : "; when it has a DEFAULT partition, that one is scanned under the lock too");
        String advice = target.major() >= 12 && t.partitionBound() != null
                ? "create the table on its own, then attach it (SHARE UPDATE EXCLUSIVE on " + parent.display()
                + "): CREATE TABLE " + t.table().display() + " (LIKE " + parent.display() + " INCLUDING ALL); ALTER TABLE "
                + parent.display() + " ATTACH PARTITION " + t.table().display() + " " + t.partitionBound().strip()
                + "; with a lock_timeout, retried when it times out"
                : "set a lock_timeout before it and retry when it times out";
        a.add(Rule.PGS017, t.source(), parent, LockMode.ACCESS_EXCLUSIVE, Work.CATALOG, reason, advice);
    }

    private void reindex(Statement.Reindex r, Analysis a) {
        a.work(Work.INDEX_BUILD);
        LockMode mode = r.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE;
        RelationName table = null;
        switch (r.kind()) {
            case INDEX -> {
                table = a.context().tableOfIndex(r.target()).orElse(null);
                if (table == null) {
                    a.lockViaIndex(r.target(), mode);
                } else {
                    a.lock(table, mode);
                }
            }
            case TABLE -> {
                table = r.target();
                a.lock(table, mode);
            }
            default -> {
            }
        }
        if (r.concurrently()) {
            a.needsNoTransaction("REINDEX CONCURRENTLY");
            if (r.kind() == Statement.ReindexKind.TABLE) {
                a.recipe(a.commands().reindex(table, null));
            } else if (r.kind() == Statement.ReindexKind.INDEX && table != null) {
                a.recipe(a.commands().reindex(table, r.target().name()));
            }
            return;
        }
        String what = r.kind() == Statement.ReindexKind.INDEX ? "the index " + r.target().display()
                : r.kind() == Statement.ReindexKind.TABLE ? "every index of " + r.target().display()
                : "every index of " + r.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + (r.target() == null ? "" : " " + r.target().display());
        Suggestion instead;
        if (r.kind() == Statement.ReindexKind.TABLE) {
            instead = a.commands().reindex(table, null);
        } else if (r.kind() == Statement.ReindexKind.INDEX && table != null) {
            instead = a.commands().reindex(table, r.target().name());
        } else {
            instead = Suggestion.advice("REINDEX " + r.kind().name() + " CONCURRENTLY"
                    + (r.target() == null ? "" : " " + r.target().display()));
        }
        a.add(Rule.PGS009, r.source(), table, mode, Work.INDEX_BUILD, "REINDEX rebuilds " + what
                + " holding SHARE on its table (writes wait) and ACCESS EXCLUSIVE on the index being rebuilt "
                + "(reads that use it wait)", instead);
    }

    private void vacuum(Statement.Vacuum v, Analysis a) {
        a.needsNoTransaction("VACUUM");
        if (!v.full()) {
            a.work(Work.SCAN);
            for (RelationName t : v.tables()) {
                a.lock(t, LockMode.SHARE_UPDATE_EXCLUSIVE);
            }
            return;
        }
        a.work(Work.REWRITE);
        if (v.tables().isEmpty()) {
            a.add(Rule.PGS008, v.source(), null, LockMode.ACCESS_EXCLUSIVE, Work.REWRITE, "VACUUM FULL without a "
                    + "table rewrites every table of the database, each under ACCESS EXCLUSIVE",
                    "pgswap repack TABLE, for each bloated table");
            return;
        }
        for (RelationName t : v.tables()) {
            a.lock(t, LockMode.ACCESS_EXCLUSIVE);
            a.add(Rule.PGS008, v.source(), t, LockMode.ACCESS_EXCLUSIVE, Work.REWRITE, "VACUUM FULL rewrites "
                    + t.display() + " under ACCESS EXCLUSIVE: reads and writes wait until it ends",
                    a.commands().repack(t));
        }
    }

    private void cluster(Statement.Cluster c, Analysis a) {
        a.work(Work.REWRITE);
        if (c.table() == null) {
            a.needsNoTransaction("CLUSTER without a table");
            a.add(Rule.PGS008, c.source(), null, LockMode.ACCESS_EXCLUSIVE, Work.REWRITE, "CLUSTER without a table "
                    + "rewrites every clustered table of the database, each under ACCESS EXCLUSIVE",
                    "pgswap repack TABLE, for each table");
            return;
        }
        a.lock(c.table(), LockMode.ACCESS_EXCLUSIVE);
        a.add(Rule.PGS008, c.source(), c.table(), LockMode.ACCESS_EXCLUSIVE, Work.REWRITE, "CLUSTER rewrites "
                + c.table().display() + " in index order under ACCESS EXCLUSIVE: reads and writes wait until it ends",
                a.commands().repack(c.table())
                        .inexact("it removes bloat online but does not order the rows by the index"));
    }

    /**
     * REFRESH MATERIALIZED VIEW runs the view's query and replaces its rows under ACCESS EXCLUSIVE:
     * every read of the view waits for the whole query. CONCURRENTLY takes EXCLUSIVE, which reads
     * pass, and merges the new rows in (it needs a unique index on the view and a populated view).
     */
    private void refresh(Statement.RefreshMaterializedView r, Analysis a) {
        a.work(Work.SCAN);
        LockMode mode = r.concurrently() ? LockMode.EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        a.lock(r.view(), mode);
        if (r.concurrently() || r.withNoData() || a.context().createdHere(r.view())) {
            return;
        }
        a.add(Rule.PGS019, r.source(), r.view(), mode, Work.SCAN, "REFRESH MATERIALIZED VIEW holds ACCESS EXCLUSIVE "
                + "on " + r.view().display() + " while its query runs: every read of the view waits until the "
                + "refresh ends, and queues behind any long query on it",
                "REFRESH MATERIALIZED VIEW CONCURRENTLY " + r.view().display() + " (reads continue; it needs a unique "
                        + "index on the view's columns, without WHERE, and a view that has been populated)");
    }

    private void dropTable(Statement.DropTable d, Analysis a) {
        a.work(Work.CATALOG);
        for (RelationName t : d.tables()) {
            a.lock(t, LockMode.ACCESS_EXCLUSIVE);
            a.compatibility(Rule.PGS014, d.source(), t, LockMode.ACCESS_EXCLUSIVE, "dropping table " + t.display()
                    + " breaks running application code that still uses it",
                    "first deploy application code that no longer uses " + t.display() + ", then drop it");
        }
    }

    private static String kind(Statement s) {
        if (s instanceof Statement.Other o) {
            return o.kind();
        }
        if (s instanceof Statement.CreateRelation r) {
            return r.kind();
        }
        if (s instanceof Statement.TableLocks l) {
            return l.kind();
        }
        if (s instanceof Statement.CreateIndex i) {
            return "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX" + (i.concurrently() ? " CONCURRENTLY" : "");
        }
        if (s instanceof Statement.DropIndex d) {
            return "DROP INDEX" + (d.concurrently() ? " CONCURRENTLY" : "");
        }
        if (s instanceof Statement.Reindex r) {
            return "REINDEX " + r.kind().name() + (r.concurrently() ? " CONCURRENTLY" : "");
        }
        if (s instanceof Statement.Vacuum v) {
            return v.full() ? "VACUUM FULL" : "VACUUM";
        }
        return switch (s.getClass().getSimpleName()) {
            case "AlterTable" -> "ALTER TABLE";
            case "Cluster" -> "CLUSTER";
            case "RefreshMaterializedView" -> "REFRESH MATERIALIZED VIEW";
            case "Lock" -> "LOCK";
            case "SetParameter" -> "SET";
            case "ResetParameter" -> "RESET";
            case "Begin" -> "BEGIN";
            case "Commit" -> "COMMIT";
            case "Rollback" -> "ROLLBACK";
            case "CreateTable" -> "CREATE TABLE";
            case "DropTable" -> "DROP TABLE";
            case "CreateTrigger" -> "CREATE TRIGGER";
            default -> s.getClass().getSimpleName();
        };
    }
}
