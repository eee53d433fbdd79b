package org.onlinebackup.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.batch.operations.JobOperator;

import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.runtime.se.SeBatchRuntime;
import org.onlinebackup.schedule.JdbcFirings;
import org.onlinebackup.schedule.OperatorLauncher;
import org.onlinebackup.schedule.ScheduleFile;
import org.onlinebackup.schedule.Scheduler;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code online-backup schedule --file F}: a daemon that runs the batch windows of a schedule file (see
 * {@code schedule.Schedule}) against the server of its connection options, beside WildFly nodes or other daemons on
 * the same repository: each window runs on one of them only. SIGTERM or Ctrl+C stops the jobs of open windows at
 * their checkpoints, then ends.
 */
@Command(name = "schedule", description = "Run the batch windows of a schedule file until stopped: start each window's"
        + " backup or restore, stop it when the window closes, take it up in the next window.")
final class ScheduleCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The schedule file (read again when it changes).")
    Path file;

    @Option(names = "--node", paramLabel = "NAME", description = "This scheduler's name in the claims and the history (default: host:pid).")
    String node;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() throws InterruptedException {
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        SeBatchRuntime runtime = conn.runtime();
        JobOperator jobs = runtime.operator();
        String name = node != null ? node : host() + ":" + ProcessHandle.current().pid();
        // a schedule shared with WildFly may name its data source: here the connection options say the server
        Scheduler scheduler = new Scheduler(new ScheduleFile(file.toAbsolutePath()), new OperatorLauncher(jobs, parameters -> {
            parameters.remove(JobParams.DATA_SOURCE);
            JobParams.putAddress(parameters, conn.address());
            parameters.setProperty(JobParams.REPOSITORY, conn.repository().text());
        }), new JdbcFirings(conn.runtime().repository()), name);
        Thread loop = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scheduler.stopAll(Duration.ofSeconds(30));
            loop.interrupt();
        }, "online-backup-schedule-stop"));
        main.io.out().println("online-backup: scheduling the windows of " + file.toAbsolutePath() + " as node " + name);
        main.io.out().flush();
        try {
            String failing = null;
            while (true) {
                try {
                    scheduler.tick(LocalDateTime.now());
                    failing = null;
                } catch (RuntimeException e) {
                    // the server gone for a while, say: said when it starts (or changes), and tried again each tick
                    String why = OnlineBackupException.describe(e);
                    if (!why.equals(failing)) {
                        main.io.err().println("online-backup: warning: scheduled windows: " + why + RunLog.hint());
                        Logger.getLogger(ScheduleCommand.class.getName()).log(Level.WARNING, "scheduled windows: " + why, e);
                        failing = why;
                    }
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException stopping) {
            return Main.OK;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
