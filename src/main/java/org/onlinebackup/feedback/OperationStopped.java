package org.onlinebackup.feedback;

/**
 * Thrown by a wait (a breakpoint, a pause, a table load) that saw the operation asked to stop: the step ends at once
 * and STOPPED, not failed. The interruption itself is the operation's error ({@link Message#INTERRUPTED}).
 */
public final class OperationStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OperationStopped() {
        super("the operation was asked to stop", null, false, false);
    }
}
