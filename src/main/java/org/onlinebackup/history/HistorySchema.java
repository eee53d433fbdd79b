package org.onlinebackup.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.repository.Dialect;

/**
 * Creates and upgrades the history tables in the schema the connection is on: a MariaDB database (a shared
 * repository, or the server's own history with {@code --history-on-server}), or the embedded SQLite repository. The version is recorded in
 * {@code history_schema_version}; each step of {@link #MIGRATIONS} takes the tables one version up, and only steps
 * above the recorded version run. A schema newer than this tool is refused, never changed.
 */
public final class HistorySchema {
    /** The version this tool writes. */
    public static final int VERSION = 2;

    private static final List<List<String>> MIGRATIONS = List.of(
            List.of("CREATE TABLE IF NOT EXISTS backup_history ("
                            + " backup_id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY COMMENT 'WL#4116 backup_id',"
                            + " job_execution_id BIGINT NOT NULL COMMENT 'JBeret job execution id',"
                            + " connection_id BIGINT UNSIGNED NULL COMMENT 'server connection id of the operation',"
                            + " binlog_pos BIGINT UNSIGNED NULL, binlog_file VARCHAR(255) NULL, gtid_pos VARCHAR(4096) NULL,"
                            + " backup_state ENUM('complete', 'starting', 'validity point', 'running', 'error', 'cancel') NOT NULL,"
                            + " operation ENUM('backup', 'restore') NOT NULL,"
                            + " error_num INT NOT NULL DEFAULT 0 COMMENT 'OBK message number, 0: none',"
                            + " error_message VARCHAR(1024) NULL,"
                            + " num_objects INT UNSIGNED NULL, total_bytes BIGINT UNSIGNED NULL COMMENT 'image size',"
                            + " validity_point_time DATETIME(6) NULL COMMENT 'UTC', start_time DATETIME(6) NULL COMMENT 'UTC',"
                            + " stop_time DATETIME(6) NULL COMMENT 'UTC',"
                            + " host_or_server_name VARCHAR(255) NULL, username VARCHAR(255) NULL,"
                            + " backup_file VARCHAR(4096) NULL, user_comment VARCHAR(200) NULL,"
                            + " command VARCHAR(4096) NULL COMMENT 'secrets masked', engines VARCHAR(1024) NULL,"
                            + " KEY start_time (start_time)"
                            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT 'Online Backup: one row per backup or restore'",
                    "CREATE TABLE IF NOT EXISTS backup_progress ("
                            + " id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,"
                            + " backup_id BIGINT UNSIGNED NOT NULL, object VARCHAR(512) NOT NULL,"
                            + " start_time DATETIME(6) NULL COMMENT 'UTC', stop_time DATETIME(6) NULL COMMENT 'UTC',"
                            + " total_bytes BIGINT NULL, progress BIGINT NULL,"
                            + " error_num INT NOT NULL DEFAULT 0, notes VARCHAR(1024) NULL,"
                            + " KEY backup_id (backup_id, id)"
                            + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT 'Online Backup: steps of each operation, rows only added'"),
            // 2: an error names every database a failed restore changed, a note every object it concerns: in full
            List.of("ALTER TABLE backup_history MODIFY error_message TEXT NULL",
                    "ALTER TABLE backup_progress MODIFY notes TEXT NULL"));

    /** The tables at {@link #VERSION} in SQLite, which has no older ones to upgrade. */
    private static final List<String> SQLITE = List.of(
            "CREATE TABLE IF NOT EXISTS backup_history ("
                    + " backup_id INTEGER PRIMARY KEY AUTOINCREMENT, job_execution_id BIGINT NOT NULL,"
                    + " connection_id BIGINT NULL, binlog_pos BIGINT NULL, binlog_file VARCHAR(255) NULL,"
                    + " gtid_pos VARCHAR(4096) NULL, backup_state VARCHAR(16) NOT NULL, operation VARCHAR(16) NOT NULL,"
                    + " error_num INT NOT NULL DEFAULT 0, error_message TEXT NULL, num_objects INT NULL,"
                    + " total_bytes BIGINT NULL, validity_point_time TIMESTAMP NULL, start_time TIMESTAMP NULL,"
                    + " stop_time TIMESTAMP NULL, host_or_server_name VARCHAR(255) NULL, username VARCHAR(255) NULL,"
                    + " backup_file VARCHAR(4096) NULL, user_comment VARCHAR(200) NULL, command VARCHAR(4096) NULL,"
                    + " engines VARCHAR(1024) NULL)",
            "CREATE INDEX IF NOT EXISTS backup_history_start_time ON backup_history (start_time)",
            "CREATE TABLE IF NOT EXISTS backup_progress ("
                    + " id INTEGER PRIMARY KEY AUTOINCREMENT, backup_id BIGINT NOT NULL, object VARCHAR(512) NOT NULL,"
                    + " start_time TIMESTAMP NULL, stop_time TIMESTAMP NULL, total_bytes BIGINT NULL, progress BIGINT NULL,"
                    + " error_num INT NOT NULL DEFAULT 0, notes TEXT NULL)",
            "CREATE INDEX IF NOT EXISTS backup_progress_backup_id ON backup_progress (backup_id, id)");

    private HistorySchema() {
    }

    /** Brings the tables of the connection's MariaDB schema to {@link #VERSION}; returns the version found before. */
    public static int ensure(Connection c) throws SQLException {
        return ensure(c, Dialect.MARIADB);
    }

    /** Brings the tables of the connection's schema to {@link #VERSION}; returns the version found before. */
    public static int ensure(Connection c, Dialect dialect) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS history_schema_version (id TINYINT PRIMARY KEY, version INT NOT NULL)");
                int found;
                try (ResultSet rs = s.executeQuery("SELECT version FROM history_schema_version WHERE id = 1")) {
                    found = rs.next() ? rs.getInt(1) : 0;
                }
                if (found > VERSION) {
                    throw new OnlineBackupException(Message.HISTORY_SCHEMA_NEWER, "history_schema_version", found, VERSION);
                }
                for (String sql : SQLITE) {
                    s.execute(sql);
                }
                s.execute("INSERT OR REPLACE INTO history_schema_version VALUES (1, " + VERSION + ")");
                return found;
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS history_schema_version (id TINYINT PRIMARY KEY, version INT NOT NULL)"
                    + " ENGINE=InnoDB COMMENT 'Online Backup: version of backup_history and backup_progress'");
            s.execute("INSERT IGNORE INTO history_schema_version VALUES (1, 0)");
            int found;
            try (ResultSet rs = s.executeQuery("SELECT version FROM history_schema_version WHERE id = 1")) {
                rs.next();
                found = rs.getInt(1);
            }
            if (found > VERSION) {
                throw new OnlineBackupException(Message.HISTORY_SCHEMA_NEWER, c.getCatalog(), found, VERSION);
            }
            for (int v = found; v < VERSION; v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("UPDATE history_schema_version SET version = " + (v + 1) + " WHERE id = 1 AND version = " + v);
            }
            return found;
        }
    }
}
