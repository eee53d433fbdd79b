/**
 * The locking driver, the fallback for engines without consistent reads: its tables are held with
 * {@code LOCK TABLES ... READ} from the validity point until they are read.
 */
package org.onlinebackup.driver.locking;
