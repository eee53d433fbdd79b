package org.onlinebackup.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.job.common.AbandonedExecutions;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.lock.OperationLock;
import org.onlinebackup.repository.Repository;
import org.onlinebackup.repository.RunningOperations;

/**
 * A job execution named to {@code restart} or {@code abandon}: a backup or restore that ended without completing
 * (stopped, failed, or left going on by a process that died: then nothing holds the operation lock for it), and the
 * latest execution of its job instance. Anything else is refused with a one-line reason. One whose process died
 * is marked STOPPED in the job repository, as the next operation's sweep would.
 */
record InterruptedExecution(long id, String job, long instance, Properties parameters) {

    /** {@code verb}: what the command would do with it, "restart" or "abandon", as its refusals say. */
    static InterruptedExecution find(JobOperator operator, Connection c, ConnectionOptions.Resolved conn, long id, String verb)
            throws SQLException {
        JobExecution e;
        try {
            e = operator.getJobExecution(id);
        } catch (NoSuchJobExecutionException none) {
            throw new OnlineBackupException(Message.STOP_UNKNOWN, id, conn.repository().text());
        }
        String job = e.getJobName();
        if (!JobParams.BACKUP_JOB.equals(job) && !JobParams.RESTORE_JOB.equals(job)) {
            throw new OnlineBackupException(Message.NOT_AN_OPERATION, id, job);
        }
        JobInstance instance = operator.getJobInstance(id);
        List<JobExecution> all = operator.getJobExecutions(instance);
        long latest = all.stream().mapToLong(JobExecution::getExecutionId).max().orElse(id);
        if (latest != id) {
            throw new OnlineBackupException(Message.RESTART_NOT_LATEST, id, latest);
        }
        BatchStatus status = e.getBatchStatus();
        if (status == BatchStatus.COMPLETED) {
            throw new OnlineBackupException(Message.RESTART_COMPLETED, id, verb);
        }
        if (status == BatchStatus.ABANDONED) {
            throw new OnlineBackupException(Message.RESTART_ABANDONED, id);
        }
        if (status == BatchStatus.FAILED && verb.equals("restart") && operator.getStepExecutions(id).isEmpty()) {
            // refused before its first step (another operation held the server, a missing privilege): a restart
            // would run it whole, later, as if it had been asked then
            String why = e.getExitStatus() == null ? "FAILED" : e.getExitStatus().replaceFirst("^FAILED: ", "")
                    .replaceFirst(" \\[backup_id \\d+]$", "");
            throw new OnlineBackupException(Message.RESTART_NEVER_STARTED, id, why, verb, job);
        }
        boolean going = status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING;
        if (going) {
            String running = OperationLock.running(c, new RunningOperations(Repository.open(conn.repository())));
            if (running != null && running.contains("job execution " + id + ",")) {
                throw new OnlineBackupException(Message.RESTART_RUNNING, id, running, id);
            }
            // its process died: JBeret would mark it FAILED; the repository says what happened to it
            AbandonedExecutions.markStopped(Repository.open(conn.repository()), List.of(id),
                    "STOPPED: " + Message.ABANDONED.format());
        }
        return new InterruptedExecution(id, job, instance.getInstanceId(), operator.getParameters(id));
    }
}
