package org.onlinebackup.catalogue;

/**
 * One snapshot of the image (WL#4060's {@code m_snap[]}): the tables one driver carried. {@code driver} is the
 * driver's name, as the restore uses it to find the driver again; {@code data} says whether the image holds rows of
 * its tables (a no-data driver keeps definitions only).
 */
public record SnapshotEntry(String driver, boolean data) {
}
