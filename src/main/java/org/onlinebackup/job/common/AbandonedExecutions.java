package org.onlinebackup.job.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.onlinebackup.catalogue.Identifiers;

/**
 * Ends, in JBeret's job repository, the executions whose process died (kill -9, a lost connection) while they ran:
 * they stay STARTED there for ever otherwise, and JobOperator lists them as running. They become STOPPED, with
 * their steps and partitions, which is also what a later restart needs.
 */
public final class AbandonedExecutions {
    private static final String GOING = "('STARTING', 'STARTED', 'STOPPING')";

    private AbandonedExecutions() {
    }

    public static void markStopped(Connection c, String schema, List<Long> executions, String exitStatus) throws SQLException {
        String q = Identifiers.quote(schema);
        try (PreparedStatement job = c.prepareStatement("UPDATE " + q + ".JOB_EXECUTION SET BATCHSTATUS = 'STOPPED',"
                + " EXITSTATUS = ?, ENDTIME = NOW(), LASTUPDATEDTIME = NOW() WHERE JOBEXECUTIONID = ? AND BATCHSTATUS IN " + GOING);
             PreparedStatement steps = c.prepareStatement("UPDATE " + q + ".STEP_EXECUTION SET BATCHSTATUS = 'STOPPED',"
                     + " ENDTIME = NOW() WHERE JOBEXECUTIONID = ? AND BATCHSTATUS IN " + GOING);
             PreparedStatement partitions = c.prepareStatement("UPDATE " + q + ".PARTITION_EXECUTION p JOIN " + q
                     + ".STEP_EXECUTION s ON s.STEPEXECUTIONID = p.STEPEXECUTIONID SET p.BATCHSTATUS = 'STOPPED'"
                     + " WHERE s.JOBEXECUTIONID = ? AND p.BATCHSTATUS IN " + GOING)) {
            for (long id : executions) {
                job.setString(1, exitStatus);
                job.setLong(2, id);
                job.executeUpdate();
                partitions.setLong(1, id);
                partitions.executeUpdate();
                steps.setLong(1, id);
                steps.executeUpdate();
            }
        }
    }
}
