package org.onlinebackup.cli;

import java.util.Properties;

import org.onlinebackup.job.common.JobParams;

import picocli.CommandLine.Option;

/** How long an operation waits for statements that keep it from taking its locks. */
final class LockOptions {
    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "" + JobParams.DEFAULT_LOCK_TIMEOUT,
            description = "Wait at most SECONDS for DDL running when the operation starts, and for long writes at the validity point (default: ${DEFAULT-VALUE}).")
    int lockTimeout;

    void putInto(Properties p) {
        p.setProperty(JobParams.LOCK_TIMEOUT, Integer.toString(lockTimeout));
    }
}
