package org.onlinebackup.job.common;

import java.util.List;

import jakarta.batch.api.chunk.listener.ItemReadListener;
import jakarta.batch.api.chunk.listener.ItemWriteListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.inject.Inject;

/**
 * Progress of a {@code data} partition, from its items: each item read is told to the watcher at once (the live
 * bar moves per block, not per chunk), and each table whose last item was written, in whichever partition, gets
 * its history progress row.
 * Subclasses say what an item of their step is.
 */
public abstract class ChunkProgressListener implements ItemReadListener, ItemWriteListener {
    @Inject
    JobContext jobContext;

    private Operation op;
    private TableProgress progress;

    /** What {@code item} carries: its table, rows, bytes of values, and whether it is its key range's last. */
    public record Piece(int table, int rows, long bytes, boolean last) {
    }

    protected abstract Piece piece(Object item);

    /** How many key ranges each table has, by table number. */
    protected abstract int[] ranges(Operation op);

    @Override
    public void beforeRead() {
    }

    @Override
    public void afterRead(Object item) {
        if (item != null) {
            Piece p = piece(item);
            operation().progress().read(p.rows(), p.bytes());
        }
    }

    @Override
    public void onReadError(Exception ex) {
    }

    @Override
    public void beforeWrite(List<Object> items) {
    }

    @Override
    public void afterWrite(List<Object> items) {
        if (progress == null) {
            progress = TableProgress.of(operation(), ranges(operation()));
        }
        for (Object o : items) {
            Piece p = piece(o);
            progress.add(p.table(), p.rows(), p.bytes(), p.last());
        }
    }

    private Operation operation() {
        if (op == null) {
            op = Operations.of(jobContext);
        }
        return op;
    }

    @Override
    public void onWriteError(List<Object> items, Exception ex) {
    }
}
