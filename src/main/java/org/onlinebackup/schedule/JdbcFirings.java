package org.onlinebackup.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.ServerConnections;

/**
 * Firings claimed in the table {@code schedule_firing} of the repository schema: its primary key (schedule,
 * opening) is the server-side lock that lets one scheduler of many run a firing.
 */
public final class JdbcFirings implements Scheduler.Firings {
    private static final int ER_DUP_ENTRY = 1062;

    private final ServerAddress address;
    private final String table;

    public JdbcFirings(ServerAddress address, String schema) {
        this.address = address;
        this.table = Identifiers.quote(schema) + ".schedule_firing";
        try (Connection c = ServerConnections.open(address); Statement s = c.createStatement()) {
            ServerConnections.createDatabaseIfMissing(c, schema);
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (schedule VARCHAR(64) NOT NULL, opening DATETIME NOT NULL,"
                    + " node VARCHAR(255) NOT NULL, execution_id BIGINT NULL, claimed_at DATETIME(6) NOT NULL,"
                    + " PRIMARY KEY (schedule, opening)) ENGINE=InnoDB COMMENT 'online-backup: which node ran each scheduled window'");
        } catch (SQLException e) {
            throw ServerConnections.classify(e, address, "creating " + table);
        }
    }

    @Override
    public boolean claim(String schedule, LocalDateTime opening, String node) {
        try (Connection c = ServerConnections.open(address);
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (schedule, opening, node, claimed_at)"
                     + " VALUES (?, ?, ?, NOW(6))")) {
            ps.setString(1, schedule);
            ps.setTimestamp(2, Timestamp.valueOf(opening));
            ps.setString(3, node);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_DUP_ENTRY) {
                return false;
            }
            throw ServerConnections.classify(e, address, "claiming a window in " + table);
        }
    }

    @Override
    public void executed(String schedule, LocalDateTime opening, long execution) {
        try (Connection c = ServerConnections.open(address);
             PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET execution_id = ? WHERE schedule = ? AND opening = ?")) {
            ps.setLong(1, execution);
            ps.setString(2, schedule);
            ps.setTimestamp(3, Timestamp.valueOf(opening));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw ServerConnections.classify(e, address, "recording a window in " + table);
        }
    }

    @Override
    public Long previous(String schedule, LocalDateTime opening, String node) {
        try (Connection c = ServerConnections.open(address);
             PreparedStatement ps = c.prepareStatement("SELECT node, execution_id FROM " + table
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
            throw ServerConnections.classify(e, address, "reading the windows in " + table);
        }
    }
}
