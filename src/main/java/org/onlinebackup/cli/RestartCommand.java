package org.onlinebackup.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.runtime.se.SeBatchRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Restarts an interrupted backup or restore, from this process, whichever process ran it: {@code JobOperator.restart}
 * with the job's own parameters. The connection options reach the server whose job repository holds the execution,
 * which is the server the job ran against.
 */
@Command(name = "restart", description = "Take up an interrupted backup or restore (stopped, failed, or left by a process"
        + " that was killed): a restore goes on from its checkpoints, no table loaded twice; a backup starts again at a new"
        + " validity point. Its result line and the history name its JOB_EXECUTION.")
final class RestartCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ReportOptions report;

    @Parameters(paramLabel = "JOB_EXECUTION", description = "The job execution to take up (the latest of its job).")
    long execution;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() throws InterruptedException {
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        conn.prepareRuntime();
        Properties params = new Properties();
        report.putInto(params);
        // an injected fault fails its execution once, and a sleep between chunks slowed it down: the restart runs
        // without them
        params.setProperty(JobParams.FAULT, "");
        params.setProperty(JobParams.SLEEP, "");
        SeBatchRuntime runtime = conn.runtime();
        try (Connection c = ServerConnections.open(conn.address())) {
            InterruptedExecution.find(runtime.operator(), c, conn, execution, "restart");
        } catch (SQLException e) {
            throw ServerConnections.classify(e, conn.address(), "reading the job repository");
        }
        return JobRunner.run(main.io, conn, (rt, p) -> rt.operator().restart(execution, p), params, report);
    }
}
