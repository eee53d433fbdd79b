package org.onlinebackup.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * One BACKUP or RESTORE at a time per server, across processes and machines: the user lock
 * {@value #LOCK_NAME}, taken without waiting and held on a connection of its own until the operation ends (the server
 * releases it if that connection dies). The holder describes itself in {@code <repository schema>.running_operation},
 * keyed by its connection id, so that a refused operation can name the running one.
 *
 * @see <a href="https://mariadb.com/kb/en/get_lock/">GET_LOCK</a>
 */
public final class OperationLock implements AutoCloseable {
    public static final String LOCK_NAME = "online_backup.operation";

    private final Connection connection;
    private final String table;
    private final List<Long> stale;

    /** The server connection id of the session holding the lock. */
    public long connectionId() throws SQLException {
        return ServerConnections.connectionId(connection);
    }

    private OperationLock(Connection connection, String table, List<Long> stale) {
        this.connection = connection;
        this.table = table;
        this.stale = List.copyOf(stale);
    }

    /**
     * The connection ids of the holders whose rows were left in {@code running_operation} although they no longer
     * held the lock: their process was killed or lost its connection. Their rows are gone once this lock is taken.
     */
    public List<Long> staleHolders() {
        return stale;
    }

    /**
     * Takes the lock on {@code connection}, which it then owns, or fails naming the operation that holds it.
     * {@code what} describes this operation, e.g. "backup, job execution 12, process 345 on host db1".
     */
    public static OperationLock acquire(Connection connection, String repositorySchema, String what) throws SQLException {
        String table = Identifiers.quote(repositorySchema) + ".running_operation";
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + table + " (connection_id BIGINT UNSIGNED PRIMARY KEY,"
                        + " operation VARCHAR(512) NOT NULL, started DATETIME(6) NOT NULL) ENGINE=InnoDB");
            }
            if (!getLock(connection)) {
                throw new OnlineBackupException(Message.OPERATION_RUNNING, holder(connection, table));
            }
            List<Long> stale = new ArrayList<>();
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT connection_id FROM " + table + " WHERE connection_id <> CONNECTION_ID()")) {
                while (rs.next()) {
                    stale.add(rs.getLong(1));
                }
            }
            try (Statement s = connection.createStatement()) {
                s.execute("DELETE FROM " + table + " WHERE connection_id <> CONNECTION_ID()");
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "REPLACE INTO " + table + " VALUES (CONNECTION_ID(), ?, UTC_TIMESTAMP(6))")) {
                ps.setString(1, what);
                ps.execute();
            }
            return new OperationLock(connection, table, stale);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
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
     * What the running backup or restore says of itself in {@code running_operation} (for example "backup, job
     * execution 12, process 345 on host db1, started ..."), or null when none runs.
     */
    public static String running(Connection c, String repositorySchema) throws SQLException {
        if (holder(c) == null) {
            return null;
        }
        try {
            return holder(c, Identifiers.quote(repositorySchema) + ".running_operation");
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return "server connection " + holder(c) + " holds the lock " + LOCK_NAME;
            }
            throw e;
        }
    }

    private static boolean getLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT GET_LOCK('" + LOCK_NAME + "', 0)")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    private static String holder(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT r.operation, r.started, l.id FROM (SELECT IS_USED_LOCK('" + LOCK_NAME
                     + "') AS id) l LEFT JOIN " + table + " r ON r.connection_id = l.id")) {
            if (!rs.next() || rs.getString(3) == null) {
                return "an operation that has just ended";
            }
            if (rs.getString(1) == null) {
                return "server connection " + rs.getString(3) + " holds the lock " + LOCK_NAME;
            }
            return rs.getString(1) + ", started " + rs.getString(2) + " UTC";
        }
    }

    /** Fails with {@link Message#LOCK_LOST} unless this session still holds the lock. */
    public void ensureHeld() {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT IS_USED_LOCK('" + LOCK_NAME + "') = CONNECTION_ID()")) {
            if (rs.next() && rs.getInt(1) == 1) {
                return;
            }
        } catch (SQLException gone) {
            // the connection is gone, and the lock with it
        }
        throw new OnlineBackupException(Message.LOCK_LOST, "operation lock " + LOCK_NAME,
                "another backup or restore could have run meanwhile");
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM " + table + " WHERE connection_id = CONNECTION_ID()");
            s.execute("DO RELEASE_LOCK('" + LOCK_NAME + "')");
        } finally {
            connection.close();
        }
    }
}
