package org.onlinebackup.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.NameList;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Workspace;
import org.onlinebackup.job.restore.RestoreLedger;
import org.onlinebackup.runtime.se.SeBatchRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Gives up an interrupted backup or restore for good ({@code JobOperator.abandon}): it can no longer be restarted.
 * A backup's work directory (its partial image) is removed; a restore's databases are left as they are, and named.
 */
@Command(name = "abandon", description = "Give up an interrupted backup or restore for good: it can no longer be"
        + " restarted. A backup's partial image is removed; the databases a restore changed are left as they are, and named.")
final class AbandonCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "JOB_EXECUTION", description = "The job execution to give up (the latest of its job).")
    long execution;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        SeBatchRuntime runtime = conn.runtime();
        try (Connection c = ServerConnections.open(conn.address())) {
            InterruptedExecution e = InterruptedExecution.find(runtime.operator(), c, conn, execution, "abandon");
            runtime.operator().abandon(execution);
            String left;
            if (e.job().equals(JobParams.RESTORE_JOB)) {
                List<String> changed = RestoreLedger.forget(runtime.repository(), e.instance());
                left = changed.isEmpty() ? "it had changed no database"
                        : "database(s) " + NameList.of(changed.stream().map(Identifiers::quote).toList())
                                + " it changed are left as they are, not restored completely: drop them, or restore again"
                                + " with --overwrite";
            } else {
                left = removeWorkDirectory(e);
            }
            main.io.out().println("job execution " + execution + " (" + e.job() + ") abandoned: " + left);
            return Main.OK;
        } catch (SQLException e) {
            throw ServerConnections.classify(e, conn.address(), "reading the job repository");
        }
    }

    /** Removes the partial image a killed backup left, if it is that backup's. */
    private static String removeWorkDirectory(InterruptedExecution e) {
        String image = e.parameters().getProperty(JobParams.IMAGE);
        if (image == null || image.isBlank()) {
            return "it left nothing behind";
        }
        Workspace ws = Workspace.of(Path.of(image).toAbsolutePath().normalize());
        Long owner = ws.owner();
        if (owner == null || owner != e.instance()) {
            return "it left nothing behind";
        }
        ws.delete();
        return "its partial image, in " + ws.dir() + ", removed";
    }
}
