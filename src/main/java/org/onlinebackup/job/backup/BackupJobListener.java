package org.onlinebackup.job.backup;

import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.feedback.OperationLog;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.job.common.Outcome;

/**
 * Begins and ends a backup: on failure the work directory this execution created is removed, so a failed backup
 * leaves nothing that looks like an image, and the job's exit status is the first error.
 */
@Named
@Dependent
public class BackupJobListener extends AbstractJobListener {
    @Inject
    JobContext jobContext;

    @Override
    public void beforeJob() {
        Operation op = Operations.begin(jobContext, JobParams.address(jobContext.getProperties()), OperationLog.backup());
        op.log().note("Starting backup process");
    }

    @Override
    public void afterJob() {
        Operation op = Operations.find(jobContext.getExecutionId());
        if (op == null) {
            return;
        }
        BatchStatus status = jobContext.getBatchStatus();
        try {
            if (status != BatchStatus.COMPLETED) {
                if (op.workspaceOwned()) {
                    try {
                        op.workspace().delete();
                    } catch (RuntimeException e) {
                        op.error(e);
                    }
                }
                op.log().warning("Operation aborted");
            }
        } finally {
            Outcome.end(jobContext, op, status, "");
        }
    }
}
