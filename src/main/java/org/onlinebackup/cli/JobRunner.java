package org.onlinebackup.cli;

import java.time.Duration;
import java.util.Properties;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.onlinebackup.connect.Credentials;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.runtime.se.SeBatchRuntime;

/** Starts a job through the JobOperator, waits for it, and prints its one-line result. */
final class JobRunner {
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private JobRunner() {
    }

    static int run(Main.Io io, ConnectionOptions.Resolved conn, String job, Properties params) throws InterruptedException {
        Credentials.register(conn.address(), conn.password());
        SeBatchRuntime runtime = SeBatchRuntime.start(conn.address(), conn.repositorySchema());
        JobParams.putAddress(params, conn.address());
        params.setProperty(JobParams.REPOSITORY_SCHEMA, conn.repositorySchema());
        long id = runtime.operator().start(job, params);
        Thread stopOnInterrupt = new Thread(() -> stop(runtime, id), "online-backup-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        JobExecution e;
        try {
            e = runtime.await(id, Duration.ofMillis(50));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the job
            }
        }
        for (String w : Operations.takeWarnings(id)) {
            io.err().println("online-backup: warning: " + w);
        }
        String status = e.getExitStatus() == null ? e.getBatchStatus().toString() : e.getExitStatus();
        if (e.getBatchStatus() == BatchStatus.COMPLETED) {
            io.out().println(status.replaceFirst("^COMPLETED: ", "") + " [job execution " + id + "]");
            return Main.OK;
        }
        io.err().println("online-backup: " + status.replaceFirst("^(FAILED|STOPPED|ABANDONED): ", "") + " [job execution " + id + "]");
        return Main.FAILED;
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
