package org.onlinebackup.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.history.Recorder;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.repository.Repository;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Copies the history a server keeps in schema {@code online_backup} (where earlier versions kept it, or
 * {@code --history-on-server}) into the repository. Reads the server only; the server's tables stay as they are.
 */
@Command(name = "import-history", description = "Copy the history kept on a server (schema online_backup) into the"
        + " repository; operations already there are skipped. The server is only read.")
final class ImportHistoryCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--schema", paramLabel = "SCHEMA", defaultValue = JobParams.SERVER_HISTORY_SCHEMA,
            description = "The server's schema holding backup_history and backup_progress (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        conn.register();
        Repository repository = Repository.open(conn.repository());
        try (Connection c = ServerConnections.open(conn.address())) {
            if (!hasHistory(c)) {
                throw new OnlineBackupException(Message.HISTORY_NONE, "schema " + Identifiers.quote(schema) + " on "
                        + conn.address().where(), "it has no backup_history and backup_progress tables");
            }
            Recorder.Imported done = Recorder.of(repository).importFrom(c, schema);
            main.io.out().println("imported " + done.operations() + " operation(s) and " + done.progressRows()
                    + " progress row(s) from schema " + Identifiers.quote(schema) + " on " + conn.address().where()
                    + " into " + repository.location() + (done.alreadyHere() == 0 ? ""
                            : "; " + done.alreadyHere() + " operation(s) were there already"));
            return Main.OK;
        } catch (SQLException e) {
            throw ServerConnections.classify(e, conn.address(), "reading the history in schema " + schema);
        }
    }

    private boolean hasHistory(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME IN ('backup_history', 'backup_progress')")) {
            ps.setString(1, schema);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 2;
            }
        }
    }
}
