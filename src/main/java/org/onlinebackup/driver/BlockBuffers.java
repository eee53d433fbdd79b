package org.onlinebackup.driver;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The buffers row blocks are read into, given back once their block is written: a backup reuses a few instead of
 * making one per block. One per block was garbage that outlived a young collection often enough to fill the old
 * generation, so the whole heap stayed resident.
 */
public final class BlockBuffers {
    /** More than the blocks in flight: (chunk items + the one being read) per partition. */
    private static final int KEEP = 16;

    private final int size;
    private final ConcurrentLinkedDeque<byte[]> idle = new ConcurrentLinkedDeque<>();

    /** Buffers for blocks of about {@code blockSize} bytes, with room for the row that crosses that size. */
    public BlockBuffers(int blockSize) {
        this.size = blockSize + (blockSize >> 2);
    }

    /** A buffer of at least the size, idle or new. */
    public byte[] take() {
        byte[] b = idle.poll();
        return b != null ? b : new byte[size];
    }

    /** Gives back a buffer no block uses any more; kept if it is of the size and few are idle. */
    public void give(byte[] buffer) {
        if (buffer.length >= size && idle.size() < KEEP) {
            idle.push(buffer);
        }
    }
}
