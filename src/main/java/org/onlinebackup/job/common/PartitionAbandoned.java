package org.onlinebackup.job.common;

/**
 * Thrown by a partition that stops because another partition of its step failed first: the step fails at once
 * instead of when its slowest partition ends, and the first failure stays the one reported.
 */
public final class PartitionAbandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private PartitionAbandoned() {
        super("stopped: another partition of this step failed", null, false, false);
    }

    /**
     * Fails the caller's partition if {@code op} has recorded a failure. A stop is not one: it records the
     * interruption as the operation's error too, but the partition goes on to its next checkpoint, where JBeret
     * stops it, so the step ends STOPPED, not FAILED.
     */
    public static void check(Operation op) {
        if (op.firstError() != null && !StopSignal.of(op).requested()) {
            throw new PartitionAbandoned();
        }
    }
}
