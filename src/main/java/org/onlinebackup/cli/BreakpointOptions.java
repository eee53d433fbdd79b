package org.onlinebackup.cli;

import java.util.Properties;

import org.onlinebackup.job.common.JobParams;

import picocli.CommandLine.Option;

/** WL#3324's testing aids, off by default: breakpoints, the sleep between driver interactions, an injected fault. */
final class BreakpointOptions {
    @Option(names = "--breakpoints",
            description = "Pause at each named breakpoint whose user lock another session holds (SELECT GET_LOCK(name, t)).")
    boolean breakpoints;

    @Option(names = "--sleep", paramLabel = "SECONDS", description = "Wait SECONDS between interactions with a driver.")
    int sleep;

    @Option(names = "--inject-fault", paramLabel = "POINT", description = "For tests: fail with OBK-9002 at POINT: step:NAME,"
            + " driver:NAME, table:DB.TABLE or chunk:DB.TABLE:N.")
    String fault;

    void putInto(Properties p) {
        if (breakpoints) {
            p.setProperty(JobParams.BREAKPOINTS, "true");
        }
        if (sleep > 0) {
            p.setProperty(JobParams.SLEEP, Integer.toString(sleep));
        }
        if (fault != null) {
            p.setProperty(JobParams.FAULT, fault);
        }
    }
}
