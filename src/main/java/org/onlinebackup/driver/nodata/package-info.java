/** The no-data driver: tables whose rows live elsewhere or nowhere (MERGE, BLACKHOLE, FEDERATED...), definition only. */
package org.onlinebackup.driver.nodata;
