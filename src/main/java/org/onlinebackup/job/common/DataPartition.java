package org.onlinebackup.job.common;

import java.util.List;

import org.onlinebackup.driver.KeyRange;

/**
 * One partition of a backup's data step: it reads {@code items} (key ranges of tables, in reading order) on channel
 * {@code channel} of the session of snapshot {@code snapshot}.
 */
public record DataPartition(int index, int snapshot, int channel, List<Item> items) {
    public DataPartition {
        items = List.copyOf(items);
    }

    /** One key range of one table (catalogue number). */
    public record Item(int table, KeyRange range) {
    }
}
