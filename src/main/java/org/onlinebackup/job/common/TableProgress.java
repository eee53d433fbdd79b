package org.onlinebackup.job.common;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the rows and bytes of each table as its chunks go by, whichever partition handles them; when the last chunk
 * of the table's last key range has been written or loaded, adds one progress row for the table to the history and
 * tells the watcher. One instance per operation, shared by its partitions ({@link #of(Operation, int[])}).
 */
public final class TableProgress {
    private final Operation op;
    private final int[] ranges;
    private final Map<Integer, Tally> tables = new HashMap<>();

    private static final class Tally {
        final Instant start = Instant.now();
        long rows;
        long bytes;
        int rangesDone;
    }

    private TableProgress(Operation op, int[] ranges) {
        this.op = op;
        this.ranges = ranges.clone();
    }

    /** The operation's instance; {@code ranges} gives how many key ranges each table has (by table number). */
    public static TableProgress of(Operation op, int[] ranges) {
        return op.part(TableProgress.class, () -> new TableProgress(op, ranges));
    }

    /** Work on {@code table} starts now (without it, its time starts at its first chunk). */
    public synchronized void begin(int table) {
        tables.computeIfAbsent(table, k -> new Tally());
    }

    /**
     * A chunk of {@code table} with {@code rows} rows and {@code bytes} bytes of values is done; {@code lastOfRange}:
     * it was the last chunk of its key range.
     */
    public void add(int table, long rows, long bytes, boolean lastOfRange) {
        Tally done;
        synchronized (this) {
            Tally t = tables.computeIfAbsent(table, k -> new Tally());
            t.rows += rows;
            t.bytes += bytes;
            if (lastOfRange) {
                t.rangesDone++;
            }
            if (!lastOfRange || t.rangesDone < Math.max(1, table < ranges.length ? ranges[table] : 1)) {
                return;
            }
            tables.remove(table);
            done = t;
        }
        String name = op.catalogue().qualifiedName(op.catalogue().tables().get(table));
        String notes = done.rows + " row(s)";
        op.report((r, id) -> r.progress(id, "table " + name, done.start, Instant.now(), done.bytes, done.bytes, 0, notes));
        op.progress().tableDone(name, done.rows, done.bytes);
    }
}
