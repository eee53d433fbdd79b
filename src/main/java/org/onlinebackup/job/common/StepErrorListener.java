package org.onlinebackup.job.common;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import jakarta.batch.api.chunk.listener.ChunkListener;
import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.IoErrors;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * Hands the exception that failed a step (or a partition of it) to its operation, which keeps the first one. A
 * server error becomes its one-line classification, naming the step; a file error (the only files a step writes are
 * the image and its work files) becomes its kind: disk full, quota, read-only, device error; a full heap says so.
 *
 * <p>In a chunk step it is also a chunk listener: a partition's error is handed over as the chunk fails, not when
 * the whole step ends, so an error that comes before a stop (or before another partition's error) stays the first.
 */
@Named
@Dependent
public class StepErrorListener implements StepListener, ChunkListener {
    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;

    /** The exceptions already handed over, so that the step's end does not hand a partition's one over again. */
    private static final class Seen {
        final Set<Throwable> errors = Collections.newSetFromMap(new IdentityHashMap<>());
    }

    @Override
    public void beforeStep() {
    }

    @Override
    public void afterStep() {
        record(stepContext.getException());
    }

    @Override
    public void beforeChunk() {
    }

    @Override
    public void onError(Exception e) {
        record(e);
    }

    @Override
    public void afterChunk() {
    }

    private void record(Exception e) {
        Operation op = Operations.find(jobContext.getExecutionId());
        if (e == null || op == null) {
            return;
        }
        Seen seen = op.part(Seen.class, Seen::new);
        synchronized (seen) {
            if (!seen.errors.add(e)) {
                return;
            }
        }
        if (e instanceof SQLException sql) {
            op.error(ServerConnections.classify(sql, op.address(), "step " + stepContext.getStepName()));
        } else if (e instanceof IOException io) {
            op.error(IoErrors.of(io, op.workspace() == null ? null : op.workspace().image()));
        } else if (e instanceof OnlineBackupException) {
            op.error(e);
        } else if (OnlineBackupException.outOfMemoryIn(e) != null) {
            op.error(OnlineBackupException.outOfMemory(OnlineBackupException.outOfMemoryIn(e),
                    "in step " + stepContext.getStepName()));
        } else {
            op.error(e);
        }
    }
}
