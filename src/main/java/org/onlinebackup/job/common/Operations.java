package org.onlinebackup.job.common;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.batch.runtime.context.JobContext;

import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.feedback.OperationLog;

/** The running operations of this process, by job execution id (partitions share their job's). */
public final class Operations {
    private static final Map<Long, Operation> RUNNING = new ConcurrentHashMap<>();
    private static final Map<Long, List<String>> ENDED_WARNINGS = new ConcurrentHashMap<>();

    private Operations() {
    }

    /** Creates the operation of a job execution that starts now. */
    public static Operation begin(JobContext job, ServerAddress address, OperationLog log) {
        Operation op = new Operation(job.getExecutionId(), address, log);
        Wording wording = Wording.of(job.getProperties());
        op.part(Wording.class, () -> wording);
        RUNNING.put(job.getExecutionId(), op);
        return op;
    }

    /** The operation of a running job execution. */
    public static Operation of(JobContext job) {
        Operation op = RUNNING.get(job.getExecutionId());
        if (op == null) {
            throw new OnlineBackupException(Message.INTERNAL, "job execution " + job.getExecutionId()
                    + " has no operation in this process: it was started by another process, and resuming it here is not supported yet");
        }
        return op;
    }

    public static Operation find(long executionId) {
        return RUNNING.get(executionId);
    }

    /** Forgets a finished operation, keeping its warnings until {@link #takeWarnings(long)}. */
    public static void end(long executionId) {
        Operation op = RUNNING.remove(executionId);
        if (op != null && !op.warnings().isEmpty()) {
            ENDED_WARNINGS.put(executionId, op.warnings());
        }
    }

    /** The warnings of an operation that ended in this process, handed over once. */
    public static List<String> takeWarnings(long executionId) {
        List<String> w = ENDED_WARNINGS.remove(executionId);
        return w == null ? List.of() : w;
    }
}
