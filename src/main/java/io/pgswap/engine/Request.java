package io.pgswap.engine;

import io.pgswap.core.Target;
import io.pgswap.ops.Operation;

/** What was asked: an operation and its arguments. */
public record Request<A extends Record>(Operation<A> operation, A args) {
    public Target target() {
        return operation.target(args);
    }

    public String describe() {
        return operation.describe(args);
    }

    public static <A extends Record> Request<A> of(Operation<A> operation, A args) {
        return new Request<>(operation, args);
    }
}
