package org.onlinebackup.job.restore;

import java.util.List;

import jakarta.batch.api.chunk.listener.AbstractItemWriteListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.job.common.Operations;
import org.onlinebackup.job.common.TableProgress;

/** After each write of the restore's {@code data} step: one history progress row per table whose last chunk was loaded. */
@Named
@Dependent
public class TableLoadProgressListener extends AbstractItemWriteListener {
    @Inject
    JobContext jobContext;

    private TableProgress progress;

    @Override
    public void afterWrite(List<Object> items) {
        if (progress == null) {
            progress = new TableProgress(Operations.of(jobContext));
        }
        for (Object o : items) {
            ImageChunkReader.Item item = (ImageChunkReader.Item) o;
            progress.add(item.chunk().table(), item.chunk().rows(), item.chunk().payloadLength(), item.chunk().last());
        }
    }
}
