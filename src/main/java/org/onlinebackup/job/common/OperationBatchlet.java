package org.onlinebackup.job.common;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;

import org.onlinebackup.feedback.OperationStopped;

/**
 * A batchlet step of an operation: {@link #stop()} (JBeret calls it on {@code JobOperator.stop}) raises the
 * operation's {@link StopSignal}, and when the step then ends, by a wait that saw the signal or by an error that the
 * stop caused, it returns normally so that JBeret marks it STOPPED; the error follows the interruption in the
 * operation's report.
 */
public abstract class OperationBatchlet extends AbstractBatchlet {
    @Inject
    protected JobContext jobContext;
    @Inject
    StepContext stepContext;

    /** The step's work. */
    protected abstract String run(Operation op) throws Exception;

    @Override
    public final String process() throws Exception {
        Operation op = Operations.of(jobContext);
        try {
            Faults.at(op, "step:" + stepContext.getStepName());
            return run(op);
        } catch (Exception e) {
            if (!StopSignal.of(op).requested()) {
                throw e;
            }
            if (!(e instanceof OperationStopped)) {
                op.error(e);
            }
            return "STOPPED";
        }
    }

    @Override
    public void stop() {
        Operation op = Operations.find(jobContext.getExecutionId());
        if (op != null) {
            StopSignal.of(op).request(op);
        }
    }
}
