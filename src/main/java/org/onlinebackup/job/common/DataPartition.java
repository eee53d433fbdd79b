package org.onlinebackup.job.common;

import java.util.List;

/**
 * One partition of a backup's data step: it reads tables {@code tables} (catalogue numbers, in reading order) on
 * channel {@code channel} of the session of snapshot {@code snapshot}, and writes segment {@code index}.
 */
public record DataPartition(int index, int snapshot, int channel, List<Integer> tables) {
    public DataPartition {
        tables = List.copyOf(tables);
    }
}
