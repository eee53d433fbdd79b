package org.onlinebackup.driver;

/**
 * A block of rows of one key range of one table, read from a driver: what becomes one data chunk.
 * {@code payload[0..length)} holds {@code rows} rows in the image's row encoding.
 */
public record RowBlock(int table, int range, int sequence, boolean last, int rows, byte[] payload, int length) {
}
