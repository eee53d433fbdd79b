package org.onlinebackup.job.common;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the rows and bytes of each table as its chunks go by; when its last chunk has been written or loaded, adds
 * one progress row for the table to the history and tells the watcher. One instance per partition (not thread-safe).
 */
public final class TableProgress {
    private final Operation op;
    private final Map<Integer, Tally> tables = new HashMap<>();

    private static final class Tally {
        final Instant start = Instant.now();
        long rows;
        long bytes;
    }

    public TableProgress(Operation op) {
        this.op = op;
    }

    /** A chunk of {@code table} with {@code rows} rows and {@code bytes} bytes of values is done. */
    public void add(int table, int rows, long bytes, boolean last) {
        Tally t = tables.computeIfAbsent(table, k -> new Tally());
        t.rows += rows;
        t.bytes += bytes;
        if (last) {
            tables.remove(table);
            String name = op.catalogue().qualifiedName(op.catalogue().tables().get(table));
            long total = t.bytes;
            String notes = t.rows + " row(s)";
            op.report((r, id) -> r.progress(id, "table " + name, t.start, Instant.now(), total, total, 0, notes));
            op.progress().tableDone(name, t.rows, total);
        }
    }
}
