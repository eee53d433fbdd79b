package org.onlinebackup.job.restore;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.image.v3.DataChunk;
import org.onlinebackup.job.common.ChunkProgressListener;
import org.onlinebackup.job.common.Operation;

/** Progress of a restore {@code data} partition, whose items are the image's data chunks. */
@Named
@Dependent
public class TableLoadProgressListener extends ChunkProgressListener {
    @Override
    protected Piece piece(Object item) {
        DataChunk c = ((ImageChunkReader.Item) item).chunk();
        return new Piece(c.table(), c.rows(), c.payloadLength(), c.last());
    }

    @Override
    protected int[] ranges(Operation op) {
        return op.image().ranges();
    }
}
