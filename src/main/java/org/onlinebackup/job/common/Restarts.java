package org.onlinebackup.job.common;

import java.util.List;

import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.context.JobContext;

import org.jberet.runtime.JobInstanceImpl;
import org.jberet.runtime.context.JobContextImpl;

/**
 * Whether a job execution restarts an earlier one of its job instance ({@code JobOperator.restart}, CLI
 * {@code restart}), and which. A restarted job runs its steps from the first again (init and prepare rebuild what
 * the steps share in memory from the image, the work directory and the server); each step decides, from what is on
 * disk, what it takes up and what it does again.
 */
public final class Restarts {
    private Restarts() {
    }

    /** The job execution this one restarts, or -1 when it is no restart. */
    public static long restarted(JobContext job) {
        if (!(job instanceof JobContextImpl running) || !running.isRestart()) {
            return -1;
        }
        JobInstanceImpl instance = running.getJobExecution().getJobInstance();
        List<JobExecution> executions = running.getJobRepository().getJobExecutions(instance);
        long previous = -1;
        for (JobExecution e : executions) {
            if (e.getExecutionId() < job.getExecutionId() && e.getExecutionId() > previous) {
                previous = e.getExecutionId();
            }
        }
        return previous;
    }
}
