package org.onlinebackup.cli;

import java.time.Duration;
import java.util.Properties;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.onlinebackup.connect.Credentials;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.runtime.se.SeBatchRuntime;

/** Starts a job through the JobOperator, waits for it, and prints its one-line result. */
final class JobRunner {
    private JobRunner() {
    }

    static int run(Main.Io io, ConnectionOptions.Resolved conn, String job, Properties params) throws InterruptedException {
        Credentials.register(conn.address(), conn.password());
        SeBatchRuntime runtime = SeBatchRuntime.start(conn.address(), conn.repositorySchema());
        JobParams.putAddress(params, conn.address());
        long id = runtime.operator().start(job, params);
        JobExecution e = runtime.await(id, Duration.ofMillis(50));
        for (String w : Operations.takeWarnings(id)) {
            io.err().println("online-backup: warning: " + w);
        }
        String status = e.getExitStatus() == null ? e.getBatchStatus().toString() : e.getExitStatus();
        if (e.getBatchStatus() == BatchStatus.COMPLETED) {
            io.out().println(status.replaceFirst("^COMPLETED: ", "") + " [job execution " + id + "]");
            return Main.OK;
        }
        io.err().println("online-backup: " + status.replaceFirst("^FAILED: ", "") + " [job execution " + id + "]");
        return Main.FAILED;
    }
}
