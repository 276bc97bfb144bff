package io.pgswap.catalog;

import java.util.List;

/**
 * A function or procedure tied to the table's row type: it takes or returns it (pagila's
 * {@code rewards_report ... RETURNS SETOF customer}), or its SQL-standard body reads the table.
 * PostgreSQL records it by the type's OID, which a rename swap does not carry over, so the swap
 * drops it before the renames and creates it again from {@code definition} (deparsed under the
 * lock, before the renames) afterwards: the table's name in it then resolves to the new table.
 * Its owner, privileges and comment are restored. {@code problem} is null when it can be carried
 * over that way, else why not (something depends on it, it belongs to an extension, ...).
 *
 * @param signature        {@code oid::regprocedure} text, for DROP, ALTER, GRANT and COMMENT
 * @param hasAcl           whether it has an ACL of its own (else the default one applies)
 * @param grants           its ACL, the default one when none was set
 * @param defaultPrivileges whether default privileges (ALTER DEFAULT PRIVILEGES) of pgswap's role
 *                         apply to a routine it creates in that schema
 * @param defaultGrantees  the roles those give privileges to: revoked again, so the ACL is the old one
 */
public record Routine(long oid, String signature, String owner, String definition, boolean hasAcl,
                      List<Grant> grants, boolean defaultPrivileges, List<String> defaultGrantees, String comment,
                      String problem) {
    /** The same routine with its privileges. */
    public Routine withGrants(List<Grant> acl) {
        return new Routine(oid, signature, owner, definition, hasAcl, List.copyOf(acl), defaultPrivileges,
                defaultGrantees, comment, problem);
    }

    public String target() {
        return "ROUTINE " + signature;
    }

    @Override
    public String toString() {
        return "routine " + signature;
    }
}
