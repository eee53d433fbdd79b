package org.onlinebackup.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.OperationStopped;

/**
 * WL#3324's breakpoints. When enabled, {@link #hit(String)} runs {@code SELECT GET_LOCK(name, timeout)} and then
 * {@code RELEASE_LOCK(name)} on a control connection of its own, so that a DBA or a test holding the user lock
 * {@code name} pauses the operation there until it releases it. {@link #pause()} waits WL#3324's
 * {@code backup_sleep} seconds between driver interactions. Disabled, both cost nothing. Both wait in short slices
 * and throw {@link OperationStopped} as soon as the operation is asked to stop.
 *
 * @see <a href="https://mariadb.com/kb/en/get_lock/">GET_LOCK</a>
 */
public final class Breakpoints implements AutoCloseable {
    /** How long a breakpoint waits for its lock before going on. */
    public static final int WAIT_SECONDS = 3600;
    /** How often a wait looks whether the operation was asked to stop. */
    private static final long SLICE_MILLIS = 200;

    private static final Breakpoints OFF = new Breakpoints(null, 0, () -> false);

    private final Connection control;
    private final int sleepSeconds;
    private final BooleanSupplier stopRequested;

    private Breakpoints(Connection control, int sleepSeconds, BooleanSupplier stopRequested) {
        this.control = control;
        this.sleepSeconds = sleepSeconds;
        this.stopRequested = stopRequested;
    }

    public static Breakpoints off() {
        return OFF;
    }

    /**
     * Breakpoints on {@code control} (null: none), and a pause of {@code sleepSeconds} between driver calls; their
     * waits end when {@code stopRequested} becomes true.
     */
    public static Breakpoints of(Connection control, int sleepSeconds, BooleanSupplier stopRequested) {
        return control == null && sleepSeconds <= 0 ? OFF
                : new Breakpoints(control, Math.max(0, sleepSeconds), stopRequested);
    }

    /** Waits at breakpoint {@code name} while another session holds the user lock of that name. */
    public void hit(String name) throws SQLException {
        if (control == null) {
            return;
        }
        synchronized (control) {
            try (PreparedStatement get = control.prepareStatement("SELECT GET_LOCK(?, ?)");
                 PreparedStatement release = control.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                get.setString(1, name);
                get.setDouble(2, SLICE_MILLIS / 1000.0);
                long until = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
                boolean got = false;
                while (!got && System.nanoTime() < until) {
                    if (stopRequested.getAsBoolean()) {
                        throw new OperationStopped();
                    }
                    try (ResultSet rs = get.executeQuery()) {
                        got = rs.next() && rs.getInt(1) == 1;
                    } catch (SQLException e) {
                        if (ServerConnections.connectionLost(e)) {
                            throw ServerConnections.lost(e, "of the breakpoint session, waiting at breakpoint " + name);
                        }
                        throw e;
                    }
                }
                if (got) {
                    release.setString(1, name);
                    release.executeQuery().close();
                }
            }
        }
    }

    /** WL#3324's backup_sleep: waits between two interactions with a driver. */
    public void pause() throws InterruptedException {
        long until = System.nanoTime() + sleepSeconds * 1_000_000_000L;
        for (long left = until - System.nanoTime(); sleepSeconds > 0 && left > 0; left = until - System.nanoTime()) {
            if (stopRequested.getAsBoolean()) {
                throw new OperationStopped();
            }
            Thread.sleep(Math.min(SLICE_MILLIS, left / 1_000_000 + 1));
        }
    }

    @Override
    public void close() throws SQLException {
        if (control != null) {
            control.close();
        }
    }
}
