package org.onlinebackup.job.backup;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.feedback.OperationLog;
import org.onlinebackup.image.v3.ImageCipher;
import org.onlinebackup.image.v3.ImageWriter;
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
        boolean stopped = StopSignal.of(op).requested();
        boolean keep = stopped && reusable(op);
        if (op.workspaceOwned() && !keep) {
            try {
                op.workspace().delete();
            } catch (RuntimeException e) {
                op.error(e);
            }
        }
        op.log().warning("Operation aborted");
        if (!stopped) {
            return Aftermath.NONE;
        }
        // WL#4538: after "Operation has been interrupted", the caller learns the operation was aborted
        String aborted = keep ? "; backup aborted, no image written; its partial image is kept in " + op.workspace().dir()
                + " for a restart, which reuses the tables it read whole and the binlog shows unchanged"
                : "; backup aborted, no image written";
        return new Aftermath(aborted, aborted);
    }

    /**
     * Whether a restart could reuse what this stopped backup wrote ({@link EarlierChunks}): it got past its validity
     * point, the binary log was on there, and the image is not encrypted. Otherwise nothing of it is worth keeping.
     */
    private static boolean reusable(Operation op) {
        return op.workspaceOwned() && op.part(ImageWriter.class) != null && op.validityPoint() != null
                && op.validityPoint().binlogFile() != null && op.part(ImageCipher.class) == null;
    }
}
