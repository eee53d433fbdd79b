/**
 * The BACKUP job's artifacts, one class per role: steps {@code init}, {@code prepare}, {@code validity-point},
 * {@code data} (partitioned chunk step: {@link org.onlinebackup.job.backup.TableChunkReader} and
 * {@link org.onlinebackup.job.backup.ImagePartitionWriter}), {@code finish}.
 */
package org.onlinebackup.job.backup;
