/**
 * Locks and the validity point. For now the validity point of one consistent snapshot; the DDL blocker, the commit
 * blocker and the per-server lock strategy come here.
 */
package org.onlinebackup.lock;
