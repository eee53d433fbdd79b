package org.onlinebackup.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.history.HistoryEntry;
import org.onlinebackup.history.HistoryReader;
import org.onlinebackup.history.OperationState;
import org.onlinebackup.lock.OperationLock;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", description = "List recent backups and restores from the history table of the server (WL#4116).")
final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Show the N most recent (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        List<HistoryEntry> recent;
        try (HistoryReader history = conn.historyReader()) {
            recent = history.recent(Math.max(1, limit));
        }
        Long holder = lockHolder(conn);
        boolean abandoned = false;
        PrintStream out = main.io.out();
        out.printf("%9s  %-7s  %-14s  %-23s  %-23s  %13s  %7s  %s%n", "backup_id", "op", "state", "start (UTC)",
                "stop (UTC)", "bytes", "objects", "file, comment, error");
        for (HistoryEntry e : recent) {
            String state = e.state().word();
            if (OperationState.GOING.contains(e.state()) && !Objects.equals(e.connectionId(), holder)) {
                state = "interrupted*";
                abandoned = true;
            }
            out.printf("%9d  %-7s  %-14s  %-23s  %-23s  %13s  %7s  %s%n", e.backupId(), e.operation(), state,
                    time(e.startTime()), time(e.stopTime()), e.totalBytes() == null ? "" : e.totalBytes(),
                    e.numObjects() == null ? "" : e.numObjects(),
                    e.backupFile() + (e.userComment() == null ? "" : "  (" + e.userComment() + ")")
                            + (e.errorNum() == 0 ? "" : "  " + e.errorMessage()));
        }
        if (abandoned) {
            out.println("* its process ended without finishing it (killed, or its connection was lost): the next backup"
                    + " or restore on this server records it as cancelled");
        }
        return Main.OK;
    }

    /**
     * The connection holding the operation lock, or null: an operation the history shows as going on whose
     * connection does not hold it has lost its process.
     */
    private static Long lockHolder(ConnectionOptions.Resolved conn) {
        try (Connection c = ServerConnections.open(conn.address())) {
            return OperationLock.holder(c);
        } catch (SQLException e) {
            throw ServerConnections.classify(e, conn.address(), "reading the operation lock");
        }
    }

    /** A history time, in UTC to the millisecond. */
    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }
}
