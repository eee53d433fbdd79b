package org.onlinebackup.driver.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;

import org.onlinebackup.lock.ValidityPoint;

/**
 * Opens a consistent snapshot on a connection: a REPEATABLE READ, read-only transaction started
 * {@code WITH CONSISTENT SNAPSHOT}, so every InnoDB read on it sees the database as of that moment.
 * The binlog position of that moment comes from {@code binlog_snapshot_file/position}, which MariaDB keeps per
 * consistent-snapshot transaction.
 *
 * @see <a href="https://mariadb.com/kb/en/start-transaction/">START TRANSACTION WITH CONSISTENT SNAPSHOT</a>
 * @see <a href="https://mariadb.com/kb/en/enhancements-for-start-transaction-with-consistent-snapshot/">binlog_snapshot_position</a>
 */
public final class ConsistentSnapshot {
    private ConsistentSnapshot() {
    }

    /** Starts the snapshot and returns its validity point. */
    public static ValidityPoint open(Connection c) throws SQLException {
        Instant time;
        String file = null;
        long pos = -1;
        String gtid = null;
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            try (ResultSet rs = s.executeQuery("SELECT UTC_TIMESTAMP(6), @@log_bin, @@gtid_binlog_pos")) {
                rs.next();
                time = rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC);
                if (rs.getInt(2) == 1) {
                    gtid = rs.getString(3);
                }
            }
            if (gtid != null) {
                try (ResultSet rs = s.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
                    while (rs.next()) {
                        switch (rs.getString(1).toLowerCase()) {
                            case "binlog_snapshot_file" -> file = rs.getString(2);
                            case "binlog_snapshot_position" -> pos = Long.parseLong(rs.getString(2));
                            default -> {
                            }
                        }
                    }
                }
            }
        }
        return new ValidityPoint(time, file, pos, gtid);
    }

    /** Ends the snapshot transaction. */
    public static void close(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }
}
