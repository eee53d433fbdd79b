package org.onlinebackup.job.backup;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.driver.RowBlock;
import org.onlinebackup.job.common.ChunkProgressListener;
import org.onlinebackup.job.common.Operation;

/** Progress of a backup {@code data} partition, whose items are the drivers' row blocks. */
@Named
@Dependent
public class TableProgressListener extends ChunkProgressListener {
    @Override
    protected Piece piece(Object item) {
        RowBlock b = (RowBlock) item;
        return new Piece(b.table(), b.rows(), b.length(), b.last());
    }

    @Override
    protected int[] ranges(Operation op) {
        return PartitionPlanner.plannedRanges(op.catalogue(), op.partitions());
    }
}
