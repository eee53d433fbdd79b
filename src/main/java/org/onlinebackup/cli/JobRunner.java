package org.onlinebackup.cli;

import java.time.Duration;
import java.util.Properties;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.onlinebackup.feedback.ProgressListener;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.runtime.se.SeBatchRuntime;

/** Starts a job through the JobOperator, shows its progress, waits for it, and prints its one-line result. */
final class JobRunner {
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private JobRunner() {
    }

    static int run(Main.Io io, ConnectionOptions.Resolved conn, String job, Properties params, ReportOptions report)
            throws InterruptedException {
        conn.register();
        SeBatchRuntime runtime = SeBatchRuntime.start(conn.address(), conn.repositorySchema());
        JobParams.putAddress(params, conn.address());
        params.setProperty(JobParams.REPOSITORY_SCHEMA, conn.repositorySchema());
        ProgressView view = ProgressView.of(report, io);
        String token = ProgressListener.Registry.register(view);
        params.setProperty(JobParams.PROGRESS, token);
        JobExecution e;
        long id;
        try {
            view.start();
            id = runtime.operator().start(job, params);
            e = await(runtime, id);
        } finally {
            view.stop();
            ProgressListener.Registry.unregister(token);
        }
        for (String w : Operations.takeWarnings(id)) {
            io.err().println("online-backup: warning: " + w);
        }
        String status = e.getExitStatus() == null ? e.getBatchStatus().toString() : e.getExitStatus();
        boolean ok = e.getBatchStatus() == BatchStatus.COMPLETED;
        String message = status.replaceFirst("^(COMPLETED|FAILED|STOPPED|ABANDONED): ", "");
        view.result(ok, e.getBatchStatus().toString(), message, id);
        if (ok) {
            if (!report.quiet && !report.json) {
                io.out().println(message + " [job execution " + id + "]");
            }
            return Main.OK;
        }
        io.err().println("online-backup: " + message + " [job execution " + id + "]");
        return Main.FAILED;
    }

    /** Waits for the job to end; Ctrl+C or SIGTERM meanwhile stops it first. */
    private static JobExecution await(SeBatchRuntime runtime, long id) throws InterruptedException {
        Thread stopOnInterrupt = new Thread(() -> stop(runtime, id), "online-backup-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            return runtime.await(id, Duration.ofMillis(50));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the job
            }
        }
    }

    /**
     * On Ctrl+C or SIGTERM: asks the job to stop (a chunk step stops at its next checkpoint) and gives its listeners
     * time to clean up, so an interrupted backup leaves no work directory and the repository says STOPPED.
     */
    private static void stop(SeBatchRuntime runtime, long id) {
        try {
            runtime.operator().stop(id);
            System.err.println("online-backup: interrupted: stopping job execution " + id);
            Thread waiter = new Thread(() -> {
                try {
                    runtime.await(id, Duration.ofMillis(50));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.setDaemon(true);
            waiter.start();
            waiter.join(STOP_GRACE.toMillis());
        } catch (RuntimeException | InterruptedException ignored) {
            // the job has ended already, or the process is going down regardless
        }
    }
}
