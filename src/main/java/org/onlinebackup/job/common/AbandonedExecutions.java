package org.onlinebackup.job.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.onlinebackup.repository.Repository;

/**
 * Ends, in JBeret's job repository, the executions whose process died (kill -9, a lost connection) while they ran:
 * they stay STARTED there for ever otherwise, and JobOperator lists them as running. They become STOPPED, with
 * their steps and partitions, which is also what a later restart needs.
 */
public final class AbandonedExecutions {
    private static final String GOING = "('STARTING', 'STARTED', 'STOPPING')";

    private AbandonedExecutions() {
    }

    public static void markStopped(Repository repository, List<Long> executions, String exitStatus) {
        try (Connection c = repository.connection();
             PreparedStatement job = c.prepareStatement("UPDATE JOB_EXECUTION SET BATCHSTATUS = 'STOPPED',"
                + " EXITSTATUS = ?, ENDTIME = ?, LASTUPDATEDTIME = ? WHERE JOBEXECUTIONID = ? AND BATCHSTATUS IN " + GOING);
             PreparedStatement steps = c.prepareStatement("UPDATE STEP_EXECUTION SET BATCHSTATUS = 'STOPPED',"
                     + " ENDTIME = ? WHERE JOBEXECUTIONID = ? AND BATCHSTATUS IN " + GOING);
             PreparedStatement partitions = c.prepareStatement("UPDATE PARTITION_EXECUTION SET BATCHSTATUS = 'STOPPED'"
                     + " WHERE STEPEXECUTIONID IN (SELECT STEPEXECUTIONID FROM STEP_EXECUTION WHERE JOBEXECUTIONID = ?)"
                     + " AND BATCHSTATUS IN " + GOING)) {
            Timestamp now = Timestamp.from(Instant.now());
            for (long id : executions) {
                job.setString(1, exitStatus);
                job.setTimestamp(2, now);
                job.setTimestamp(3, now);
                job.setLong(4, id);
                job.executeUpdate();
                partitions.setLong(1, id);
                partitions.executeUpdate();
                steps.setTimestamp(1, now);
                steps.setLong(2, id);
                steps.executeUpdate();
            }
        } catch (SQLException e) {
            throw repository.error(e, "marking abandoned job executions stopped");
        }
    }
}
