package org.onlinebackup.job.common;

import java.time.Instant;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.history.OperationState;

/**
 * Ends an operation for its job listener: closes its connections, sets the job's exit status to the first error
 * (or keeps the success line the finish step set), and forgets it.
 */
public final class Outcome {
    private Outcome() {
    }

    /** Sets the exit status of a job that did not complete to {@code STATUS: first error + suffix}. */
    public static void end(JobContext job, Operation op, BatchStatus status, String failureSuffix) {
        try {
            op.closeConnections();
            String tag = op.backupId() < 0 ? "" : " [backup_id " + op.backupId() + "]";
            Throwable e = op.firstError();
            if (status != BatchStatus.COMPLETED) {
                String reason = e == null ? "the job ended " + status : OnlineBackupException.describe(e);
                job.setExitStatus(status + ": " + truncate(reason + failureSuffix) + tag);
            } else {
                job.setExitStatus(job.getExitStatus() + tag);
            }
            endHistory(op, status, e);
        } finally {
            Operations.end(op.executionId());
        }
    }

    /** The history row's final state: complete, cancel (stopped) or error, with its error and stop time. */
    private static void endHistory(Operation op, BatchStatus status, Throwable e) {
        OperationState state = switch (status) {
            case COMPLETED -> OperationState.COMPLETE;
            case STOPPED -> OperationState.CANCEL;
            default -> OperationState.ERROR;
        };
        op.report((r, id) -> {
            if (e != null) {
                r.error(id, e instanceof OnlineBackupException ob ? ob.messageId().number() : Message.INTERNAL.number(),
                        OnlineBackupException.describe(e));
            }
            r.stopTime(id, Instant.now());
            r.state(id, state);
        });
    }

    /** The job repository keeps 512 characters of exit status. */
    private static String truncate(String s) {
        return s.length() <= 480 ? s : s.substring(0, 477) + "...";
    }
}
