package io.pgswap.catalog;

/**
 * One privilege from the table's (or a column's) ACL. {@code grantee} null means PUBLIC;
 * {@code grantor} is who granted it (the owner, or a role holding the grant option).
 */
public record Grant(String grantee, String privilege, boolean grantable, String column, String grantor) {
    /** A grant made by the owner. */
    public Grant(String grantee, String privilege, boolean grantable, String column) {
        this(grantee, privilege, grantable, column, null);
    }
}
