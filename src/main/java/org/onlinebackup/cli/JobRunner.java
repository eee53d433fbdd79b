package org.onlinebackup.cli;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** Starts a new job execution of {@code job}; or restarts one, given the runtime and the job parameters. */
    @FunctionalInterface
    interface Launch {
        long start(SeBatchRuntime runtime, Properties params);
    }

    static int run(Main.Io io, ConnectionOptions.Resolved conn, String job, Properties params, ReportOptions report)
            throws InterruptedException {
        return run(io, conn, (runtime, p) -> runtime.operator().start(job, p), params, report);
    }

    /**
     * Runs {@code job}, which runs until it is stopped (the binlog archive): a stop is how it ends, so it is reported
     * as a success, with the job's own line.
     */
    static int runUntilStopped(Main.Io io, ConnectionOptions.Resolved conn, String job, Properties params,
                               ReportOptions report) throws InterruptedException {
        return run(io, conn, (runtime, p) -> runtime.operator().start(job, p), params, report, true);
    }

    /**
     * Runs a job execution that {@code launch} starts, with the connection's address and repository schema and this
     * process's progress view put into {@code params}.
     */
    static int run(Main.Io io, ConnectionOptions.Resolved conn, Launch launch, Properties params, ReportOptions report)
            throws InterruptedException {
        return run(io, conn, launch, params, report, false);
    }

    private static int run(Main.Io io, ConnectionOptions.Resolved conn, Launch launch, Properties params, ReportOptions report,
                           boolean stopEnds) throws InterruptedException {
        SeBatchRuntime runtime = conn.runtime();
        JobParams.putAddress(params, conn.address());
        params.setProperty(JobParams.REPOSITORY, conn.repository().text());
        ProgressView view = ProgressView.of(report, io);
        String token = ProgressListener.Registry.register(view);
        params.setProperty(JobParams.PROGRESS, token);
        params.setProperty(JobParams.COMMAND_LINE, "true");
        JobExecution e;
        long id;
        CountDownLatch reported = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(-1);
        try {
            try {
                view.start();
                id = launch.start(runtime, params);
                e = await(runtime, id, reported, exitCode);
            } finally {
                view.stop();
                ProgressListener.Registry.unregister(token);
            }
            int code = report(io, e, id, view, report, stopEnds);
            exitCode.set(code);
            return code;
        } finally {
            reported.countDown();
        }
    }

    /** Prints the job's warnings and its one-line result; returns the exit code. */
    private static int report(Main.Io io, JobExecution e, long id, ProgressView view, ReportOptions report, boolean stopEnds) {
        for (String w : Operations.takeWarnings(id)) {
            io.err().println("online-backup: warning: " + w);
        }
        String status = e.getExitStatus() == null ? e.getBatchStatus().toString() : e.getExitStatus();
        boolean ok = e.getBatchStatus() == BatchStatus.COMPLETED || stopEnds && e.getBatchStatus() == BatchStatus.STOPPED;
        String message = status.replaceFirst("^(COMPLETED|FAILED|STOPPED|ABANDONED): ", "");
        view.result(ok, e.getBatchStatus().toString(), message, id);
        if (ok) {
            if (!report.quiet && !report.json) {
                io.out().println(message + " [job execution " + id + "]");
            }
            return Main.OK;
        }
        io.err().println("online-backup: " + message + " [job execution " + id + "]" + RunLog.hint());
        if (e.getBatchStatus() == BatchStatus.STOPPED) {
            io.err().println("online-backup: to take it up again: online-backup restart " + id
                    + " (or give it up: online-backup abandon " + id + ")");
        }
        return Main.FAILED;
    }

    /**
     * Waits for the job to end; Ctrl+C or SIGTERM meanwhile stops it first, and the process exits once the result
     * is {@code reported}.
     */
    private static JobExecution await(SeBatchRuntime runtime, long id, CountDownLatch reported, AtomicInteger exitCode)
            throws InterruptedException {
        Thread stopOnInterrupt = new Thread(() -> stop(runtime, id, reported, exitCode), "online-backup-stop");
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
     * time to clean up and the main thread time to print the result line, so an interrupted backup leaves no work
     * directory, the repository says STOPPED and the terminal says so. The process then exits with the operation's
     * own status (1: interrupted), as documented, not the signal's 128+N.
     */
    private static void stop(SeBatchRuntime runtime, long id, CountDownLatch reported, AtomicInteger exitCode) {
        try {
            runtime.operator().stop(id);
            System.err.println("online-backup: interrupted: stopping job execution " + id);
        } catch (RuntimeException ended) {
            // the job has ended already: its result is being printed
        }
        try {
            reported.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int code = exitCode.get();
        if (code >= 0) {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
    }
}
