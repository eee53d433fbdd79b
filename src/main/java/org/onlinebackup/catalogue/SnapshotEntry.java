package org.onlinebackup.catalogue;

/**
 * One snapshot of the image: the tables whose data one driver produced. {@code driver} is the driver's name, as the
 * restore uses it to pick the matching restore driver.
 */
public record SnapshotEntry(String driver) {
}
