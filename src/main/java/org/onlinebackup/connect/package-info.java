/**
 * Connections to the MariaDB server: addresses, in-memory credentials, session settings, error classification.
 * Invariant: a password lives only in {@link org.onlinebackup.connect.Credentials}, never in a job parameter.
 */
package org.onlinebackup.connect;
