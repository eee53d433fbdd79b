package org.onlinebackup.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.repository.Repository;

/**
 * The reading side of the repository's history tables for {@code history} and {@code show}: plain queries on one
 * connection, no Hibernate, so a command that only reads starts in a fraction of a second. Writes go through
 * {@link Recorder}.
 */
public final class HistoryReader implements AutoCloseable {
    private final Connection connection;
    private final Repository repository;

    private HistoryReader(Connection connection, Repository repository) {
        this.connection = connection;
        this.repository = repository;
    }

    /** Opens a connection to the repository's history. */
    public static HistoryReader open(Repository repository) {
        return new HistoryReader(repository.connection(), repository);
    }

    /** The {@code limit} most recent operations, newest first. */
    public List<HistoryEntry> recent(int limit) {
        return query("SELECT * FROM backup_history ORDER BY backup_id DESC LIMIT " + limit, null,
                HistoryEntry::fromRow, "reading the history");
    }

    /** The row of operation {@code backupId}, or null. */
    public HistoryEntry entry(long backupId) {
        List<HistoryEntry> one = query("SELECT * FROM backup_history WHERE backup_id = ?", backupId,
                HistoryEntry::fromRow, "reading the history");
        return one.isEmpty() ? null : one.get(0);
    }

    /** The progress rows of operation {@code backupId}, in the order they were added. */
    public List<ProgressEntry> progressOf(long backupId) {
        return query("SELECT * FROM backup_progress WHERE backup_id = ? ORDER BY id", backupId,
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
            throw repository.error(e, what);
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
