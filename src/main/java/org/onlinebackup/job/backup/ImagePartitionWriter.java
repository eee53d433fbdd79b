package org.onlinebackup.job.backup;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.driver.RowBlock;
import org.onlinebackup.image.PrivateFiles;
import org.onlinebackup.image.v2.DataChunk;
import org.onlinebackup.image.v2.ImageCipher;
import org.onlinebackup.job.common.Operations;

/**
 * Writer of a {@code data} partition: appends each row block as a data chunk (sealed, when the image is encrypted)
 * to the partition's segment file. Its
 * checkpoint is the segment length, forced to disk; reopened with a checkpoint, the segment is cut back to it, so
 * rewriting from a checkpoint never duplicates a chunk.
 */
@Named
@Dependent
public class ImagePartitionWriter extends AbstractItemWriter {
    @Inject
    JobContext jobContext;
    @Inject
    @BatchProperty(name = DataPartitionMapper.PARTITION)
    String partition;

    private FileChannel channel;
    private ImageCipher cipher;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        var op = Operations.of(jobContext);
        var segment = op.workspace().segment(Integer.parseInt(partition));
        cipher = op.part(ImageCipher.class);
        channel = PrivateFiles.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(checkpoint == null ? 0 : (Long) checkpoint);
        channel.position(channel.size());
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        for (Object item : items) {
            RowBlock b = (RowBlock) item;
            ByteBuffer buf = ByteBuffer.wrap(DataChunk.frame(b.table(), b.sequence(), b.last(), b.rows(), b.payload(), b.length(), cipher));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        }
    }

    @Override
    public Serializable checkpointInfo() throws Exception {
        channel.force(false);
        return channel.position();
    }

    @Override
    public void close() throws Exception {
        if (channel != null) {
            channel.force(false);
            channel.close();
            channel = null;
        }
    }
}
