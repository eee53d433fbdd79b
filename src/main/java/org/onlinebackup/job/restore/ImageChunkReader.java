package org.onlinebackup.job.restore;

import java.io.Serializable;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.driver.Driver;
import org.onlinebackup.image.v2.DataChunk;
import org.onlinebackup.image.v2.ImageReader;
import org.onlinebackup.job.common.Operations;

/**
 * Reader of the restore's {@code data} step: the image's data chunks in order, but those of tables the prepare step
 * loaded already and of databases not restored. Its checkpoint is the next chunk's offset.
 */
@Named
@Dependent
public class ImageChunkReader extends AbstractItemReader {
    @Inject
    JobContext jobContext;

    private ImageReader.Chunks chunks;
    private Driver.RestoreOrder[] orders;

    /** A chunk and where it stands in the image. */
    public record Item(DataChunk chunk, long offset) {
    }

    @Override
    public void open(Serializable checkpoint) {
        ImageReader image = Operations.of(jobContext).image();
        orders = RestoreOrders.of(image.catalogue(), image.file(),
                RestoreScope.targets(image.catalogue(), jobContext.getProperties()).keySet());
        chunks = image.chunks(checkpoint == null ? image.dataStart() : (Long) checkpoint);
    }

    @Override
    public Object readItem() {
        DataChunk c = chunks.next();
        while (c != null && orders[c.table()] != Driver.RestoreOrder.UNDER_DDL_BLOCKER) {
            c = chunks.next();
        }
        return c == null ? null : new Item(c, chunks.lastOffset());
    }

    @Override
    public Serializable checkpointInfo() {
        return chunks.nextOffset();
    }

    @Override
    public void close() throws Exception {
        if (chunks != null) {
            chunks.close();
            chunks = null;
        }
    }
}
