/**
 * What an operation locks on the server, each on a connection of its own: the one-operation-per-server user lock
 * ({@link org.onlinebackup.lock.OperationLock}), the DDL blocker held for the whole operation
 * ({@link org.onlinebackup.lock.DdlBlocker}), the commit blocker held for the milliseconds of the validity point
 * ({@link org.onlinebackup.lock.CommitBlocker}), and WL#3324's breakpoints.
 * Invariants: no snapshot connection ever runs BACKUP STAGE (BACKUP STAGE END would end its snapshot); a statement
 * queued behind the backup lock holds nothing, so the locks never wait for it.
 */
package org.onlinebackup.lock;
