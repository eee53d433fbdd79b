package org.onlinebackup.job.common;

import java.io.IOException;
import java.sql.SQLException;

import jakarta.batch.api.listener.AbstractStepListener;
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
 */
@Named
@Dependent
public class StepErrorListener extends AbstractStepListener {
    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;

    @Override
    public void afterStep() {
        Exception e = stepContext.getException();
        Operation op = Operations.find(jobContext.getExecutionId());
        if (e != null && op != null) {
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
}
