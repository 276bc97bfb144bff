package io.pgswap.lint;

import io.pgswap.lint.model.RelationName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link TableFacts} read from a live database, one small catalog query per name (cached). Names
 * are resolved the way the migration's statements would resolve them: through the session's
 * search_path, by {@code to_regclass}, which returns NULL instead of failing for a missing table,
 * or, after the file's own {@code SET search_path}, through the schemas it names, in order.
 * Only reads the catalog.
 */
public final class CatalogFacts implements TableFacts {
    /** A partitioned table's size is its partitions' (it has no storage of its own). */
    private static final String SIZE = """
            SELECT CASE WHEN c.relkind = 'p'
                        THEN (SELECT coalesce(sum(pg_catalog.pg_total_relation_size(t.relid)), 0)::bigint
                              FROM pg_catalog.pg_partition_tree(c.oid) t)
                        ELSE pg_catalog.pg_total_relation_size(c.oid) END
            FROM pg_catalog.pg_class c
            WHERE c.oid = to_regclass(?)
            """;
    /** The relation an unqualified name means under a search_path given as a list of schema names. */
    private static final String RESOLVE = """
            SELECT format('%I.%I', n.nspname, c.relname)
            FROM unnest(?::text[]) WITH ORDINALITY AS s(nsp, ord)
            JOIN pg_catalog.pg_namespace n ON n.nspname = CASE s.nsp WHEN '$user' THEN current_user ELSE s.nsp END
            JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = ?
            ORDER BY s.ord LIMIT 1
            """;
    private static final String COLUMN_TYPE = """
            SELECT format_type(a.atttypid, a.atttypmod)
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = to_regclass(?)
              AND a.attname = ?
              AND a.attnum > 0
              AND NOT a.attisdropped
            """;
    private static final String COLUMN_COLLATION = """
            SELECT co.collname
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
            WHERE a.attrelid = to_regclass(?)
              AND a.attname = ?
              AND a.attnum > 0
              AND NOT a.attisdropped
            """;
    private static final String CONSTRAINT_EXISTS = """
            SELECT EXISTS (SELECT FROM pg_catalog.pg_constraint k
                           JOIN pg_catalog.pg_class c ON c.oid = to_regclass(?)
                           WHERE k.connamespace = c.relnamespace AND k.conname = ?
                             AND NOT (? AND k.conrelid = c.oid))
            """;
    /** Index dependencies on an expression's or a predicate's columns are in pg_depend, key columns in indkey. */
    private static final String INDEXES_ON_COLUMN = """
            SELECT ic.relname, i.indexprs IS NULL AND i.indpred IS NULL AND i.indisvalid
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_index i ON i.indrelid = a.attrelid
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            WHERE a.attrelid = to_regclass(?)
              AND a.attname = ?
              AND a.attnum > 0
              AND NOT a.attisdropped
              AND (a.attnum = ANY (i.indkey::smallint[])
                   OR EXISTS (SELECT FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = i.indexrelid
                                AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = a.attrelid
                                AND d.refobjsubid = a.attnum))
            ORDER BY ic.relname
            """;
    private static final String TABLE_OF_INDEX = """
            SELECT n.nspname, t.relname
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
            WHERE i.indexrelid = to_regclass(?)
            """;
    private static final String NULLABLE_INDEX_COLUMNS = """
            SELECT a.attname
            FROM pg_catalog.pg_index i
            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indexrelid = to_regclass(?) AND NOT a.attnotnull
            ORDER BY k.n
            """;
    private static final String VERSION = """
            SELECT current_setting('server_version_num')::int, current_setting('server_version')
            """;

    private final Connection connection;
    private final Map<String, OptionalLong> sizes = new HashMap<>();
    private final Map<String, Optional<String>> types = new HashMap<>();
    private final Map<String, Optional<RelationName>> indexTables = new HashMap<>();
    private List<String> searchPath;

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
    public boolean knowsTables() {
        return true;
    }

    @Override
    public void searchPath(String value) {
        List<String> now = value == null ? null : schemas(value);
        if (!java.util.Objects.equals(now, searchPath)) {
            searchPath = now;
            sizes.clear();
            types.clear();
            indexTables.clear();
        }
    }

    /** The schema names of a search_path value as written: comma-separated, quoted or bare (folded). */
    static List<String> schemas(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (quoted) {
                if (ch == quote && i + 1 < value.length() && value.charAt(i + 1) == quote) {
                    cur.append(ch);
                    i++;
                } else if (ch == quote) {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quoted = true;
                quote = ch;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (!Character.isWhitespace(ch)) {
                cur.append(Character.toLowerCase(ch));
            }
        }
        out.add(cur.toString());
        out.removeIf(String::isEmpty);
        if (!out.contains("pg_catalog")) {
            out.add(0, "pg_catalog"); // searched first unless the path places it
        }
        return out;
    }

    /** The name as to_regclass should read it: qualified through the file's search_path when it set one. */
    private String regclassText(RelationName table) {
        if (table.schema() != null || searchPath == null) {
            return table.sql();
        }
        try (PreparedStatement ps = connection.prepareStatement(RESOLVE)) {
            ps.setArray(1, connection.createArrayOf("text", searchPath.toArray()));
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : table.sql();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot resolve " + table.display() + " through search_path "
                    + String.join(", ", searchPath) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> schemaOf(RelationName table) {
        if (table.schema() != null) {
            return Optional.of(table.schema());
        }
        List<String> path = searchPath != null ? searchPath : List.of("pg_catalog", "$user", "public");
        try (PreparedStatement ps = connection.prepareStatement(RESOLVE.replace("format('%I.%I', n.nspname, c.relname)",
                "n.nspname"))) {
            ps.setArray(1, connection.createArrayOf("text", path.toArray()));
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot resolve " + table.display() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong sizeBytes(RelationName table) {
        return sizes.computeIfAbsent(regclassText(table), name -> {
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
        String name = regclassText(table);
        return types.computeIfAbsent(name + "." + column, key -> {
            try (PreparedStatement ps = connection.prepareStatement(COLUMN_TYPE)) {
                ps.setString(1, name);
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
    public Optional<String> columnCollation(RelationName table, String column) {
        String name = regclassText(table);
        try (PreparedStatement ps = connection.prepareStatement(COLUMN_COLLATION)) {
            ps.setString(1, name);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the collation of " + table.display() + "." + column + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<IndexUse> indexesOnColumn(RelationName table, String column) {
        String name = regclassText(table);
        try (PreparedStatement ps = connection.prepareStatement(INDEXES_ON_COLUMN)) {
            ps.setString(1, name);
            ps.setString(2, column);
            List<IndexUse> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IndexUse(rs.getString(1), rs.getBoolean(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the indexes on " + table.display() + "." + column + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean constraintExists(RelationName table, String name) {
        return constraintExists(table, name, false);
    }

    @Override
    public List<String> notNullChecks(RelationName table, String column) {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT k.conname FROM pg_catalog.pg_constraint k
                WHERE k.conrelid = to_regclass(?) AND k.contype = 'c' AND k.convalidated
                  AND pg_catalog.pg_get_constraintdef(k.oid) = format('CHECK ((%I IS NOT NULL))', ?::text)
                ORDER BY 1""")) {
            ps.setString(1, regclassText(table));
            ps.setString(2, column);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the constraints of " + table.display() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean constraintExistsElsewhere(RelationName table, String name) {
        return constraintExists(table, name, true);
    }

    private boolean constraintExists(RelationName table, String name, boolean notItsOwn) {
        try (PreparedStatement ps = connection.prepareStatement(CONSTRAINT_EXISTS)) {
            ps.setString(1, regclassText(table));
            ps.setString(2, name);
            ps.setBoolean(3, notItsOwn);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the constraints of " + table.display() + "'s schema: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<List<String>> nullableIndexColumns(RelationName index) {
        String name = regclassText(index);
        if (tableOfIndex(index).isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = connection.prepareStatement(NULLABLE_INDEX_COLUMNS)) {
            ps.setString(1, name);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return Optional.of(out);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the columns of index " + index.display() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<RelationName> tableOfIndex(RelationName index) {
        return indexTables.computeIfAbsent(regclassText(index), name -> {
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
