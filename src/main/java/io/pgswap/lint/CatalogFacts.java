package io.pgswap.lint;

import io.pgswap.lint.model.RelationName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link TableFacts} read from a live database, one small catalog query per name (cached). Names
 * are resolved the way the migration's statements would resolve them: through the session's
 * search_path, by {@code to_regclass}, which returns NULL instead of failing for a missing table.
 * Only reads the catalog; the caller's connection should be READ ONLY.
 */
public final class CatalogFacts implements TableFacts {
    private static final String SIZE = """
            SELECT pg_total_relation_size(c.oid)
            FROM pg_catalog.pg_class c
            WHERE c.oid = to_regclass(?)
            """;
    private static final String COLUMN_TYPE = """
            SELECT format_type(a.atttypid, a.atttypmod)
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = to_regclass(?)
              AND a.attname = ?
              AND a.attnum > 0
              AND NOT a.attisdropped
            """;
    private static final String TABLE_OF_INDEX = """
            SELECT n.nspname, t.relname
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
            WHERE i.indexrelid = to_regclass(?)
            """;
    private static final String VERSION = """
            SELECT current_setting('server_version_num')::int, current_setting('server_version')
            """;

    private final Connection connection;
    private final Map<String, OptionalLong> sizes = new HashMap<>();
    private final Map<String, Optional<String>> types = new HashMap<>();
    private final Map<String, Optional<RelationName>> indexTables = new HashMap<>();

    public CatalogFacts(Connection connection) {
        this.connection = connection;
    }

    /** The server's major version (e.g. 17) and its version text (e.g. "17.6"). */
    public record ServerVersion(int major, String text) {
    }

    public ServerVersion serverVersion() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(VERSION); ResultSet rs = ps.executeQuery()) {
            rs.next();
            String text = rs.getString(2);
            int space = text.indexOf(' ');
            return new ServerVersion(rs.getInt(1) / 10000, space < 0 ? text : text.substring(0, space));
        }
    }

    @Override
    public OptionalLong sizeBytes(RelationName table) {
        return sizes.computeIfAbsent(table.sql(), name -> {
            try (PreparedStatement ps = connection.prepareStatement(SIZE)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the size of " + table.display() + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public Optional<String> columnType(RelationName table, String column) {
        return types.computeIfAbsent(table.sql() + "." + column, key -> {
            try (PreparedStatement ps = connection.prepareStatement(COLUMN_TYPE)) {
                ps.setString(1, table.sql());
                ps.setString(2, column);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the type of " + table.display() + "." + column + ": "
                        + e.getMessage(), e);
            }
        });
    }

    @Override
    public Optional<RelationName> tableOfIndex(RelationName index) {
        return indexTables.computeIfAbsent(index.sql(), name -> {
            try (PreparedStatement ps = connection.prepareStatement(TABLE_OF_INDEX)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new RelationName(rs.getString(1), rs.getString(2))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the table of index " + index.display() + ": "
                        + e.getMessage(), e);
            }
        });
    }
}
