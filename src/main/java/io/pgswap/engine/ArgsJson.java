package io.pgswap.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.ops.Operation;
import io.pgswap.ops.Registry;
import io.pgswap.state.MigrationRecord;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An operation's arguments as the JSON the state row stores. Every arguments record names its
 * table {@code table}; two requests are the same when everything but the table (matched by OID)
 * is equal. Unknown fields are ignored and missing ones read as null, so arguments written by an
 * older or newer pgswap still read.
 */
final class ArgsJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ArgsJson() {
    }

    static String write(Object args) {
        try {
            return JSON.writeValueAsString(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the stored migration is the same request (operation and arguments, the table aside). */
    static boolean same(MigrationRecord m, Request<?> r) {
        if (!m.operation().equals(r.operation().name())) {
            return false;
        }
        try {
            JsonNode stored = JSON.readTree(m.args() == null ? "{}" : m.args());
            JsonNode asked = JSON.valueToTree(r.args());
            return withoutTable(stored).equals(withoutTable(asked));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether two stored migrations of partitions are the same request of one series: operation and
     * arguments alike but for the table and the name each partition's index or constraint got.
     */
    static boolean sameSeries(MigrationRecord a, MigrationRecord b) {
        if (!a.operation().equals(b.operation())) {
            return false;
        }
        try {
            ObjectNode x = (ObjectNode) withoutTable(JSON.readTree(a.args() == null ? "{}" : a.args()));
            ObjectNode y = (ObjectNode) withoutTable(JSON.readTree(b.args() == null ? "{}" : b.args()));
            x.remove("name");
            y.remove("name");
            return x.equals(y);
        } catch (IOException | ClassCastException e) {
            return false;
        }
    }

    private static JsonNode withoutTable(JsonNode n) {
        ObjectNode copy = n.deepCopy();
        copy.remove("table");
        copy.remove("settled");
        // a field that is null and a field that is missing mean the same
        copy.properties().removeIf(e -> e.getValue().isNull());
        return copy;
    }

    /** The request a stored migration was started with, its table as recorded. */
    static Request<?> request(MigrationRecord m) {
        Operation<?> op = Registry.find(m.operation()).orElseThrow(() -> new PgSwapException(ExitCode.FAILED,
                "migration #" + m.id() + " is a '" + m.operation() + "', which this pgswap does not know; "
                        + "use the pgswap version that started it, or 'pgswap abort'"));
        return read(op, m);
    }

    /** The arguments a stored migration of {@code op} was started with (settled ones included). */
    static <A extends Record> Request<A> read(Operation<A> op, MigrationRecord m) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(m.args() == null ? "{}" : m.args());
            ObjectNode table = JSON.createObjectNode();
            table.put("schema", m.schema());
            table.put("table", m.table());
            tree.set("table", table);
            return Request.of(op, JSON.treeToValue(tree, op.argsType()));
        } catch (IOException | ClassCastException e) {
            throw new PgSwapException(ExitCode.FAILED, "cannot read the arguments of migration #" + m.id() + " ("
                    + m.args() + "): " + e.getMessage(), e, null);
        }
    }
}
