package org.onlinebackup.job.restore;

import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.feedback.OperationLog;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.job.common.Outcome;

/**
 * Begins and ends a restore. A restore that fails after it changed the server says which databases might be
 * corrupted (WL#4538).
 */
@Named
@Dependent
public class RestoreJobListener extends AbstractJobListener {
    @Inject
    JobContext jobContext;

    @Override
    public void beforeJob() {
        Operation op = Operations.begin(jobContext, JobParams.address(jobContext.getProperties()), OperationLog.restore());
        op.log().note("Starting restore process");
    }

    @Override
    public void afterJob() {
        Operation op = Operations.find(jobContext.getExecutionId());
        if (op == null) {
            return;
        }
        BatchStatus status = jobContext.getBatchStatus();
        String suffix = "";
        if (status != BatchStatus.COMPLETED) {
            if (op.serverChanged()) {
                suffix = "; restore aborted - data might be corrupted in database(s) " + Identifiers.quoteAll(op.databases());
                op.log().warning("Operation aborted - data might be corrupted");
            } else {
                op.log().warning("Operation aborted");
            }
        }
        Outcome.end(jobContext, op, status, suffix);
    }
}
