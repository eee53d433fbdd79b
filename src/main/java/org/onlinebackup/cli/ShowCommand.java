package org.onlinebackup.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.history.HistoryEntry;
import org.onlinebackup.history.HistoryReader;
import org.onlinebackup.history.Recorder;
import org.onlinebackup.history.ProgressEntry;
import org.onlinebackup.job.archive.BinlogArchiveBatchlet;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** WL#4116's print_backup_summary: one operation from the history tables, with WL#3324's Backup Summary. */
@Command(name = "show", description = "Show one backup or restore from the history tables: summary, times, state, errors, progress.")
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "BACKUP_ID", description = "The backup_id (see: online-backup history).")
    long backupId;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        HistoryEntry e;
        List<ProgressEntry> progress;
        try (HistoryReader history = conn.historyReader()) {
            e = history.entry(backupId);
            if (e == null) {
                throw new OnlineBackupException(Message.HISTORY_NOT_FOUND, backupId, conn.repository());
            }
            progress = history.progressOf(backupId);
        }
        Map<String, ProgressEntry> byObject = progress.stream()
                .collect(Collectors.toMap(ProgressEntry::object, Function.identity(), (a, b) -> b));
        PrintStream out = main.io.out();
        line(out, "backup_id", e.backupId() + " (job execution " + e.jobExecutionId()
                + (e.connectionId() == null ? "" : ", server connection " + e.connectionId()) + ")");
        line(out, "operation", e.operation());
        line(out, "state", e.state().word());
        boolean archive = e.operation().equals(JobParams.ARCHIVE_JOB);
        line(out, archive ? "archive" : "image", e.backupFile());
        line(out, "comment", e.userComment());
        line(out, "server", e.hostOrServerName() + ", user " + e.username());
        line(out, "started", HistoryCommand.time(e.startTime()) + " UTC");
        if (e.validityPointTime() != null) {
            line(out, "validity point", HistoryCommand.time(e.validityPointTime()) + " UTC");
        }
        if (e.stopTime() != null) {
            line(out, "stopped", HistoryCommand.time(e.stopTime()) + " UTC, after " + seconds(Duration.between(e.startTime(), e.stopTime())));
        }
        line(out, archive ? "from" : "binlog", e.binlogFile() == null ? (e.validityPointTime() == null ? null : "off")
                : e.binlogFile() + ":" + e.binlogPos() + (e.gtidPos() == null || e.gtidPos().isEmpty() ? "" : ", GTID " + e.gtidPos()));
        if (archive) {
            progress.stream().filter(p -> p.object().equals(BinlogArchiveBatchlet.ARCHIVED)).reduce((a, b) -> b)
                    .ifPresent(p -> line(out, "archived", p.notes()));
        }
        ProgressEntry dbs = byObject.get(Recorder.DATABASES);
        ProgressEntry tables = byObject.get(Recorder.TABLES);
        ProgressEntry others = byObject.get(Recorder.OTHER_OBJECTS);
        line(out, "objects", e.numObjects() == null ? null : e.numObjects()
                + (dbs == null || tables == null ? "" : ": " + dbs.progress() + " database(s) " + dbs.notes() + ", " + tables.progress() + " table(s)")
                + (others == null ? "" : ", " + others.notes()));
        line(out, "engines", e.engines());
        line(out, "command", e.command());
        line(out, "error", e.errorNum() == 0 ? "none" : e.errorMessage());
        List<String> warnings = progress.stream().filter(p -> Operation.WARNING.equals(p.object())).map(ProgressEntry::notes).toList();
        line(out, "warnings", warnings.isEmpty() ? "none" : warnings.get(0));
        for (String w : warnings.subList(Math.min(1, warnings.size()), warnings.size())) {
            line(out, "", w);
        }
        out.println();
        if (!archive) {
            summary(out, e, byObject);
            out.println();
        }
        out.println("progress (sum_progress_rows: " + progress.size() + ")");
        out.printf("  %-23s  %-23s  %-40s  %13s  %11s  %s%n", "start (UTC)", "stop (UTC)", "object", "bytes", "progress", "notes");
        for (ProgressEntry p : progress) {
            out.printf("  %-23s  %-23s  %-40s  %13s  %11s  %s%n", HistoryCommand.time(p.startTime()), HistoryCommand.time(p.stopTime()),
                    p.object(), p.totalBytes() == null ? "" : p.totalBytes(), p.progress() == null ? "" : p.progress(),
                    (p.errorNum() == 0 ? "" : "error " + p.errorNum() + ": ") + (p.notes() == null ? "" : p.notes()));
        }
        return Main.OK;
    }

    /** WL#3324's Backup Summary (Restore Summary for a restore): the image's bytes by section, and their total. */
    private static void summary(PrintStream out, HistoryEntry e, Map<String, ProgressEntry> rows) {
        String title = e.operation().equals("restore") ? "Restore Summary" : "Backup Summary";
        String rule = "+" + "-".repeat(36) + "+";
        out.println(rule);
        out.printf("| %-34s |%n", title);
        out.println(rule);
        if (!rows.containsKey(Recorder.HEADER)) {
            out.printf("| %-34s |%n", e.totalBytes() == null ? "no image: the operation did not finish" : "total " + e.totalBytes() + " bytes");
        } else {
            section(out, "header", rows.get(Recorder.HEADER));
            section(out, "meta-data", rows.get(Recorder.METADATA));
            section(out, "data", rows.get(Recorder.DATA));
            section(out, "summary", rows.get(Recorder.SUMMARY));
            out.printf("| %-12s %14s %6s |%n", "", "-".repeat(14), "");
            out.printf("| %-12s %14d %-6s |%n", "total", e.totalBytes(), "bytes");
        }
        out.println(rule);
    }

    private static void section(PrintStream out, String name, ProgressEntry p) {
        out.printf("| %-10s = %14d %-6s |%n", name, p == null || p.totalBytes() == null ? 0 : p.totalBytes(), "bytes");
    }

    private static void line(PrintStream out, String label, String value) {
        if (value != null && !value.isEmpty()) {
            out.printf("%-16s%s%n", label, value);
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
