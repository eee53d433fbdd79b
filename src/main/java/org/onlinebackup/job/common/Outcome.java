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

    /**
     * Sets the exit status of a job that did not complete (a completed one has its own, from its finish step) to
     * {@code STATUS: first error + aftermath}, within the 512
     * characters the job repository keeps: lists shortened in the middle, the message id and explanation kept.
     */
    public static void end(JobContext job, Operation op, BatchStatus status, OperationJobListener.Aftermath aftermath) {
        try {
            op.closeConnections();
            String tag = tag(op);
            Throwable e = op.firstError();
            if (status != BatchStatus.COMPLETED) {
                String head = status + ": ";
                int room = EXIT_STATUS_MAX - head.length() - tag.length() - aftermath.brief().length();
                String reason = e == null ? "the job ended " + status
                        : op.wording().apply(OnlineBackupException.describe(e, Math.max(room, 160)));
                job.setExitStatus(head + OnlineBackupException.middle(reason + aftermath.brief(),
                        EXIT_STATUS_MAX - head.length() - tag.length()) + tag);
            }
            endHistory(op, status, e, aftermath.full());
        } finally {
            Operations.end(op.executionId());
        }
    }

    /**
     * What ends every exit status: {@code [backup_id N]}, the operation's history row, when it has one. A finish step
     * puts it in the COMPLETED status it writes, before the batch status says COMPLETED: a reader of the execution
     * (the management API, the admin console) sees the two together.
     */
    public static String tag(Operation op) {
        return op.backupId() < 0 ? "" : " [backup_id " + op.backupId() + "]";
    }

    /** The history row's final state: complete, cancel (stopped) or error, with its error in full and stop time. */
    private static void endHistory(Operation op, BatchStatus status, Throwable e, String aftermath) {
        OperationState state = switch (status) {
            case COMPLETED -> OperationState.COMPLETE;
            // stopped after an error of its own: the error is what ended it
            case STOPPED -> e == null || e instanceof OnlineBackupException ob && ob.messageId() == Message.INTERRUPTED
                    ? OperationState.CANCEL : OperationState.ERROR;
            default -> OperationState.ERROR;
        };
        op.report((r, id) -> {
            if (e != null) {
                r.error(id, e instanceof OnlineBackupException ob ? ob.messageId().number() : Message.INTERNAL.number(),
                        op.wording().apply(OnlineBackupException.describe(e) + aftermath));
            }
            r.stopTime(id, Instant.now());
            r.state(id, state);
        });
    }

    /** The job repository keeps 512 characters of exit status; some room is left for its own use. */
    private static final int EXIT_STATUS_MAX = 500;
}
