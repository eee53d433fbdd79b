/**
 * The repository: where this tool keeps its own bookkeeping (JBeret's job repository, WL#4116's history and progress,
 * the restore ledger, the schedule claims, who holds each server's operation lock), never on the server being backed
 * up. An embedded SQLite file by default, or a MariaDB database the user names, shared by several hosts or an
 * application server. Knows JDBC, not JBeret.
 */
package org.onlinebackup.repository;
