package org.onlinebackup.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import org.onlinebackup.history.Recorder;
import org.onlinebackup.repository.RunningOperations;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * WL#4116's PURGE BACKUP LOGS: removes operations and their progress rows from the history tables. The row of an
 * operation running now is always kept. Images are never touched.
 */
@Command(name = "purge", description = "Remove operations from the history tables: all, up to a backup_id, or started before a time. "
        + "A running operation is kept; image files are not touched.")
final class PurgeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--all", required = true, description = "Every operation.")
        boolean all;

        @Option(names = "--up-to", required = true, paramLabel = "BACKUP_ID", description = "Operations with backup_id BACKUP_ID or lower.")
        Long upTo;

        @Option(names = "--before", required = true, paramLabel = "TIME",
                description = "Operations started before TIME, UTC: 2026-11-21 or 2026-11-21T08:30:00 (as history shows them).")
        String before;
    }

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        Recorder.Purge purge = which.all ? Recorder.Purge.all()
                : which.upTo != null ? Recorder.Purge.upTo(which.upTo) : Recorder.Purge.before(time(which.before));
        ConnectionOptions.Resolved conn = connection.resolve(main.io);
        Recorder recorder = conn.history();
        long newest = recorder.newest();
        Recorder.Purged done = recorder.purge(purge, newest, new RunningOperations(conn.existingRepository()).executions());
        main.io.out().println("purged " + done.operations() + " operation(s) and " + done.progressRows()
                + " progress row(s) from the history in " + conn.repository()
                + (done.keptRunning() == null ? "" : "; kept backup_id " + done.keptRunning() + ", which is running"));
        return Main.OK;
    }

    /** A UTC date or date and time, as {@code history} prints them. */
    private Instant time(String text) {
        String t = text.trim().replace(' ', 'T');
        try {
            return t.contains("T") ? LocalDateTime.parse(t).toInstant(ZoneOffset.UTC) : LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--before needs a UTC date or date and time such as 2026-11-21 or "
                    + "2026-11-21T08:30:00, not '" + text + "'");
        }
    }
}
