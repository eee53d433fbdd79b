package org.onlinebackup.lock;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.feedback.OperationStopped;

/**
 * Blocks commits server-wide for the few milliseconds the drivers need to reach the validity point together, on a
 * connection of its own, with {@code FLUSH TABLES WITH READ LOCK}.
 *
 * <p>Why not {@code BACKUP STAGE BLOCK_COMMIT}, which blocks commits without waiting for running statements: the
 * server allows one BACKUP STAGE at a time, the {@link DdlBlocker} holds it for the whole operation, and only
 * {@code BACKUP STAGE END} would release the commits, letting DDL through too. {@code FLUSH TABLES WITH READ LOCK}
 * is granted beside {@code BLOCK_DDL}, but it waits for write statements already running, and every writer that
 * comes after queues behind it. So the blocker first waits, holding nothing, until no write statement has been
 * running for longer than a moment, and then asks for the lock with a one-second lock timeout, trying again if a
 * long write slipped in between. A long UPDATE running when the backup reaches its validity point delays the
 * backup, not the writers.
 *
 * @see <a href="https://mariadb.com/kb/en/flush/">FLUSH TABLES WITH READ LOCK</a>
 */
public final class CommitBlocker implements AutoCloseable {
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    /** Write statements running for less than this do not keep the blocker waiting. */
    private static final double LONG_WRITE_MS = 100;
    private static final long POLL_MS = 20;

    private final Connection connection;
    private long blockedAt;
    private boolean blocked;

    public CommitBlocker(Connection connection) {
        this.connection = connection;
    }

    /**
     * Blocks commits; waits at most {@code timeout} for long write statements to end, and throws
     * {@link OperationStopped} when {@code stopRequested} becomes true meanwhile.
     */
    public void block(Duration timeout, BooleanSupplier stopRequested) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Statement s = connection.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = 1");
            while (true) {
                List<RunningStatements.Running> writes = RunningStatements.list(connection).stream()
                        .filter(r -> r.isWrite() && !r.waitsForBackupLock() && r.timeMs() > LONG_WRITE_MS).toList();
                if (writes.isEmpty()) {
                    try {
                        s.execute("FLUSH TABLES WITH READ LOCK");
                        blockedAt = System.nanoTime();
                        blocked = true;
                        return;
                    } catch (SQLException e) {
                        if (e.getErrorCode() != ER_LOCK_WAIT_TIMEOUT) {
                            throw e;
                        }
                    }
                }
                if (stopRequested.getAsBoolean()) {
                    throw new OperationStopped();
                }
                if (System.nanoTime() >= deadline) {
                    throw new OnlineBackupException(Message.LOCK_TIMEOUT_WRITES, timeout.toSeconds(),
                            writes.isEmpty() ? "writes kept the global read lock from being granted"
                                    : RunningStatements.describe(writes));
                }
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OnlineBackupException(Message.INTERRUPTED);
                }
            }
        }
    }

    /**
     * The validity point, read while commits are blocked: server time, and when the binlog is on its file, position
     * and GTID position.
     */
    public ValidityPoint validityPoint() throws SQLException {
        Instant time;
        String file = null;
        long pos = -1;
        String gtid = null;
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT UTC_TIMESTAMP(6), @@log_bin, @@gtid_binlog_pos")) {
                rs.next();
                time = rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC);
                if (rs.getInt(2) == 1) {
                    gtid = rs.getString(3);
                }
            }
            if (gtid != null) {
                try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                    if (rs.next()) {
                        file = rs.getString(1);
                        pos = rs.getLong(2);
                    }
                }
            }
        }
        return new ValidityPoint(time, file, pos, gtid);
    }

    /** Lets commits go on; returns how long they were blocked, in nanoseconds (0 if they were not). */
    public long release() throws SQLException {
        if (!blocked) {
            return 0;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("UNLOCK TABLES");
        }
        blocked = false;
        return System.nanoTime() - blockedAt;
    }

    /** Closes the connection, which releases the lock if it is still held. */
    @Override
    public void close() {
        ServerConnections.closeQuietly(connection);
    }
}
