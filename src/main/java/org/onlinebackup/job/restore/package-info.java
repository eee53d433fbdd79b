/**
 * The RESTORE job's artifacts: steps {@code init} (open and verify the image), {@code prepare} (create databases and
 * tables), {@code data} (chunk step: {@link org.onlinebackup.job.restore.ImageChunkReader} and
 * {@link org.onlinebackup.job.restore.TableLoadWriter}), {@code finish}.
 */
package org.onlinebackup.job.restore;
