package org.onlinebackup.catalogue;

/**
 * The session a view or stored program was created in, as the server recorded it: {@code sql_mode} (how its text
 * is parsed and run), the client character set and connection collation (how its literals are read), the
 * database's collation at the time, and for events the time zone of their schedule. A restore creates the object
 * in the same session settings. Fields the kind does not record are null.
 */
public record DefinitionContext(String sqlMode, String characterSetClient, String collationConnection,
                                String databaseCollation, String timeZone) {
}
