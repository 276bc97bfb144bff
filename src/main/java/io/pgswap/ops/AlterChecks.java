package io.pgswap.ops;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.SequenceLink;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Probe;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.ops.AlterSubcommands.Subcommand;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The checks of pgswap alter that concern the swap itself: the key, the sequences, USING in the copy. */
final class AlterChecks {
    private static final Map<String, BigInteger> INTEGER_MAX = Map.of("smallint", BigInteger.valueOf(Short.MAX_VALUE),
            "integer", BigInteger.valueOf(Integer.MAX_VALUE), "bigint", BigInteger.valueOf(Long.MAX_VALUE));

    private AlterChecks() {
    }

    /**
     * The key the log records must survive the change, and its new values must be what the replay
     * computes from a logged (old) key value: the old value cast to the new type. A USING on a
     * key column is accepted only when it is that cast.
     */
    static void key(TableFacts f, List<Subcommand> subs, AlterProbe.Analysis a, Probe server) throws SQLException {
        if (f.key().isEmpty()) {
            return;
        }
        for (Column k : f.keyColumns()) {
            if (a.dropped().contains(k.name())) {
                throw PgSwapException.refused("the subcommands drop " + k.name() + ", a column of the key "
                        + f.key().get().name() + " by which pgswap replays concurrent changes; pgswap alter cannot "
                        + "drop it. Nothing was changed");
            }
            for (Subcommand s : subs) {
                if (s.column() == null || !s.column().equals(k.name()) || s.using() == null) {
                    continue;
                }
                String type = a.retyped().getOrDefault(k.name(), k.type());
                if (!plainCast(s.using(), k.name(), type, server)) {
                    throw PgSwapException.refused(s.label() + ": the USING expression of key column " + k.name()
                            + " is not a plain cast to " + type + ". The change log records the old key values of "
                            + "rows written during the copy, and the replay finds their new rows by casting those "
                            + "values to the new type, which an expression over the row's columns cannot do. Drop "
                            + "the USING (or make it " + Sql.ident(k.name()) + "::" + type + "), or change the key "
                            + "in a quiet moment with a plain ALTER TABLE. Nothing was changed");
                }
            }
        }
    }

    /** {@code col}, {@code col::T} or {@code CAST(col AS T)}, T being {@code type} as the server spells it. */
    static boolean plainCast(String using, String column, String type, Probe server) throws SQLException {
        String castTo = castTarget(using, column);
        if (castTo == null) {
            return false;
        }
        if (castTo.isEmpty()) {
            return true;
        }
        String spelled = server.scratch(tx -> {
            try {
                Tx.execute(tx, List.of("CREATE TEMP TABLE pgswap_cast_probe (c " + castTo + ") ON COMMIT DROP"));
                return Rows.string(tx, Statement.of("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                        + "WHERE attrelid = 'pg_temp.pgswap_cast_probe'::regclass AND attname = 'c'"));
            } catch (SQLException e) {
                return null;
            }
        });
        return type.equals(spelled);
    }

    /**
     * The type text of {@code col::T} or {@code CAST(col AS T)}, "" for the bare column, null for
     * anything else (outer parentheses are ignored).
     */
    static String castTarget(String using, String column) {
        String s = using.strip();
        while (s.startsWith("(") && s.endsWith(")") && balanced(s.substring(1, s.length() - 1))) {
            s = s.substring(1, s.length() - 1).strip();
        }
        List<SqlTokens.Token> t = SqlTokens.tokenize(s);
        if (t.isEmpty()) {
            return null;
        }
        if (isColumn(t.get(0), column)) {
            if (t.size() == 1) {
                return "";
            }
            if (t.size() > 3 && t.get(1).text().equals(":") && t.get(2).text().equals(":")
                    && t.subList(3, t.size()).stream().noneMatch(x -> x.text().equals(":"))) {
                return s.substring(t.get(3).start()).strip();
            }
            return null;
        }
        if (t.size() >= 6 && "cast".equals(t.get(0).value()) && t.get(1).text().equals("(") && isColumn(t.get(2), column)
                && "as".equals(t.get(3).value()) && t.get(t.size() - 1).text().equals(")")
                && t.get(t.size() - 1).depth() == 0) {
            return s.substring(t.get(4).start(), t.get(t.size() - 1).start()).strip();
        }
        return null;
    }

    private static boolean isColumn(SqlTokens.Token t, String column) {
        return (t.kind() == SqlTokens.Kind.WORD || t.kind() == SqlTokens.Kind.QUOTED) && column.equals(t.value());
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (SqlTokens.Token t : SqlTokens.tokenize(s)) {
            if (t.text().equals("(")) {
                depth++;
            } else if (t.text().equals(")") && --depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    /** A sequence whose column gets a narrower integer type must not be past the new type's limit already. */
    static void sequences(TableFacts f, AlterProbe.Analysis a, Probe server) throws SQLException {
        for (SequenceLink s : f.sequences()) {
            String type = a.retyped().get(s.column());
            BigInteger max = type == null ? null : INTEGER_MAX.get(type);
            if (max == null || !INTEGER_MAX.containsKey(s.dataType()) || max.compareTo(INTEGER_MAX.get(s.dataType())) >= 0) {
                continue;
            }
            String last = Rows.string(server.readOnly(), Statement.of("SELECT last_value::text FROM "
                    + Sql.qualified(s.schema(), s.name())));
            if (new BigInteger(last).compareTo(max) > 0) {
                throw PgSwapException.refused("sequence " + s.name() + " of column " + s.column() + " is at " + last
                        + ", beyond what " + type + " holds (" + max + "); the column cannot become " + type
                        + ". Nothing was changed");
            }
        }
    }

    /**
     * SET NOT NULL on a column that has NULLs fails, and by swap only after the whole copy: refused
     * now, with the command that fills them. A column the request also retypes with a USING (which
     * may fill them) or adds is left to the copy.
     */
    static void nulls(TableFacts f, List<Subcommand> subs, Probe server) throws SQLException {
        for (Subcommand s : subs) {
            if (s.kind() != AlterSubcommands.Kind.SET_NOT_NULL || f.column(s.column()).isEmpty()
                    || subs.stream().anyMatch(o -> s.column().equals(o.column()) && o.using() != null)) {
                continue;
            }
            String where = " FROM ONLY " + f.qualifiedName() + " WHERE " + Sql.ident(s.column()) + " IS NULL";
            if (Rows.bool(server.readOnly(), Statement.of("SELECT EXISTS (SELECT 1" + where + ")"))) {
                throw PgSwapException.refused(s.label() + ": column " + s.column() + " of " + f.displayName()
                        + " contains NULLs (SELECT *" + where + "), so SET NOT NULL would fail. Fill them first: "
                        + "pgswap add-not-null " + f.displayName() + "." + QualifiedName.format(s.column())
                        + " --fill VALUE replaces them and sets NOT NULL without a long lock. Nothing was changed");
            }
        }
    }

    /**
     * USING expressions run in pgswap's copy and replay, where the row is {@code o} and the replay
     * also joins its key table {@code k}: the server checks them in that shape (read only).
     */
    static void usingInCopy(TableFacts f, List<Subcommand> subs, Probe server) throws SQLException {
        List<String> keys = new ArrayList<>();
        if (f.key().isPresent()) {
            List<Column> key = f.keyColumns();
            for (int i = 0; i < key.size(); i++) {
                keys.add("CAST(NULL AS " + key.get(i).type() + ") AS " + Sql.ident(io.pgswap.core.Names.logKeyColumn(i)));
            }
        }
        for (Subcommand s : subs) {
            if (s.using() == null) {
                continue;
            }
            String sql = "SELECT (" + s.using() + ") FROM ONLY " + f.qualifiedName() + " o"
                    + (keys.isEmpty() ? "" : " JOIN (SELECT " + String.join(", ", keys) + ") k ON false") + " LIMIT 0";
            try {
                Rows.list(server.readOnly(), Statement.of(sql), rs -> null);
            } catch (SQLException e) {
                throw AlterProbe.invalid(f, s.label() + ": the USING expression cannot run in pgswap's copy and replay "
                        + "(the row is read as o, next to the replay's key columns k1, k2, ...)", e);
            }
        }
    }
}
