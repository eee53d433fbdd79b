package org.onlinebackup.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;

import org.onlinebackup.repository.Repository;

/**
 * Firings claimed in the repository's table {@code schedule_firing}: its primary key (schedule, opening) is the lock
 * that lets one scheduler of many run a firing, when they share the repository.
 */
public final class JdbcFirings implements Scheduler.Firings {
    private final Repository repository;

    public JdbcFirings(Repository repository) {
        this.repository = repository;
    }

    @Override
    public boolean claim(String schedule, LocalDateTime opening, String node) {
        try (Connection c = repository.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO schedule_firing (schedule, opening, node, claimed_at)"
                     + " VALUES (?, ?, ?, ?)")) {
            ps.setString(1, schedule);
            ps.setTimestamp(2, Timestamp.valueOf(opening));
            ps.setString(3, node);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (repository.dialect().duplicateKey(e)) {
                return false;
            }
            throw repository.error(e, "claiming a scheduled window");
        }
    }

    @Override
    public void executed(String schedule, LocalDateTime opening, long execution) {
        try (Connection c = repository.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE schedule_firing SET execution_id = ? WHERE schedule = ? AND opening = ?")) {
            ps.setLong(1, execution);
            ps.setString(2, schedule);
            ps.setTimestamp(3, Timestamp.valueOf(opening));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw repository.error(e, "recording a scheduled window");
        }
    }

    @Override
    public Long previous(String schedule, LocalDateTime opening, String node) {
        try (Connection c = repository.connection();
             PreparedStatement ps = c.prepareStatement("SELECT node, execution_id FROM schedule_firing"
                     + " WHERE schedule = ? AND opening < ? ORDER BY opening DESC LIMIT 1")) {
            ps.setString(1, schedule);
            ps.setTimestamp(2, Timestamp.valueOf(opening));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !node.equals(rs.getString(1))) {
                    return null;
                }
                long id = rs.getLong(2);
                return rs.wasNull() ? null : id;
            }
        } catch (SQLException e) {
            throw repository.error(e, "reading the scheduled windows");
        }
    }
}
