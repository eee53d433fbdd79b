package org.onlinebackup.cli;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.onlinebackup.job.common.JobParams;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore", description = "Restore the databases of an image file. Existing databases of the same names are refused unless --overwrite.")
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    BreakpointOptions breakpoints;

    @Mixin
    LockOptions locks;

    @Mixin
    ReportOptions report;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The image file to restore.")
    Path from;

    @Option(names = "--overwrite", description = "Drop and replace databases that already exist (destructive).")
    boolean overwrite;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        Properties p = new Properties();
        report.putInto(p);
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        breakpoints.putInto(p);
        locks.putInto(p);
        p.setProperty(JobParams.IMAGE, from.toAbsolutePath().normalize().toString());
        p.setProperty(JobParams.OVERWRITE, Boolean.toString(overwrite));
        return JobRunner.run(main.io, conn, JobParams.RESTORE_JOB, p, report);
    }
}
