package org.onlinebackup.job.common;

import java.sql.SQLException;

import org.onlinebackup.feedback.OperationStopped;
import org.onlinebackup.lock.Breakpoints;

/**
 * Breakpoints and pauses inside a chunk step. A stop ends the wait and the step goes on to its next checkpoint (at
 * most one chunk later), where JBeret stops it: the step ends STOPPED, with its checkpoint saved, not FAILED.
 */
public final class ChunkWaits {
    private ChunkWaits() {
    }

    public static void hit(Breakpoints breakpoints, String name) throws SQLException {
        try {
            breakpoints.hit(name);
        } catch (OperationStopped stopping) {
            // JBeret stops the step at its next checkpoint
        }
    }

    public static void pause(Breakpoints breakpoints) throws InterruptedException {
        try {
            breakpoints.pause();
        } catch (OperationStopped stopping) {
            // JBeret stops the step at its next checkpoint
        }
    }
}
