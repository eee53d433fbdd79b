package org.onlinebackup.job.restore;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.image.v2.DataChunk;
import org.onlinebackup.job.common.ChunkProgressListener;

/** Progress of a restore {@code data} partition, whose items are the image's data chunks. */
@Named
@Dependent
public class TableLoadProgressListener extends ChunkProgressListener {
    @Override
    protected Piece piece(Object item) {
        DataChunk c = ((ImageChunkReader.Item) item).chunk();
        return new Piece(c.table(), c.rows(), c.payloadLength(), c.last());
    }
}
