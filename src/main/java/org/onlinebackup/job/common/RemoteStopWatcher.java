package org.onlinebackup.job.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.jberet.runtime.JobExecutionImpl;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.repository.Repository;

/**
 * A stop asked from another process ({@code online-backup stop ID}, or {@code JobOperator.stop} there): JBeret in
 * that process can only mark the execution STOPPING in the job repository. This watcher reads that mark every half
 * second, on a connection of its own, and stops the job here as a local {@code JobOperator.stop} would. An
 * operation part, closed with the operation.
 */
final class RemoteStopWatcher implements AutoCloseable {
    private static final long POLL_MILLIS = 500;
    private static final long JOIN_MILLIS = 2000;

    private final Connection connection;
    private final Thread thread;
    private volatile boolean closed;

    private RemoteStopWatcher(Operation op, JobExecutionImpl execution, Repository repository) {
        this.connection = repository.connection();
        String sql = "SELECT BATCHSTATUS FROM JOB_EXECUTION WHERE JOBEXECUTIONID = ?";
        this.thread = new Thread(() -> watch(op, execution, sql), "online-backup-stop-watch-" + execution.getExecutionId());
        thread.setDaemon(true);
    }

    /** Starts watching the repository for a stop of {@code execution}, the job of {@code op}. */
    static void start(Operation op, JobExecutionImpl execution, Repository repository) {
        RemoteStopWatcher w = new RemoteStopWatcher(op, execution, repository);
        op.part(RemoteStopWatcher.class, () -> w);
        w.thread.start();
    }

    /** Polls until the job is stopped or the watcher closed; the connection is used and closed by this thread only. */
    private void watch(Operation op, JobExecutionImpl execution, String sql) {
        try (Connection c = connection; PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, execution.getExecutionId());
            while (!closed && !execution.isStopRequested()) {
                Thread.sleep(POLL_MILLIS);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && "STOPPING".equals(rs.getString(1)) && !closed) {
                        StopSignal.of(op).request(op);
                        execution.stop();
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            if (!closed) {
                op.warn("a stop asked from another process will not be seen: " + ServerConnections.serverMessage(e));
            }
        }
    }

    /**
     * Ends the watching thread, which closes its connection (a pool logs a connection closed while another thread
     * runs a statement on it); one stuck in a statement for {@link #JOIN_MILLIS} has its connection closed from here.
     */
    @Override
    public void close() {
        closed = true;
        if (Thread.currentThread() == thread) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            ServerConnections.closeQuietly(connection);
        }
    }
}
