package org.onlinebackup.job.backup;

import java.io.Serializable;
import java.util.List;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.driver.BlockBuffers;
import org.onlinebackup.driver.RowBlock;
import org.onlinebackup.image.v3.ImageWriter;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.job.common.PartitionAbandoned;

/**
 * Writer of a {@code data} partition: appends each row block as a data chunk to the image the validity-point step
 * started ({@link ImageWriter}: compressed, sealed when encrypted, written whole). Every partition appends to the
 * one file; nothing is copied afterwards. A partition stops as soon as another one has failed.
 */
@Named
@Dependent
public class ImagePartitionWriter extends AbstractItemWriter {
    @Inject
    JobContext jobContext;

    private Operation op;
    private ImageWriter image;
    private BlockBuffers buffers;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        op = Operations.of(jobContext);
        image = op.part(ImageWriter.class);
        buffers = op.part(BlockBuffers.class, () -> new BlockBuffers(TableChunkReader.BLOCK_SIZE));
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        PartitionAbandoned.check(op);
        for (Object item : items) {
            RowBlock b = (RowBlock) item;
            image.appendChunk(b.table(), b.range(), b.sequence(), b.last(), b.rows(), b.payload(), b.length());
            buffers.give(b.payload());
        }
    }
}
