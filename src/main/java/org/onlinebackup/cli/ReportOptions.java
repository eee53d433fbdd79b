package org.onlinebackup.cli;

import java.util.Properties;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.job.common.JobParams;

import picocli.CommandLine.Option;

/** What a backup or restore says while it runs and records about itself. */
final class ReportOptions {
    static final int MAX_COMMENT = 200;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A comment for the history row (user_comment), at most " + MAX_COMMENT + " characters.")
    String comment;

    @Option(names = "--history-on-server", description = "Keep WL#4116's history in schema online_backup of the server"
            + " operated on too, as well as in the repository, written without binary logging (needs CREATE, INSERT,"
            + " UPDATE on it and BINLOG ADMIN when the binlog is on); refused on a read-only server or a replica.")
    boolean historyOnServer;

    @Option(names = "--quiet", description = "Print nothing but errors and warnings: no progress bar, no result line.")
    boolean quiet;

    @Option(names = "--json", description = "Print one JSON object per line for each event (started, phase, planned, progress, table, warning, result), for scripts.")
    boolean json;

    void putInto(Properties p) {
        if (quiet && json) {
            throw new OnlineBackupException(Message.USAGE, "--quiet and --json cannot be used together");
        }
        if (comment != null) {
            if (comment.length() > MAX_COMMENT) {
                throw new OnlineBackupException(Message.USAGE, "--comment is " + comment.length() + " characters; at most "
                        + MAX_COMMENT + " fit in the history");
            }
            p.setProperty(JobParams.COMMENT, comment);
        }
        if (historyOnServer) {
            p.setProperty(JobParams.HISTORY_ON_SERVER, "true");
        }
    }
}
