package io.pgswap.catalog;

/** One privilege from the table's (or a column's) ACL. {@code grantee} null means PUBLIC. */
public record Grant(String grantee, String privilege, boolean grantable, String column) {
}
