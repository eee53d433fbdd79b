package org.onlinebackup.job.common;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;

import org.onlinebackup.feedback.OnlineBackupException;

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
            if (status != BatchStatus.COMPLETED) {
                Throwable e = op.firstError();
                String reason = e == null ? "the job ended " + status : OnlineBackupException.describe(e);
                job.setExitStatus(status + ": " + truncate(reason + failureSuffix));
            }
        } finally {
            Operations.end(op.executionId());
        }
    }

    /** The job repository keeps 512 characters of exit status. */
    private static String truncate(String s) {
        return s.length() <= 480 ? s : s.substring(0, 477) + "...";
    }
}
