package org.onlinebackup.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who holds each server's operation lock, as the holders say of themselves: one row per server (its
 * {@code @@hostname:@@port}) and server connection, written once the lock is taken, removed when it is let go. The
 * lock itself is the server's user lock; these rows only let a refused operation name the running one, and let the
 * next holder find those whose process died (their rows outlive their lock).
 */
public final class RunningOperations {
    private final Repository repository;

    public RunningOperations(Repository repository) {
        this.repository = repository;
    }

    /** A row: an operation that holds, or held until its process died, the lock of {@code server}. */
    public record Holder(String server, long connectionId, long jobExecutionId, String operation, Instant started) {
    }

    /**
     * Records that connection {@code connectionId} of {@code server} now holds its lock, for job execution
     * {@code execution}; returns the rows of that server it replaces: holders whose process ended without letting go.
     */
    public List<Holder> taken(String server, long connectionId, long execution, String operation) {
        try (Connection c = repository.connection()) {
            c.setAutoCommit(false);
            List<Holder> stale = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM running_operation WHERE server = ?")) {
                ps.setString(1, server);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Holder h = holder(rs);
                        if (h.connectionId() != connectionId) {
                            stale.add(h);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM running_operation WHERE server = ?")) {
                ps.setString(1, server);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO running_operation"
                    + " (server, connection_id, job_execution_id, operation, started, host, pid) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, server);
                ps.setLong(2, connectionId);
                ps.setLong(3, execution);
                ps.setString(4, operation);
                ps.setTimestamp(5, Timestamp.from(Instant.now()));
                ps.setString(6, HOST);
                ps.setLong(7, ProcessHandle.current().pid());
                ps.executeUpdate();
            }
            c.commit();
            return stale;
        } catch (SQLException e) {
            throw repository.error(e, "recording the holder of the operation lock");
        }
    }

    /** The lock of {@code server} held by {@code connectionId} was let go. */
    public void released(String server, long connectionId) {
        try (Connection c = repository.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM running_operation WHERE server = ? AND connection_id = ?")) {
            ps.setString(1, server);
            ps.setLong(2, connectionId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw repository.error(e, "removing the holder of the operation lock");
        }
    }

    /** The row of the holder {@code connectionId} of {@code server}, or null when this repository has none. */
    public Holder find(String server, long connectionId) {
        try (Connection c = repository.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM running_operation WHERE server = ? AND connection_id = ?")) {
            ps.setString(1, server);
            ps.setLong(2, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? holder(rs) : null;
            }
        } catch (SQLException e) {
            throw repository.error(e, "reading the holder of the operation lock");
        }
    }

    /**
     * Whether the operation of job execution {@code execution} may still run: it holds a lock, and its process is
     * alive, as far as this host can tell (a process on another host is taken to be).
     */
    public boolean running(long execution) {
        try (Connection c = repository.connection();
             PreparedStatement ps = c.prepareStatement("SELECT host, pid FROM running_operation WHERE job_execution_id = ?")) {
            ps.setLong(1, execution);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!HOST.equals(rs.getString(1)) || ProcessHandle.of(rs.getLong(2)).map(ProcessHandle::isAlive).orElse(false)) {
                        return true;
                    }
                }
                return false;
            }
        } catch (SQLException e) {
            throw repository.error(e, "reading the holders of the operation lock");
        }
    }

    /** This host's name, as the rows give it. */
    public static final String HOST = host();

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                h = "unknown";
            }
        }
        return h;
    }

    /** The job executions of every row: operations that run, or whose process died while they ran. */
    public List<Long> executions() {
        try (Connection c = repository.connection();
             PreparedStatement ps = c.prepareStatement("SELECT job_execution_id FROM running_operation");
             ResultSet rs = ps.executeQuery()) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        } catch (SQLException e) {
            throw repository.error(e, "reading the holders of the operation lock");
        }
    }

    private static Holder holder(ResultSet rs) throws SQLException {
        Timestamp t = rs.getTimestamp("started");
        return new Holder(rs.getString("server"), rs.getLong("connection_id"), rs.getLong("job_execution_id"),
                rs.getString("operation"), t == null ? null : t.toInstant());
    }
}
