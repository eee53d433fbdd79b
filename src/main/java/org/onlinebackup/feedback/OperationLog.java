package org.onlinebackup.feedback;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operation logger: the log lines of WL#4538, {@code [Note] Backup: Starting backup process} and the like,
 * written to the {@code org.onlinebackup.operation} logger.
 */
public final class OperationLog {
    private static final Logger LOG = Logger.getLogger("org.onlinebackup.operation");

    private final String prefix;

    private OperationLog(String prefix) {
        this.prefix = prefix;
    }

    public static OperationLog backup() {
        return new OperationLog("Backup: ");
    }

    public static OperationLog restore() {
        return new OperationLog("Restore: ");
    }

    public void note(String text) {
        LOG.log(Level.INFO, "[Note] " + prefix + text);
    }

    public void warning(String text) {
        LOG.log(Level.WARNING, "[Warning] " + prefix + text);
    }

    public void error(String text) {
        LOG.log(Level.SEVERE, "[ERROR] " + prefix + text);
    }
}
