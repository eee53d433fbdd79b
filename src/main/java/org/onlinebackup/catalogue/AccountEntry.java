package org.onlinebackup.catalogue;

import java.util.List;

/**
 * A user account or a role that holds privileges on the databases of the catalogue: its CREATE USER (or CREATE
 * ROLE) statement, and the statements that give it those privileges and roles ({@code GRANT ... ON db...},
 * {@code GRANT role TO ...}, {@code SET DEFAULT ROLE ...}). A role has an empty host.
 */
public record AccountEntry(String user, String host, boolean role, String createStatement, List<String> grants)
        implements CatalogueEntry {

    public AccountEntry {
        grants = List.copyOf(grants);
    }

    @Override
    public ObjectKind kind() {
        return role ? ObjectKind.ROLE : ObjectKind.USER;
    }

    @Override
    public String name() {
        return role ? user : user + "@" + host;
    }

    /** The account as SQL writes it: {@code `u`@`h`}, or {@code `r`} for a role. */
    public String quoted() {
        return role ? Identifiers.quote(user) : Identifiers.quote(user) + "@" + Identifiers.quote(host);
    }
}
