package org.onlinebackup.cli;

import java.util.Properties;

import org.onlinebackup.job.common.JobParams;

import picocli.CommandLine.Option;

/** WL#3324's testing aids, off by default: breakpoints and the sleep between driver interactions. */
final class BreakpointOptions {
    @Option(names = "--breakpoints",
            description = "Pause at each named breakpoint whose user lock another session holds (SELECT GET_LOCK(name, t)).")
    boolean breakpoints;

    @Option(names = "--sleep", paramLabel = "SECONDS", description = "Wait SECONDS between interactions with a driver.")
    int sleep;

    void putInto(Properties p) {
        if (breakpoints) {
            p.setProperty(JobParams.BREAKPOINTS, "true");
        }
        if (sleep > 0) {
            p.setProperty(JobParams.SLEEP, Integer.toString(sleep));
        }
    }
}
