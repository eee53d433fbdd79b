/**
 * What the backup and restore jobs share: parameter names, the per-execution {@link org.onlinebackup.job.common.Operation}
 * (driver sessions, the DDL blocker, the partition plan), the work directory, the step error listener.
 */
package org.onlinebackup.job.common;
