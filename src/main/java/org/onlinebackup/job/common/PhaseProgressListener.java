package org.onlinebackup.job.common;

import java.time.Instant;

import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.feedback.OnlineBackupException;

/** Tells the watcher each phase (step) as it begins, and adds one history progress row per phase: its start, end and outcome. */
@Named
@Dependent
public class PhaseProgressListener extends AbstractStepListener {
    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;

    private Instant start;

    @Override
    public void beforeStep() {
        start = Instant.now();
        Operation op = Operations.find(jobContext.getExecutionId());
        if (op != null) {
            op.progress().phase(stepContext.getStepName());
        }
    }

    @Override
    public void afterStep() {
        Operation op = Operations.find(jobContext.getExecutionId());
        if (op == null) {
            return;
        }
        String object = "phase " + stepContext.getStepName();
        Exception failure = stepContext.getException();
        String notes = failure == null ? "done" : "failed: " + OnlineBackupException.describe(failure);
        Instant begun = start;
        op.report((r, id) -> r.progress(id, object, begun, Instant.now(), null, null, 0, notes));
    }
}
