package org.onlinebackup.job.backup;

import org.onlinebackup.job.common.Operation;

/**
 * The server's estimates of each table's rows and data size (TABLE_ROWS, DATA_LENGTH), by table number, as the
 * catalogue was read: they size the key ranges and each scan's fetch. An {@code Operation} part; only a guide, so a
 * restart that does not have them reads without them.
 */
record TableEstimates(long[] rows, long[] bytes) {
    TableEstimates {
        rows = rows.clone();
        bytes = bytes.clone();
    }

    /** The operation's estimates; none (every estimate 0) on a restart, which does not read them again. */
    static TableEstimates of(Operation op) {
        return op.part(TableEstimates.class, () -> new TableEstimates(new long[0], new long[0]));
    }

    long bytes(int table) {
        return table < bytes.length ? bytes[table] : 0;
    }

    /** The average row's size in bytes, or 0 when the server has no estimate. */
    long averageRowBytes(int table) {
        long r = table < rows.length ? rows[table] : 0;
        return r <= 0 ? 0 : Math.max(1, bytes(table) / r);
    }
}
