package org.onlinebackup.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.feedback.OperationStopped;

/**
 * The DDL blocker of WL#4062, held on a connection of its own for as long as the operation needs metadata frozen:
 * {@code BACKUP STAGE START} then {@code BACKUP STAGE BLOCK_DDL}. While it is held, DDL on any database
 * (CREATE/ALTER/DROP/RENAME/TRUNCATE TABLE, CREATE/DROP INDEX...) waits with state "Waiting for backup lock", and
 * the waiting statements hold nothing, so they do not block each other or the operation. DML on transactional
 * tables goes on; the server's backup lock also holds writes to MyISAM and CSV tables.
 *
 * <p>DDL already running when the operation starts finishes first. {@code BLOCK_DDL} waits for most DDL, but an
 * {@code ALTER TABLE} that copies rows lets it through and would then wait at its end for the blocker, so that the
 * image would hold the table as it was before the ALTER. So once granted, the blocker looks for DDL that started
 * before it; if there is any, it lets go, waits for those statements to end, and tries again. All of this is bounded
 * by a timeout that fails with a one-line error naming the statements.
 *
 * @see <a href="https://mariadb.com/kb/en/backup-stage/">BACKUP STAGE</a>
 */
public final class DdlBlocker implements AutoCloseable {
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    /** A DDL statement that started up to this long after the blocker was granted still counts as running before
     *  it: waiting for it costs a retry, missing one would lose it from the image. */
    private static final double MARGIN_MS = 50;
    private static final long POLL_MS = 50;
    /** A wait this long is told to the operation's user, once, with what it waits for. */
    private static final long REPORT_AFTER_MS = 2000;

    private final Connection connection;

    private DdlBlocker(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the blocker on {@code connection}, which it then owns, waiting at most {@code timeout} (a wait for
     * running DDL ends with {@link OperationStopped} when {@code stopRequested} becomes true). A wait for running DDL
     * that lasts is told to {@code waiting} once, naming the statements and what they wait for in turn.
     */
    public static DdlBlocker acquire(Connection connection, Duration timeout, BooleanSupplier stopRequested,
                                     Consumer<String> waiting) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
                try (Statement s = connection.createStatement()) {
                    s.execute("SET SESSION lock_wait_timeout = " + Math.max(1, (remainingMs + 999) / 1000));
                    s.execute("BACKUP STAGE START");
                    s.execute("BACKUP STAGE BLOCK_DDL");
                } catch (SQLException e) {
                    if (e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT) {
                        endQuietly(connection);
                        throw timedOut(connection, timeout, e);
                    }
                    throw e;
                }
                long granted = System.nanoTime();
                List<RunningStatements.Running> before = startedBefore(RunningStatements.list(connection), granted);
                if (before.isEmpty()) {
                    return new DdlBlocker(connection);
                }
                try (Statement s = connection.createStatement()) {
                    s.execute("BACKUP STAGE END");
                }
                awaitEnd(connection, before, deadline, timeout, stopRequested, waiting);
            }
        } catch (SQLException | RuntimeException e) {
            ServerConnections.closeQuietly(connection);
            throw e;
        }
    }

    private static List<RunningStatements.Running> startedBefore(List<RunningStatements.Running> all, long granted) {
        double sinceGrantMs = (System.nanoTime() - granted) / 1e6;
        return all.stream().filter(RunningStatements.Running::isDdl)
                .filter(r -> r.timeMs() > sinceGrantMs - MARGIN_MS).toList();
    }

    /** Waits until none of {@code statements} is still running (same connection, same text, running as long). */
    private static void awaitEnd(Connection c, List<RunningStatements.Running> statements, long deadline,
                                 Duration timeout, BooleanSupplier stopRequested, Consumer<String> waiting)
            throws SQLException {
        long seen = System.nanoTime();
        boolean told = false;
        while (true) {
            double elapsedMs = (System.nanoTime() - seen) / 1e6;
            List<RunningStatements.Running> still = RunningStatements.list(c).stream()
                    .filter(r -> statements.stream().anyMatch(s -> s.id() == r.id() && s.statement().equals(r.statement())
                            && r.timeMs() + MARGIN_MS >= s.timeMs() + elapsedMs))
                    .toList();
            if (still.isEmpty()) {
                return;
            }
            if (stopRequested.getAsBoolean()) {
                throw new OperationStopped();
            }
            if (System.nanoTime() >= deadline) {
                throw new OnlineBackupException(Message.LOCK_TIMEOUT_DDL, timeout.toSeconds(),
                        RunningStatements.describeWaits(c, still));
            }
            if (!told && elapsedMs >= REPORT_AFTER_MS) {
                told = true;
                waiting.accept("waiting for DDL that began first to end before DDL can be blocked (at most "
                        + timeout.toSeconds() + " s, --lock-timeout): " + RunningStatements.describeWaits(c, still));
            }
            sleep();
        }
    }

    private static OnlineBackupException timedOut(Connection c, Duration timeout, SQLException cause) {
        String running;
        try {
            List<RunningStatements.Running> ddl = RunningStatements.list(c).stream()
                    .filter(r -> r.isDdl() && !r.waitsForBackupLock()).toList();
            running = ddl.isEmpty() ? "another session holds the server's backup lock (BACKUP STAGE, e.g. mariabackup)"
                    : RunningStatements.describe(ddl);
        } catch (SQLException e) {
            running = ServerConnections.serverMessage(cause);
        }
        return new OnlineBackupException(cause, Message.LOCK_TIMEOUT_DDL, timeout.toSeconds(), running);
    }

    private static void endQuietly(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("BACKUP STAGE END");
        } catch (SQLException e) {
            // the connection is closed next, which ends the stage as well
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnlineBackupException(Message.INTERRUPTED);
        }
    }

    /**
     * Fails with {@link Message#LOCK_LOST} unless the blocker's connection is still there: only that connection's end
     * (a KILL, a dropped connection) ends its backup stage before {@link #close}.
     */
    public void ensureHeld(String operation, String outcome) {
        try (Statement s = connection.createStatement()) {
            s.execute("DO 1");
            return;
        } catch (SQLException gone) {
            // the stage ended with the connection
        }
        throw new OnlineBackupException(Message.LOCK_LOST, operation, "DDL blocker (BACKUP STAGE BLOCK_DDL)",
                "DDL could have run on the databases meanwhile", outcome);
    }

    /** Lets DDL run again and closes the blocker's connection. */
    @Override
    public void close() {
        endQuietly(connection);
        ServerConnections.closeQuietly(connection);
    }
}
