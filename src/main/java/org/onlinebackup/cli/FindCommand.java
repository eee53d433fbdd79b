package org.onlinebackup.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

import org.onlinebackup.archive.BinlogArchive;
import org.onlinebackup.archive.Finder;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.store.BackupRepo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code find --repo DIR --statement 'drop table'}: the transactions of the binlog archive that match, each with the
 * position it starts at (a restore to just before it stops there), its time and GTID. Needs no server.
 */
@Command(name = "find", description = "Search a repository's binlog archive by time, database, table and statement text;"
        + " print where each matching transaction starts, its time and GTID.")
final class FindCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The backup repository.")
    Path repo;

    @Option(names = "--after", paramLabel = "TIME", description = "Only at or after TIME (2026-12-08T01:15:00Z, or"
            + " 2026-12-08 01:15:00 in this machine's time zone).")
    String after;

    @Option(names = "--before", paramLabel = "TIME", description = "Only before TIME.")
    String before;

    @Option(names = "--database", paramLabel = "DB", description = "Only statements in, or rows of, database DB.")
    String database;

    @Option(names = "--table", paramLabel = "TABLE", description = "Only statements naming, or rows of, table TABLE.")
    String table;

    @Option(names = "--statement", paramLabel = "TEXT", description = "Only statements containing TEXT (any case), as"
            + " 'drop table' or 'delete from orders'.")
    String statement;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N transactions (default:"
            + " ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print one JSON object per transaction.")
    boolean json;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1 or more");
        }
        Finder.Query q = new Finder.Query(time("--after", after), time("--before", before), database, table, statement);
        BackupRepo r = BackupRepo.open(Streams.refused("--repo", repo));
        PrintStream out = main.io.out();
        int found = 0;
        try {
            List<BinlogArchive> archives = BinlogArchive.all(r.dir().resolve("archive"));
            if (archives.isEmpty()) {
                throw new OnlineBackupException(Message.REPO_UNUSABLE, r.dir(), "it holds no binlog archive (online-backup"
                        + " archive --repo " + r.dir() + " keeps one)");
            }
            for (BinlogArchive a : archives) {
                for (Finder.Match m : Finder.find(a, q, limit - found)) {
                    found++;
                    String server = a.dir().getFileName().toString();
                    if (json) {
                        out.println(new JsonLine("transaction").add("server", server).add("file", m.file())
                                .add("position", m.position()).add("time", m.time()).add("gtid", m.gtid())
                                .add("database", m.database()).add("statement", m.statement()));
                    } else {
                        out.println(m.time() + "  " + server + "  " + m.file() + ":" + m.position() + "  "
                                + (m.gtid() == null ? "-" : "GTID " + m.gtid()) + "  " + (m.database().isEmpty() ? "-"
                                : "`" + m.database() + "`") + "  " + oneLine(m.statement()));
                    }
                }
            }
        } catch (IOException e) {
            throw new OnlineBackupException(e, Message.REPO_UNUSABLE, r.dir(), "cannot read its binlog archive: " + e.getMessage());
        }
        if (!json) {
            out.println(found == 0 ? "no transaction of the archive matches" : found + " transaction(s)"
                    + (found == limit ? " (the first " + limit + "; --limit for more)" : "")
                    + "; each line gives the position its transaction starts at");
        }
        return found == 0 ? Main.FAILED : Main.OK;
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 199) + "…" : flat;
    }

    private Instant time(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new ParameterException(spec.commandLine(), option + " takes a time as 2026-12-08T01:15:00Z or"
                        + " '2026-12-08 01:15:00', not '" + text + "'");
            }
        }
    }
}
