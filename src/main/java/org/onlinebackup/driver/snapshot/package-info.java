/** The consistent-snapshot driver for transactional engines (InnoDB). */
package org.onlinebackup.driver.snapshot;
