package org.onlinebackup.cli;

import java.util.logging.LogManager;

/**
 * The JDK's log manager closes every handler from a shutdown hook of its own, which may run before the CLI's hook
 * that stops the job on Ctrl+C or SIGTERM: the log file would then miss the interruption. This one ignores that
 * reset while the JVM shuts down; the file handler flushes every record, so nothing is lost at exit.
 */
public final class ShutdownSafeLogManager extends LogManager {
    @Override
    public void reset() {
        if (shuttingDown()) {
            return;
        }
        super.reset();
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
