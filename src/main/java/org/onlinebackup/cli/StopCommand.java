package org.onlinebackup.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;

import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.NoSuchJobExecutionException;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.runtime.se.SeBatchRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Stops a running backup or restore, whichever process runs it: JBeret marks the execution STOPPING in the job
 * repository, the process running it sees that within half a second and stops the job as at Ctrl+C; this command
 * then waits for it to have ended.
 */
@Command(name = "stop", description = "Stop a running backup or restore, run by this machine or another: it ends STOPPED"
        + " (history: cancel) at its next wait or checkpoint.")
final class StopCommand implements Callable<Integer> {
    private static final long WAIT_MILLIS = 30_000;

    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "JOB_EXECUTION", description = "The job execution (its result line and the history name it).")
    long execution;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() throws InterruptedException {
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        SeBatchRuntime runtime = conn.runtime();
        try (Connection c = runtime.repository().connection();
             PreparedStatement status = c.prepareStatement("SELECT BATCHSTATUS, EXITSTATUS FROM JOB_EXECUTION"
                     + " WHERE JOBEXECUTIONID = ?")) {
            status.setLong(1, execution);
            try {
                runtime.operator().stop(execution);
            } catch (NoSuchJobExecutionException e) {
                throw new OnlineBackupException(Message.STOP_UNKNOWN, execution, conn.repository().text());
            } catch (JobExecutionNotRunningException e) {
                throw new OnlineBackupException(Message.STOP_NOT_RUNNING, execution, status(status)[0]);
            }
            long until = System.currentTimeMillis() + WAIT_MILLIS;
            String[] s = status(status);
            while (("STOPPING".equals(s[0]) || "STARTED".equals(s[0]) || "STARTING".equals(s[0]))
                    && System.currentTimeMillis() < until) {
                Thread.sleep(100);
                s = status(status);
            }
            if ("STOPPED".equals(s[0])) {
                main.io.out().println("job execution " + execution + " stopped: "
                        + (s[1] == null ? "STOPPED" : s[1].replaceFirst("^STOPPED: ", "")));
                return Main.OK;
            }
            main.io.err().println("online-backup: asked job execution " + execution + " to stop; it is " + s[0]
                    + (s[1] == null ? "" : ": " + s[1]));
            return Main.FAILED;
        } catch (SQLException e) {
            throw runtime.repository().error(e, "reading the job execution");
        }
    }

    /** The execution's batch status and exit status, as the repository has them now. */
    private static String[] status(PreparedStatement status) throws SQLException {
        try (ResultSet rs = status.executeQuery()) {
            return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : new String[] {"unknown", null};
        }
    }
}
