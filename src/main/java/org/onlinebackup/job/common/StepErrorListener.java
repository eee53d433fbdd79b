package org.onlinebackup.job.common;

import java.sql.SQLException;

import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.connect.ServerConnections;

/**
 * Hands the exception that failed a step (or a partition of it) to its operation, which keeps the first one. A
 * server error becomes its one-line classification, naming the step.
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
            op.error(e instanceof SQLException sql
                    ? ServerConnections.classify(sql, op.address(), "step " + stepContext.getStepName())
                    : e);
        }
    }
}
