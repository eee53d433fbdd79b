package org.onlinebackup.cli;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.store.BackupRepo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code archive --repo DIR}: keeps the server's binary log in the backup repository until stopped (Ctrl+C, SIGTERM,
 * {@code JobOperator.stop}); the next run takes up where the archive ends.
 */
@Command(name = "archive", description = "Keep the server's binary log in a backup repository, until stopped (Ctrl+C or"
        + " SIGTERM); the next run takes up where the archive ends.")
final class ArchiveCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ReportOptions report;

    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The backup repository (made if new);"
            + " the archive goes into DIR/archive/server-ID.")
    Path repo;

    @Option(names = "--from", paramLabel = "FILE:POS", description = "Where an empty archive starts (default: the validity"
            + " point of the repository's oldest image of this server, else the server's oldest binary log file, at 4)."
            + " An archive that holds events takes up where it ends.")
    String from;

    @Option(names = "--reconnect-timeout", paramLabel = "SECONDS", defaultValue = "60", description = "After a lost"
            + " connection, try again for this long, then fail saying where the archive ends (default: ${DEFAULT-VALUE}).")
    int reconnectTimeout;

    @Option(names = "--sign-key", paramLabel = "FILE", description = "Seal every segment as it ends with the Ed25519 private"
            + " key in FILE (as backup --sign-key), so that what is replayed from the archive can be trusted as images"
            + " are. Also sign-key in the option file's [online-backup] group.")
    Path signKey;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        Properties p = new Properties();
        if (from != null && !from.matches(".+:\\d+")) {
            throw new ParameterException(spec.commandLine(), "--from takes FILE:POSITION, as in mariadb-bin.000042:4, not '" + from + "'");
        }
        if (reconnectTimeout < 0) {
            throw new ParameterException(spec.commandLine(), "--reconnect-timeout must be 0 or more seconds");
        }
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        conn.prepareRuntime();
        try {
            BackupRepo.check(Streams.refused("--repo", repo));
            SignKey.putInto(signKey, conn.file(), p);
        } catch (OnlineBackupException e) {
            ProgressView.of(report, main.io).result(false, "FAILED", OnlineBackupException.describe(e), -1);
            throw e;
        }
        p.setProperty(JobParams.REPO, repo.toAbsolutePath().normalize().toString());
        if (from != null) {
            p.setProperty(JobParams.FROM, from);
        }
        p.setProperty(JobParams.RECONNECT_TIMEOUT, Integer.toString(reconnectTimeout));
        conn.register();
        return JobRunner.runUntilStopped(main.io, conn, JobParams.ARCHIVE_JOB, p, report);
    }
}
