package org.onlinebackup.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import org.onlinebackup.history.HistoryEntry;
import org.onlinebackup.history.HistoryReader;
import org.onlinebackup.history.OperationState;
import org.onlinebackup.repository.RunningOperations;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", description = "List recent backups and restores from the history in the repository (WL#4116).")
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
        RunningOperations running = new RunningOperations(conn.existingRepository());
        boolean abandoned = false;
        PrintStream out = main.io.out();
        out.printf("%9s  %-7s  %-14s  %-23s  %-23s  %13s  %7s  %s%n", "backup_id", "op", "state", "start (UTC)",
                "stop (UTC)", "bytes", "objects", "file, comment, error");
        for (HistoryEntry e : recent) {
            String state = e.state().word();
            if (OperationState.GOING.contains(e.state()) && !running.running(e.jobExecutionId())) {
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
                    + " or restore on its server records it as cancelled");
        }
        return Main.OK;
    }

    /** A history time, in UTC to the millisecond. */
    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }
}
