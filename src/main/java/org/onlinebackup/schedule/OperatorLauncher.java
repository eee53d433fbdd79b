package org.onlinebackup.schedule;

import java.util.Properties;
import java.util.function.Consumer;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.JobExecution;

/** A {@link Scheduler.Launcher} on a JobOperator: WildFly's of the deployment, or the Java SE runtime's. */
public final class OperatorLauncher implements Scheduler.Launcher {
    private final JobOperator jobs;
    private final Consumer<Properties> beforeStart;

    /** {@code beforeStart} completes the parameters of a job started afresh: the server to reach, in its runtime's terms. */
    public OperatorLauncher(JobOperator jobs, Consumer<Properties> beforeStart) {
        this.jobs = jobs;
        this.beforeStart = beforeStart;
    }

    @Override
    public long start(String job, Properties parameters) {
        beforeStart.accept(parameters);
        return jobs.start(job, parameters);
    }

    @Override
    public long restart(long execution, Properties parameters) {
        return jobs.restart(execution, parameters);
    }

    @Override
    public void stop(long execution) {
        jobs.stop(execution);
    }

    @Override
    public String status(long execution) {
        try {
            JobExecution e = jobs.getJobExecution(execution);
            return e == null ? null : e.getBatchStatus().name();
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    @Override
    public Properties parameters(long execution) {
        Properties p = new Properties();
        p.putAll(jobs.getParameters(execution));
        return p;
    }
}
