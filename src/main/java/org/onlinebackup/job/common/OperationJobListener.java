package org.onlinebackup.job.common;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.inject.Inject;

import org.jberet.runtime.context.JobContextImpl;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.feedback.OperationLog;
import org.onlinebackup.feedback.ProgressListener;
import org.onlinebackup.history.Recorder;
import org.onlinebackup.lock.Breakpoints;
import org.onlinebackup.lock.OperationLock;
import org.onlinebackup.repository.Repository;
import org.onlinebackup.repository.RunningOperations;

/**
 * Begins an {@link Operation} before the job and ends it after: what the job left undone is cleaned up by
 * {@link #aborted(Operation)}, and the exit status becomes the first error.
 */
public abstract class OperationJobListener extends AbstractJobListener {
    @Inject
    protected JobContext jobContext;

    /** The operation log of this kind of job. */
    protected abstract OperationLog log();

    /** Cleans up after a job that did not complete; returns what to add to its error. */
    protected abstract Aftermath aborted(Operation op);

    /**
     * What a job that did not complete left behind, added to its error: {@code full} in the history, {@code brief}
     * (its lists shortened) in the one-line exit status.
     */
    public record Aftermath(String full, String brief) {
        public static final Aftermath NONE = new Aftermath("", "");
    }

    @Override
    public void beforeJob() {
        Properties p = jobContext.getProperties();
        ServerAddress address;
        try {
            address = JobParams.address(p);
        } catch (OnlineBackupException e) {
            // no operation begins: the job's exit status is the one line saying what is missing
            jobContext.setExitStatus("FAILED: " + Wording.of(p).apply(OnlineBackupException.describe(e)));
            throw e;
        }
        Operation op = Operations.begin(jobContext, address, log());
        op.progress(ProgressListener.Registry.lookup(p.getProperty(JobParams.PROGRESS)));
        Faults.arm(op, p);
        long restarted = Restarts.restarted(jobContext);
        op.log().note(restarted < 0 ? "Starting " + jobContext.getJobName() + " process"
                : "Restarting " + jobContext.getJobName() + " process: job execution " + restarted + " taken up again");
        boolean enabled = Boolean.parseBoolean(p.getProperty(JobParams.BREAKPOINTS));
        String sleep = p.getProperty(JobParams.SLEEP);
        try {
            Repository repository = Repository.open(JobParams.repository(p));
            StopSignal stop = StopSignal.of(op);
            if (jobContext instanceof JobContextImpl running) {
                // JobOperator.stop from this process: every wait of the job sees it; from another, the watcher
                running.getJobExecution().registerJobStopNotifier(id -> stop.request(op));
                RemoteStopWatcher.start(op, running.getJobExecution(), repository);
            }
            op.breakpoints(Breakpoints.of(enabled ? ServerConnections.open(op.address()) : null,
                    sleep == null || sleep.isBlank() ? 0 : Integer.parseInt(sleep.trim()), stop::requested));
            OperationLock lock = OperationLock.acquire(ServerConnections.open(op.address()), new RunningOperations(repository),
                    jobContext.getJobName() + ", job execution " + jobContext.getExecutionId() + ", process "
                            + ProcessHandle.current().pid() + " on host " + RunningOperations.HOST, jobContext.getExecutionId());
            op.lock(lock);
            startHistory(op, p, repository, lock.connectionId(), restarted);
            endAbandoned(op, repository, lock);
            op.progress().started(jobContext.getJobName(), jobContext.getExecutionId(), op.backupId());
        } catch (SQLException e) {
            OnlineBackupException classified = ServerConnections.classify(e, op.address(), "taking the operation lock");
            op.error(classified);
            throw classified;
        } catch (RuntimeException e) {
            op.error(e);
            throw e;
        }
    }

    /** Creates the operation's history row (WL#4116); without it the operation goes on, with a warning. */
    private void startHistory(Operation op, Properties p, Repository repository, long connectionId, long restarted) {
        String command = JobParams.command(jobContext.getJobName(), p)
                + (restarted < 0 ? "" : " (restart of job execution " + restarted + ")");
        Recorder.Start start = new Recorder.Start(jobContext.getExecutionId(), connectionId, jobContext.getJobName(),
                p.getProperty(JobParams.IMAGE), command,
                JobParams.comment(p), op.address().user(), op.address().where(), Instant.now());
        try {
            Recorder r = Recorder.of(repository);
            op.history(r, r.init(start));
        } catch (RuntimeException e) {
            op.historyFailed(e);
        }
        startHistoryOnServer(op, p, start);
    }

    /**
     * The history on the server too, when asked ({@code historyOnServer}): asked for, it fails the operation before it
     * starts where it cannot be kept (a read-only server, a replica, rows the binary log would carry).
     */
    private static void startHistoryOnServer(Operation op, Properties p, Recorder.Start start) {
        if (!JobParams.flag(p, JobParams.HISTORY_ON_SERVER)) {
            return;
        }
        try {
            Recorder onServer = Recorder.onServer(op.address(), JobParams.SERVER_HISTORY_SCHEMA);
            Operation.ServerHistory copy = new Operation.ServerHistory(onServer, onServer.init(start));
            op.part(Operation.ServerHistory.class, () -> copy);
        } catch (OnlineBackupException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new OnlineBackupException(e, Message.HISTORY_ON_SERVER_REFUSED, op.address().where(),
                    OnlineBackupException.describe(e));
        }
    }

    /**
     * Operations whose process died (kill -9, a lost connection) left their history rows going on and their rows
     * among the lock's holders; taking the lock found them: their history now says they were interrupted.
     */
    private void endAbandoned(Operation op, Repository repository, OperationLock lock) {
        if (lock.staleHolders().isEmpty()) {
            return;
        }
        op.report((r, id) -> {
            List<Recorder.Abandoned> ended = r.endAbandoned(lock.staleHolders().stream()
                            .map(RunningOperations.Holder::jobExecutionId).toList(), Message.ABANDONED.number(),
                    Message.ABANDONED.format());
            if (ended.isEmpty()) {
                return;
            }
            try {
                AbandonedExecutions.markStopped(repository, ended.stream().map(Recorder.Abandoned::jobExecutionId).toList(),
                        "STOPPED: " + Message.ABANDONED.format());
            } catch (RuntimeException e) {
                op.warn("could not mark the abandoned job execution(s) stopped in the job repository: "
                        + OnlineBackupException.describe(e));
            }
            op.log().note("Found operation(s) " + ended.stream().map(Recorder.Abandoned::backupId).toList()
                    + " abandoned by a process that ended without finishing them: their history and job executions"
                    + " now say they were interrupted");
        });
    }

    @Override
    public void afterJob() {
        Operation op = Operations.find(jobContext.getExecutionId());
        if (op == null) {
            return;
        }
        BatchStatus status = jobContext.getBatchStatus();
        Aftermath suffix = Aftermath.NONE;
        try {
            if (status == BatchStatus.STOPPED) {
                // WL#4538: the interruption is reported first, and is the first error unless one came before it
                StopSignal.of(op).request(op);
            }
            if (status != BatchStatus.COMPLETED) {
                suffix = aborted(op);
            }
        } finally {
            Outcome.end(jobContext, op, status, suffix);
        }
    }
}
