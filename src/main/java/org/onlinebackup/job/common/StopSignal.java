package org.onlinebackup.job.common;

import java.util.concurrent.atomic.AtomicBoolean;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.feedback.OperationStopped;

/**
 * A request to stop an operation ({@code JobOperator.stop}, the CLI's Ctrl+C or SIGTERM), as the waits of its steps
 * see it: they poll {@link #requested()} or call {@link #check()}, so a stop ends a step within a fraction of a
 * second wherever it waits. One per operation.
 */
public final class StopSignal {
    private final AtomicBoolean requested = new AtomicBoolean();

    private StopSignal() {
    }

    public static StopSignal of(Operation op) {
        return op.part(StopSignal.class, StopSignal::new);
    }

    /**
     * Records the stop, once: WL#4538's "Operation has been interrupted" in the log, and the interruption as the
     * operation's error, unless an error came before it (then it follows that one). Returns whether this call was
     * the first.
     */
    public boolean request(Operation op) {
        if (!requested.compareAndSet(false, true)) {
            return false;
        }
        op.log().note("Operation has been interrupted");
        op.error(new OnlineBackupException(Message.INTERRUPTED));
        return true;
    }

    public boolean requested() {
        return requested.get();
    }

    /** Throws {@link OperationStopped} when a stop was requested. */
    public void check() {
        if (requested.get()) {
            throw new OperationStopped();
        }
    }
}
