/**
 * WL#4116's history and progress tables, kept in the repository (and, asked, on the server operated on too):
 * {@code backup_history} (one row per operation, updated as it goes) and {@code backup_progress} (rows only added),
 * mapped with Hibernate, created and upgraded by {@link org.onlinebackup.history.HistorySchema} (version recorded in
 * {@code history_schema_version}). {@link org.onlinebackup.history.Recorder} is the report API the job listeners call.
 * Invariants: nothing here knows about JBeret; no password or key is ever written to these tables.
 */
package org.onlinebackup.history;
