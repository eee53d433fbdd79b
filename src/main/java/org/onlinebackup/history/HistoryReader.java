package org.onlinebackup.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * The reading side of the history tables for {@code history} and {@code show}: plain queries on one connection, no
 * Hibernate, so a command that only reads starts in a fraction of a second. The tables must exist: looking at the
 * history never creates it. Writes go through {@link Recorder}.
 */
public final class HistoryReader implements AutoCloseable {
    private final Connection connection;
    private final String schema;
    private final ServerAddress address;

    private HistoryReader(Connection connection, String schema, ServerAddress address) {
        this.connection = connection;
        this.schema = Identifiers.quote(schema);
        this.address = address;
    }

    /** Opens a connection and checks the history tables of {@code schema} are there ({@code OBK-1016} if not), upgrading
     * them if an older version made them. */
    public static HistoryReader open(ServerAddress address, String schema) {
        Connection c = null;
        try {
            c = ServerConnections.open(address);
            requireTables(c, address, schema);
            c.setCatalog(schema);
            HistorySchema.ensure(c);
            return new HistoryReader(c, schema, address);
        } catch (SQLException e) {
            close(c);
            throw ServerConnections.classify(e, address, "looking for the history tables in schema " + schema);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** Fails with {@code OBK-1016} unless the history tables of {@code schema} exist: reading never creates them. */
    static void requireTables(Connection c, ServerAddress address, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ('history_schema_version', 'backup_history', 'backup_progress')")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) < 3) {
                    throw new OnlineBackupException(Message.HISTORY_NONE, Identifiers.quote(schema), address.where());
                }
            }
        }
    }

    /** The {@code limit} most recent operations, newest first. */
    public List<HistoryEntry> recent(int limit) {
        return query("SELECT * FROM " + schema + ".backup_history ORDER BY backup_id DESC LIMIT " + limit, null,
                HistoryEntry::fromRow, "reading the history");
    }

    /** The row of operation {@code backupId}, or null. */
    public HistoryEntry entry(long backupId) {
        List<HistoryEntry> one = query("SELECT * FROM " + schema + ".backup_history WHERE backup_id = ?", backupId,
                HistoryEntry::fromRow, "reading the history");
        return one.isEmpty() ? null : one.get(0);
    }

    /** The progress rows of operation {@code backupId}, in the order they were added. */
    public List<ProgressEntry> progressOf(long backupId) {
        return query("SELECT * FROM " + schema + ".backup_progress WHERE backup_id = ? ORDER BY id", backupId,
                ProgressEntry::fromRow, "reading the progress rows");
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Long id, RowMapper<T> mapper, String what) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (id != null) {
                ps.setLong(1, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw ServerConnections.classify(e, address, what);
        }
    }

    @Override
    public void close() {
        close(connection);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a read-only connection: nothing to lose
            }
        }
    }
}
