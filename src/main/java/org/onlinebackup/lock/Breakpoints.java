package org.onlinebackup.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * WL#3324's breakpoints. When enabled, {@link #hit(String)} runs {@code SELECT GET_LOCK(name, timeout)} and then
 * {@code RELEASE_LOCK(name)} on a control connection of its own, so that a DBA or a test holding the user lock
 * {@code name} pauses the operation there until it releases it. {@link #pause()} waits WL#3324's
 * {@code backup_sleep} seconds between driver interactions. Disabled, both cost nothing.
 *
 * @see <a href="https://mariadb.com/kb/en/get_lock/">GET_LOCK</a>
 */
public final class Breakpoints implements AutoCloseable {
    /** How long a breakpoint waits for its lock before going on. */
    public static final int WAIT_SECONDS = 3600;

    private static final Breakpoints OFF = new Breakpoints(null, 0);

    private final Connection control;
    private final int sleepSeconds;

    private Breakpoints(Connection control, int sleepSeconds) {
        this.control = control;
        this.sleepSeconds = sleepSeconds;
    }

    public static Breakpoints off() {
        return OFF;
    }

    /** Breakpoints on {@code control} (null: none), and a pause of {@code sleepSeconds} between driver calls. */
    public static Breakpoints of(Connection control, int sleepSeconds) {
        return control == null && sleepSeconds <= 0 ? OFF : new Breakpoints(control, Math.max(0, sleepSeconds));
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
                get.setInt(2, WAIT_SECONDS);
                get.executeQuery().close();
                release.setString(1, name);
                release.executeQuery().close();
            }
        }
    }

    /** WL#3324's backup_sleep: waits between two interactions with a driver. */
    public void pause() throws InterruptedException {
        if (sleepSeconds > 0) {
            Thread.sleep(sleepSeconds * 1000L);
        }
    }

    @Override
    public void close() throws SQLException {
        if (control != null) {
            control.close();
        }
    }
}
