package io.pgswap.swap;

import io.pgswap.capture.Capture;
import io.pgswap.catalog.ForeignKey;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.PublicationMember;
import io.pgswap.catalog.RewriteDependent;
import io.pgswap.catalog.Routine;
import io.pgswap.catalog.SequenceLink;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/** Statement text of the swap transaction. */
public final class SwapSql {
    private SwapSql() {
    }

    /**
     * After the swap: of the foreign keys recorded at the swap ({@link #keysToValidate}), those
     * still NOT VALID, as (schema, table, constraint). Parameters: the keys, the migrated table.
     */
    public static String pendingValidation() {
        return """
                SELECT n.nspname, t.relname, k.conname
                FROM unnest(CAST(? AS text[])) u(e)
                JOIN pg_constraint k
                  ON k.contype = 'f' AND NOT k.convalidated AND k.conname = substr(u.e, strpos(u.e, '/') + 1)
                 AND k.conrelid = CASE WHEN split_part(u.e, '/', 1) = '0' THEN to_regclass(?)::oid
                                       ELSE split_part(u.e, '/', 1)::oid END
                JOIN pg_class t ON t.oid = k.conrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                ORDER BY 1, 2, 3""";
    }

    public static String validate(String schema, String table, String constraint) {
        return "ALTER TABLE " + Sql.qualified(schema, table) + " VALIDATE CONSTRAINT " + Sql.ident(constraint);
    }

    public static String setLockTimeout() {
        return "SELECT set_config('lock_timeout', ?, true)";
    }

    /**
     * I5, checked by the server in the same round trip as the renames: the drained log must be
     * empty, or the whole swap transaction fails and nothing is renamed.
     */
    public static String assertLogEmpty(Names n) {
        return "DO $pgswap$ BEGIN IF EXISTS (SELECT 1 FROM " + n.logTable() + ") THEN"
                + " RAISE EXCEPTION 'pgswap: the change log is not empty under the lock; not swapping'; END IF; END $pgswap$";
    }

    public static String filenode() {
        return "SELECT coalesce(pg_relation_filenode(CAST(? AS regclass)), 0)";
    }

    /**
     * Renames: the original and its indexes/constraints/identity sequences move aside, the shadow
     * and its copies take their names. {@code newIdentitySequences} are the shadow's identity
     * sequences (qualified, quoted) in the order of {@code f.sequences()}'s identity entries.
     * Then everything that pointed at the original is re-pointed at the new table: its own
     * triggers, policies and foreign keys, foreign keys into it, views and rules
     * ({@code rewrites}, deparsed under the lock before these renames), materialized views
     * ({@code rebuilds}) and publications.
     */
    public static List<String> renames(TableFacts f, Names n, List<String> newIdentitySequences,
                                       List<RewriteDependent> rewrites, List<Routine> routines,
                                       List<PublicationMember> publications, List<String> rebuilds) {
        List<String> out = new ArrayList<>(io.pgswap.shadow.ShadowDdl.restoreAutovacuum(f, n));
        routines.forEach(r -> out.add("DROP ROUTINE " + r.signature()));
        String old = Sql.qualified(f.schema(), n.oldName());
        out.addAll(PartitionSwapSql.detach(f));
        out.add("ALTER TABLE " + f.qualifiedName() + " RENAME TO " + Sql.ident(n.oldName()));
        List<IndexInfo> idx = f.indexes();
        for (int k = 0; k < idx.size(); k++) {
            out.add(renameIndex(f, old, idx.get(k), idx.get(k).isConstraint() ? idx.get(k).constraintName()
                    : idx.get(k).name(), n.oldIndex(k)));
        }
        List<SequenceLink> identity = f.sequences().stream().filter(SequenceLink::identity).toList();
        for (int k = 0; k < identity.size(); k++) {
            out.add("ALTER SEQUENCE " + Sql.qualified(identity.get(k).schema(), identity.get(k).name())
                    + " RENAME TO " + Sql.ident(n.oldSequence(k)));
        }
        out.add("ALTER TABLE " + n.shadow() + " RENAME TO " + Sql.ident(f.name()));
        out.add(io.pgswap.shadow.ShadowDdl.tableComment(f));
        for (int k = 0; k < idx.size(); k++) {
            IndexInfo i = idx.get(k);
            out.add(renameIndex(f, f.qualifiedName(), i, n.shadowIndex(k),
                    i.isConstraint() ? i.constraintName() : i.name()));
        }
        for (int k = 0; k < f.statistics().size(); k++) {
            io.pgswap.catalog.StatisticsInfo s = f.statistics().get(k);
            out.add("ALTER STATISTICS " + s.qualifiedName() + " RENAME TO " + Sql.ident(n.oldStatistics(k)));
            out.add("ALTER STATISTICS " + Sql.qualified(s.schema(), n.shadowStatistics(k)) + " RENAME TO "
                    + Sql.ident(s.name()));
            if (s.comment() != null) {
                out.add("COMMENT ON STATISTICS " + s.qualifiedName() + " IS " + Sql.literal(s.comment()));
            }
        }
        for (int k = 0; k < identity.size() && k < newIdentitySequences.size(); k++) {
            out.add("ALTER SEQUENCE " + newIdentitySequences.get(k) + " RENAME TO " + Sql.ident(identity.get(k).name()));
        }
        out.addAll(triggersAndPolicies(f));
        out.addAll(foreignKeys(f, old));
        out.addAll(rewrites(f, rewrites));
        out.addAll(rebuilds);
        routines.forEach(r -> out.addAll(RebuildSql.recreate(r)));
        out.addAll(publications(f, old, publications));
        out.addAll(PartitionSwapSql.attach(f, n, old));
        out.add("DROP TRIGGER " + Sql.ident(n.captureTrigger()) + " ON " + old);
        out.add("DROP TRIGGER " + Sql.ident(n.truncateTrigger()) + " ON " + old);
        return out;
    }

    /**
     * User triggers and row-level security policies, created on the new table inside the swap
     * (never during the copy, so they do not fire twice), with their enabled state and comments.
     * The trigger definitions name the table, which now is the new one.
     */
    static List<String> triggersAndPolicies(TableFacts f) {
        List<String> out = new ArrayList<>();
        String t = f.qualifiedName();
        for (io.pgswap.catalog.TriggerInfo tr : f.triggers()) {
            out.add(tr.definition());
            String state = switch (tr.enabled()) {
                case 'D' -> "DISABLE TRIGGER ";
                case 'R' -> "ENABLE REPLICA TRIGGER ";
                case 'A' -> "ENABLE ALWAYS TRIGGER ";
                default -> null;
            };
            if (state != null) {
                out.add("ALTER TABLE " + t + " " + state + Sql.ident(tr.name()));
            }
            if (tr.comment() != null) {
                out.add("COMMENT ON TRIGGER " + Sql.ident(tr.name()) + " ON " + t + " IS " + Sql.literal(tr.comment()));
            }
        }
        for (io.pgswap.catalog.PolicyInfo p : f.policies()) {
            StringBuilder sb = new StringBuilder("CREATE POLICY ").append(Sql.ident(p.name())).append(" ON ").append(t)
                    .append(p.permissive() ? " AS PERMISSIVE" : " AS RESTRICTIVE").append(" FOR ").append(p.command())
                    .append(" TO ").append(p.roles().isEmpty() ? "PUBLIC" : Sql.identList(p.roles()));
            if (p.using() != null) {
                sb.append(" USING (").append(p.using()).append(')');
            }
            if (p.withCheck() != null) {
                sb.append(" WITH CHECK (").append(p.withCheck()).append(')');
            }
            out.add(sb.toString());
            if (p.comment() != null) {
                out.add("COMMENT ON POLICY " + Sql.ident(p.name()) + " ON " + t + " IS " + Sql.literal(p.comment()));
            }
        }
        return out;
    }

    /**
     * Foreign keys: the table's own (also self-referencing) are added to the new table, and those
     * to other tables are dropped from the old one; those of other tables are dropped (they point
     * at the old table) and added again pointing at the new one. All added NOT VALID, so nothing
     * is scanned under the lock; the finish validates them. Afterwards no live table is tied to
     * the old one, so dropping it later locks nothing else.
     */
    static List<String> foreignKeys(TableFacts f, String old) {
        List<String> out = new ArrayList<>();
        for (ForeignKey k : f.foreignKeys()) {
            String on = k.qualifiedTable(); // for the table's own keys: its name, now the new table's
            if (k.isIncoming(f.oid())) {
                out.add("ALTER TABLE " + k.alterTarget() + " DROP CONSTRAINT " + Sql.ident(k.name()) + ", "
                        + k.addClause());
            } else {
                out.add("ALTER TABLE " + on + " " + k.addClause());
                if (k.referencedOid() != f.oid()) {
                    // the old table's key would still check (and cascade into) the old rows on every
                    // delete or update in the referenced table
                    out.add("ALTER TABLE " + old + " DROP CONSTRAINT " + Sql.ident(k.name()));
                }
            }
            if (k.comment() != null) {
                out.add("COMMENT ON CONSTRAINT " + Sql.ident(k.name()) + " ON " + on + " IS " + Sql.literal(k.comment()));
            }
        }
        return out;
    }

    /**
     * Views are replaced in place (same OID, so grants, comments, dependent views and INSTEAD OF
     * triggers stay) with their query deparsed before the rename: the table's name in it now
     * resolves to the new table. Rules elsewhere are replaced the same way; rules on the table
     * are created on the new one, with their enabled state and comment.
     */
    static List<String> rewrites(TableFacts f, List<RewriteDependent> rewrites) {
        List<String> out = new ArrayList<>();
        for (RewriteDependent r : rewrites) {
            if (r.isView()) {
                out.add("CREATE OR REPLACE VIEW " + r.qualifiedRelation()
                        + io.pgswap.shadow.ShadowDdl.withOptions(r.options()) + " AS\n" + r.body());
            } else if (r.isRule()) {
                boolean onTable = r.relationOid() == f.oid();
                String body = r.body();
                out.add(onTable ? body : body.replaceFirst("^CREATE RULE ", "CREATE OR REPLACE RULE "));
                String state = switch (r.enabled()) {
                    case 'D' -> "DISABLE RULE ";
                    case 'R' -> "ENABLE REPLICA RULE ";
                    case 'A' -> "ENABLE ALWAYS RULE ";
                    default -> null;
                };
                String on = onTable ? f.qualifiedName() : r.qualifiedRelation();
                if (state != null && r.relkind() == 'r') {
                    out.add("ALTER TABLE " + on + " " + state + Sql.ident(r.rule()));
                }
                if (onTable && r.comment() != null) {
                    out.add("COMMENT ON RULE " + Sql.ident(r.rule()) + " ON " + on + " IS " + Sql.literal(r.comment()));
                }
            }
        }
        return out;
    }

    /** Explicit publication membership moves from the old table to the new one, filters included. */
    static List<String> publications(TableFacts f, String old, List<PublicationMember> publications) {
        List<String> out = new ArrayList<>();
        for (PublicationMember p : publications) {
            out.add("ALTER PUBLICATION " + Sql.ident(p.publication()) + " DROP TABLE ONLY " + old);
            out.add("ALTER PUBLICATION " + Sql.ident(p.publication()) + " ADD TABLE ONLY " + f.qualifiedName()
                    + (p.columns().isEmpty() ? "" : " (" + Sql.identList(p.columns()) + ")")
                    + (p.rowFilter() == null ? "" : " WHERE (" + p.rowFilter() + ")"));
        }
        return out;
    }

    /**
     * The foreign keys the finish validates, as recorded in the state row: "OID/name", where OID
     * 0 stands for the migrated table itself (its new OID is not known before the swap).
     */
    public static List<String> keysToValidate(TableFacts f) {
        return f.foreignKeys().stream().filter(ForeignKey::needsValidation)
                .map(k -> (k.isIncoming(f.oid()) ? k.tableOid() : 0) + "/" + k.name()).toList();
    }

    private static String renameIndex(TableFacts f, String table, IndexInfo i, String from, String to) {
        if (i.isConstraint()) {
            // renames the constraint and its index together
            return "ALTER TABLE " + table + " RENAME CONSTRAINT " + Sql.ident(from) + " TO " + Sql.ident(to);
        }
        return "ALTER INDEX " + Sql.qualified(f.schema(), from) + " RENAME TO " + Sql.ident(to);
    }

    /** After the swap: the helper objects, the old table stays. */
    public static List<String> dropHelpers(Names n) {
        return Capture.drop(null, n);
    }
}
