package io.pgswap.plan;

import io.pgswap.catalog.LockLevel;

/** One lock a step takes: on which relation (quoted, qualified) and in which mode. */
public record LockUse(String relation, LockLevel level) {
    @Override
    public String toString() {
        return level.mode() + " on " + relation;
    }
}
