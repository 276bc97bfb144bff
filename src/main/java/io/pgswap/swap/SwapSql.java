package io.pgswap.swap;

import io.pgswap.capture.Capture;
import io.pgswap.catalog.ForeignKey;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.SequenceLink;
import io.pgswap.catalog.TableFacts;
import io.pgswap.plan.Names;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/** Statement text of the swap transaction. */
public final class SwapSql {
    private SwapSql() {
    }

    /**
     * Both tables, in a fixed order. The shadow comes first: only pgswap (and autovacuum, which
     * is kept off it) uses it, so waiting for it blocks nobody, whereas waiting while already
     * holding the original would stall every query on the original.
     */
    public static List<String> lock(TableFacts f, Names n) {
        List<String> out = new ArrayList<>();
        out.add("LOCK TABLE ONLY " + n.shadow() + " IN ACCESS EXCLUSIVE MODE");
        // tables the foreign keys reference, before the original: re-adding a key needs SHARE ROW
        // EXCLUSIVE on them, and taking it while holding the original would stall its readers
        List<String> referenced = f.foreignKeys().stream().map(ForeignKey::referenced).distinct().sorted().toList();
        if (!referenced.isEmpty()) {
            out.add("LOCK TABLE " + String.join(", ", referenced.stream().map(t -> "ONLY " + t).toList())
                    + " IN SHARE ROW EXCLUSIVE MODE");
        }
        out.add("LOCK TABLE ONLY " + f.qualifiedName() + " IN ACCESS EXCLUSIVE MODE");
        return out;
    }

    /**
     * After the swap: the foreign keys that were valid on the old table (kept until the finish)
     * and are NOT VALID on the new one. Parameters: the old table, the new table.
     */
    public static String foreignKeysToValidate() {
        return """
                SELECT o.conname
                FROM pg_constraint o
                JOIN pg_constraint n ON n.conname = o.conname AND n.contype = 'f' AND NOT n.convalidated
                WHERE o.contype = 'f' AND o.convalidated
                  AND o.conrelid = to_regclass(?) AND n.conrelid = to_regclass(?)
                ORDER BY o.conname""";
    }

    public static String validate(TableFacts f, String constraint) {
        return "ALTER TABLE " + f.qualifiedName() + " VALIDATE CONSTRAINT " + Sql.ident(constraint);
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

    /** Serial sequences follow the column to the new table, so dropping the old table keeps them. */
    public static List<String> sequenceOwnership(TableFacts f, Names n) {
        List<String> out = new ArrayList<>();
        for (SequenceLink s : f.sequences()) {
            if (!s.identity()) {
                out.add("ALTER SEQUENCE " + Sql.qualified(s.schema(), s.name()) + " OWNED BY " + n.shadow() + "."
                        + Sql.ident(s.column()));
            }
        }
        return out;
    }

    /** The new identity sequence continues from the old one's state. Parameter: the new sequence. */
    public static String continueIdentity(SequenceLink old) {
        return "SELECT setval(CAST(? AS regclass), s.last_value, s.is_called) FROM "
                + Sql.qualified(old.schema(), old.name()) + " s";
    }

    public static String identitySequenceOf() {
        return "SELECT pg_get_serial_sequence(?, ?)";
    }

    /**
     * Renames: the original and its indexes/constraints/identity sequences move aside, the shadow
     * and its copies take their names. {@code newIdentitySequences} are the shadow's identity
     * sequences (qualified, quoted) in the order of {@code f.sequences()}'s identity entries.
     */
    public static List<String> renames(TableFacts f, Names n, List<String> newIdentitySequences) {
        List<String> out = new ArrayList<>(io.pgswap.shadow.ShadowDdl.restoreAutovacuum(f, n));
        String old = Sql.qualified(f.schema(), n.oldName());
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
        for (int k = 0; k < idx.size(); k++) {
            IndexInfo i = idx.get(k);
            out.add(renameIndex(f, f.qualifiedName(), i, n.shadowIndex(k),
                    i.isConstraint() ? i.constraintName() : i.name()));
        }
        for (int k = 0; k < identity.size() && k < newIdentitySequences.size(); k++) {
            out.add("ALTER SEQUENCE " + newIdentitySequences.get(k) + " RENAME TO " + Sql.ident(identity.get(k).name()));
        }
        out.addAll(triggersAndPolicies(f));
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
        for (ForeignKey k : f.foreignKeys()) {
            out.add("ALTER TABLE " + t + " ADD CONSTRAINT " + Sql.ident(k.name()) + " " + k.definition() + " NOT VALID");
            if (k.comment() != null) {
                out.add("COMMENT ON CONSTRAINT " + Sql.ident(k.name()) + " ON " + t + " IS " + Sql.literal(k.comment()));
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
