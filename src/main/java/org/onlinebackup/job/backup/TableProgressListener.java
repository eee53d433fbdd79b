package org.onlinebackup.job.backup;

import java.util.List;

import jakarta.batch.api.chunk.listener.AbstractItemWriteListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.driver.RowBlock;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.job.common.TableProgress;

/** After each write of a {@code data} partition: one history progress row per table whose last block was written. */
@Named
@Dependent
public class TableProgressListener extends AbstractItemWriteListener {
    @Inject
    JobContext jobContext;

    private TableProgress progress;

    @Override
    public void afterWrite(List<Object> items) {
        if (progress == null) {
            progress = new TableProgress(Operations.of(jobContext));
        }
        for (Object o : items) {
            RowBlock b = (RowBlock) o;
            progress.add(b.table(), b.rows(), b.length(), b.last());
        }
    }
}
