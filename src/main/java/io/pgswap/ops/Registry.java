package io.pgswap.ops;

import java.util.List;
import java.util.Optional;

/** Every operation pgswap knows, in the order --help lists them. Adding one is one line here. */
public final class Registry {
    public static final List<Operation<?>> ALL = List.of(
            new AddNotNull(),
            new Repack(),
            new AddCheck(),
            new AddColumn(),
            new AddForeignKey(),
            new AddIndex(),
            new AddUnique(),
            new AddPrimaryKey(),
            new Reindex(),
            new Alter());

    private Registry() {
    }

    public static Optional<Operation<?>> find(String name) {
        return ALL.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
