package org.onlinebackup.job.backup;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.feedback.OperationLog;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationJobListener;
import org.onlinebackup.job.common.StopSignal;

/**
 * Begins and ends a backup: on failure the work directory this execution created is removed, so a failed backup
 * leaves nothing that looks like an image.
 */
@Named
@Dependent
public class BackupJobListener extends OperationJobListener {
    @Override
    protected OperationLog log() {
        return OperationLog.backup();
    }

    @Override
    protected Aftermath aborted(Operation op) {
        if (op.workspaceOwned()) {
            try {
                op.workspace().delete();
            } catch (RuntimeException e) {
                op.error(e);
            }
        }
        op.log().warning("Operation aborted");
        if (StopSignal.of(op).requested()) {
            // WL#4538: after "Operation has been interrupted", the caller learns the operation was aborted
            String aborted = "; backup aborted, no image written";
            return new Aftermath(aborted, aborted);
        }
        return Aftermath.NONE;
    }
}
