package org.onlinebackup.cli;

import org.onlinebackup.job.common.JobParams;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The check of a {@code --parallel} count, shared by the commands that take one. */
final class Parallel {
    private Parallel() {
    }

    /** {@code n} as a job parameter value, or a usage error naming the bounds. */
    static String check(CommandSpec spec, int n) {
        if (n < 1 || n > JobParams.MAX_PARALLEL) {
            throw new ParameterException(spec.commandLine(), "--parallel must be from 1 to " + JobParams.MAX_PARALLEL + ", not " + n);
        }
        return Integer.toString(n);
    }
}
