package io.pgswap.db;

import io.pgswap.sql.Statement;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Runs a query and maps its rows: the read side of every catalog and state lookup. */
public final class Rows {
    @FunctionalInterface
    public interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Rows() {
    }

    public static <T> List<T> list(Connection c, Statement q, Mapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
        }
        return out;
    }

    public static <T> Optional<T> first(Connection c, Statement q, Mapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        }
    }

    public static boolean bool(Connection c, Statement q) throws SQLException {
        return first(c, q, rs -> rs.getBoolean(1)).orElse(false);
    }

    /** The first column of the first row, or null when there is no row or it is NULL. */
    public static Long longValue(Connection c, Statement q) throws SQLException {
        return first(c, q, rs -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        }).orElse(null);
    }

    public static String string(Connection c, Statement q) throws SQLException {
        return first(c, q, rs -> rs.getString(1)).orElse(null);
    }

    public static List<String> strings(Connection c, Statement q) throws SQLException {
        return list(c, q, rs -> rs.getString(1));
    }

    /** Whether a relation with this (quoted, qualified) name exists now. */
    public static boolean relationExists(Connection c, String qualifiedName) throws SQLException {
        return bool(c, Statement.of("SELECT to_regclass(?) IS NOT NULL", qualifiedName));
    }

    /** A text[] column as a list (empty for NULL). */
    public static List<String> strings(Array a) throws SQLException {
        if (a == null) {
            return List.of();
        }
        return List.copyOf(Arrays.asList((String[]) a.getArray()));
    }

    public static int update(Connection c, Statement s) throws SQLException {
        try (PreparedStatement ps = s.prepare(c)) {
            return ps.executeUpdate();
        }
    }
}
