package org.onlinebackup.job.restore;

import java.io.Serializable;
import java.util.List;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.image.v3.DataChunk;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.job.common.Operations;

/**
 * Reader of a restore {@code data} partition: the chunks of its key ranges ({@link LoadPartitionMapper#PIECES}), one
 * range after the other, each read through the image's index and checked as it is read. Its checkpoint is where it
 * stands: the range, and how many of its chunks were read.
 */
@Named
@Dependent
public class ImageChunkReader extends AbstractItemReader {
    @Inject
    JobContext jobContext;
    @Inject
    @BatchProperty(name = LoadPartitionMapper.PIECES)
    String pieces;

    private ImageReader image;
    private List<LoadPlanner.Piece> plan;
    private int piece;
    private ImageReader.Chunks chunks;

    /** A chunk and where it stands in the image. */
    public record Item(DataChunk chunk, long offset) {
    }

    /** Where a partition stands: chunks {@code 0..chunk-1} of its range {@code piece} are loaded. */
    record Position(int piece, int chunk) implements Serializable {
    }

    @Override
    public void open(Serializable checkpoint) {
        image = Operations.of(jobContext).image();
        plan = LoadPlanner.decode(pieces);
        if (checkpoint instanceof Position p) {
            piece = p.piece();
            if (piece < plan.size()) {
                chunks = image.chunks(plan.get(piece).table(), plan.get(piece).range());
                chunks.skip(p.chunk());
            }
        }
    }

    @Override
    public Object readItem() throws Exception {
        while (piece < plan.size()) {
            if (chunks == null) {
                chunks = image.chunks(plan.get(piece).table(), plan.get(piece).range());
            }
            DataChunk c = chunks.next();
            if (c != null) {
                return new Item(c, chunks.lastOffset());
            }
            chunks.close();
            chunks = null;
            piece++;
        }
        return null;
    }

    @Override
    public Serializable checkpointInfo() {
        return new Position(piece, chunks == null ? 0 : chunks.position());
    }

    @Override
    public void close() throws Exception {
        if (chunks != null) {
            chunks.close();
            chunks = null;
        }
    }
}
