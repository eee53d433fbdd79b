package org.onlinebackup.lock;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.repository.RunningOperations;

/**
 * One BACKUP or RESTORE at a time per server, across processes and machines: the user lock
 * {@value #LOCK_NAME}, taken without waiting and held on a connection of its own until the operation ends (the server
 * releases it if that connection dies). GET_LOCK writes nothing on the server, so a read-only replica takes it too.
 * The holder describes itself in the repository ({@link RunningOperations}), keyed by the server and its connection
 * id, so that a refused operation using the same repository can name the running one.
 *
 * @see <a href="https://mariadb.com/kb/en/get_lock/">GET_LOCK</a>
 */
public final class OperationLock implements AutoCloseable {
    public static final String LOCK_NAME = "online_backup.operation";

    private final Connection connection;
    private final RunningOperations running;
    private final String server;
    private final long connectionId;
    private final List<RunningOperations.Holder> stale;

    /** The server connection id of the session holding the lock. */
    public long connectionId() {
        return connectionId;
    }

    private OperationLock(Connection connection, RunningOperations running, String server, long connectionId,
                          List<RunningOperations.Holder> stale) {
        this.connection = connection;
        this.running = running;
        this.server = server;
        this.connectionId = connectionId;
        this.stale = List.copyOf(stale);
    }

    /**
     * The holders the repository still named although they no longer held the lock: their process was killed or
     * lost its connection. Their rows are gone once this lock is taken.
     */
    public List<RunningOperations.Holder> staleHolders() {
        return stale;
    }

    /**
     * Takes the lock on {@code connection}, which it then owns, or fails naming the operation that holds it.
     * {@code what} describes this operation, e.g. "backup, job execution 12, process 345 on host db1".
     */
    public static OperationLock acquire(Connection connection, RunningOperations running, String what, long execution)
            throws SQLException {
        try {
            String server = serverName(connection);
            if (!getLock(connection)) {
                throw new OnlineBackupException(Message.OPERATION_RUNNING, describeHolder(connection, running, server));
            }
            long id = ServerConnections.connectionId(connection);
            List<RunningOperations.Holder> stale = running.taken(server, id, execution, what);
            return new OperationLock(connection, running, server, id, stale);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** How the repository names a server: {@code @@hostname:@@port}, the same whichever way it is reached. */
    public static String serverName(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@hostname, @@port")) {
            rs.next();
            return rs.getString(1) + ":" + rs.getInt(2);
        }
    }

    /** The server connection id holding the operation lock now: the running backup or restore, or null if none runs. */
    public static Long holder(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT IS_USED_LOCK('" + LOCK_NAME + "')")) {
            rs.next();
            long id = rs.getLong(1);
            return rs.wasNull() ? null : id;
        }
    }

    /**
     * What the running backup or restore says of itself (for example "backup, job execution 12, process 345 on host
     * db1, started ..."), or null when none runs.
     */
    public static String running(Connection c, RunningOperations running) throws SQLException {
        if (holder(c) == null) {
            return null;
        }
        return describeHolder(c, running, serverName(c));
    }

    private static boolean getLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT GET_LOCK('" + LOCK_NAME + "', 0)")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    private static String describeHolder(Connection c, RunningOperations running, String server) throws SQLException {
        Long id = holder(c);
        if (id == null) {
            return "an operation that has just ended";
        }
        RunningOperations.Holder h = running.find(server, id);
        if (h == null) {
            return "server connection " + id + " holds the lock " + LOCK_NAME + " (an operation recorded in another repository)";
        }
        return h.operation() + ", started " + h.started() + " UTC";
    }

    /**
     * Fails with {@link Message#LOCK_LOST} unless this session still holds the lock; {@code operation} ("backup") and
     * {@code outcome} ("no image is published: ...") complete the message.
     */
    public void ensureHeld(String operation, String outcome) {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT IS_USED_LOCK('" + LOCK_NAME + "') = CONNECTION_ID()")) {
            if (rs.next() && rs.getInt(1) == 1) {
                return;
            }
        } catch (SQLException gone) {
            // the connection is gone, and the lock with it
        }
        throw new OnlineBackupException(Message.LOCK_LOST, operation, "operation lock " + LOCK_NAME,
                "another backup or restore could have run meanwhile", outcome);
    }

    /**
     * Lets the lock go, and its row: also when its connection is gone (killed, a server restart), where the server let
     * the lock go already and only the row is left to remove.
     */
    @Override
    public void close() {
        try (Statement s = connection.createStatement()) {
            s.execute("DO RELEASE_LOCK('" + LOCK_NAME + "')");
        } catch (SQLException gone) {
            // the server released the lock with its connection
        } finally {
            ServerConnections.closeQuietly(connection);
            running.released(server, connectionId);
        }
    }
}
