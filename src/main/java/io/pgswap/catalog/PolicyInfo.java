package io.pgswap.catalog;

import java.util.List;

/** A row-level security policy; {@code roles} empty means PUBLIC. */
public record PolicyInfo(String name, boolean permissive, String command, List<String> roles, String using,
                         String withCheck, String comment) {
}
