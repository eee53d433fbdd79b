package org.onlinebackup.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.onlinebackup.archive.BinlogArchive;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.NameList;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.store.BackupRepo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code info --repo DIR}: a backup repository's images, by validity point, each with what a restore would want to
 * know first (where it stands in the server's binlog, its size, its databases, who vouches for it), and the backups
 * that have not finished there. Reads no data and needs no server.
 */
@Command(name = "info", description = "Show a backup repository's images and unfinished backups, without a server.")
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The backup repository.")
    Path repo;

    @Mixin
    TrustOptions trust;

    @Mixin
    OptionFileChoice optionFiles;

    @Option(names = "--json", description = "Print one JSON object per image and per unfinished backup.")
    boolean json;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    /** A server's binlog archive as listed: its directory's name, the host its segments name, and what it covers. */
    private record Archived(String name, String host, List<BinlogArchive.Range> ranges) {
    }

    /** An image as listed: its reader, or the one line that says why it cannot be read. */
    private record Listed(Path file, ImageReader image, String problem) {
        Instant validityPoint() {
            return image == null ? null : image.header().validityPoint();
        }
    }

    @Override
    public Integer call() {
        BackupRepo r = BackupRepo.open(Streams.refused("--repo", repo));
        ImageKeys keys = trust.keys(optionFiles.read());
        List<Listed> images = new ArrayList<>();
        for (Path p : r.images()) {
            try {
                images.add(new Listed(p, ImageReader.inspect(p, keys), null));
            } catch (OnlineBackupException e) {
                images.add(new Listed(p, null, e.getMessage()));
            }
        }
        images.sort(Comparator.comparing(Listed::validityPoint, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Listed::file, BackupRepo.BY_START));
        List<Path> unfinished = r.unfinished();
        List<Archived> archives = new ArrayList<>();
        try {
            for (BinlogArchive a : BinlogArchive.all(r.dir().resolve("archive"))) {
                archives.add(new Archived(a.dir().getFileName().toString(), a.host(), a.coverage()));
            }
        } catch (IOException e) {
            throw new OnlineBackupException(e, Message.REPO_UNUSABLE, r.dir(), "cannot read its binlog archive: " + e.getMessage());
        }
        PrintStream out = main.io.out();
        if (json) {
            out.println(new JsonLine("repository").add("path", r.dir()).add("format", r.manifest().format())
                    .add("id", r.manifest().id()).add("created", r.manifest().created()).add("images", images.size())
                    .add("unfinished", unfinished.size()));
            for (Listed l : images) {
                out.println(json(l, archives));
            }
            for (Path w : unfinished) {
                out.println(new JsonLine("unfinished").add("work", w).add("jobInstance", BackupRepo.owner(w)));
            }
            for (Archived a : archives) {
                out.println(new JsonLine("archive").add("server", a.name()).add("gaps", Math.max(0, a.ranges().size() - 1))
                        .add("ranges", a.ranges()));
            }
            return Main.OK;
        }
        out.println("repository      " + r.dir() + " (format " + r.manifest().format() + ", id " + r.manifest().id()
                + ", made " + r.manifest().created() + ")");
        out.println("images (" + images.size() + ")" + (images.isEmpty() ? ": none yet; backup --repo " + r.dir() + " writes one" : ""));
        if (!images.isEmpty()) {
            out.println(String.format(Locale.ROOT, "  %-24s %-24s %-34s %10s  %s", "name", "validity point (UTC)",
                    "binlog", "size", "databases; authentication"));
        }
        for (Listed l : images) {
            if (l.image() == null) {
                out.println(String.format(Locale.ROOT, "  %-24s unusable: %s", l.file().getFileName(), l.problem()));
                continue;
            }
            Header h = l.image().header();
            out.println(String.format(Locale.ROOT, "  %-24s %-24s %-34s %10s  %s; %s; %s", l.file().getFileName(),
                    h.validityPoint().truncatedTo(ChronoUnit.MILLIS), binlog(h), size(l.image().size()), databases(l.image()),
                    l.image().authentication().describe(), moments(h, archives)));
        }
        if (!unfinished.isEmpty()) {
            out.println("unfinished backups (" + unfinished.size() + "): restart or abandon each (online-backup history names its execution)");
            for (Path w : unfinished) {
                Long owner = BackupRepo.owner(w);
                out.println("  " + w.getFileName() + (owner == null ? "" : "  job instance " + owner));
            }
        }
        if (archives.isEmpty()) {
            out.println("binlog archive  none: each image restores to its validity point (online-backup archive --repo "
                    + r.dir() + " keeps one)");
        }
        for (Archived a : archives) {
            out.println("binlog archive  " + a.name() + ": " + (a.ranges().isEmpty() ? "no event yet"
                    : a.ranges().size() == 1 ? a.ranges().get(0) + ", no gap"
                    : a.ranges().size() + " stretches with a gap between each: " + a.ranges().stream().map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining("; "))));
        }
        return Main.OK;
    }

    /** Bytes in the largest unit that keeps a whole number before the point: 732 B, 1.4 KiB, 2.5 GiB. */
    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Which moments the image restores to: its validity point, and on to the end of the archive that follows it. */
    private static String moments(Header h, List<Archived> archives) {
        BinlogArchive.Range r = covering(h, archives);
        return r == null ? "restores to its validity point" : "the archive follows it to " + r.toFile() + ":" + r.toPosition();
    }

    /** The stretch of an archive of the image's server that holds its validity point, or null. */
    private static BinlogArchive.Range covering(Header h, List<Archived> archives) {
        if (h.binlogFile() == null) {
            return null;
        }
        for (Archived a : archives) {
            if (h.serverHost().equals(a.host())) {
                for (BinlogArchive.Range r : a.ranges()) {
                    if (r.holds(h.binlogFile(), h.binlogPosition())) {
                        return r;
                    }
                }
            }
        }
        return null;
    }

    private static String binlog(Header h) {
        if (h.binlogFile() == null) {
            return "off";
        }
        return h.binlogFile() + ":" + h.binlogPosition() + (h.gtidPosition() == null || h.gtidPosition().isEmpty() ? ""
                : " GTID " + h.gtidPosition());
    }

    private static String databases(ImageReader image) {
        if (image.catalogue() == null) {
            return "encrypted (give its key to see them)";
        }
        return NameList.of(image.catalogue().databases().stream().map(DatabaseEntry::name).toList()).shortened(8);
    }

    private static JsonLine json(Listed l, List<Archived> archives) {
        JsonLine j = new JsonLine("image").add("name", l.file().getFileName()).add("path", l.file());
        if (l.image() == null) {
            return j.add("usable", false).add("problem", l.problem());
        }
        Header h = l.image().header();
        j.add("usable", true).add("validityPoint", h.validityPoint()).add("created", h.created())
                .add("server", h.serverHost()).add("serverVersion", h.serverVersion())
                .add("binlogFile", h.binlogFile()).add("binlogPosition", h.binlogFile() == null ? null : h.binlogPosition())
                .add("gtid", h.gtidPosition()).add("bytes", l.image().size()).add("encrypted", l.image().encrypted());
        if (l.image().catalogue() != null) {
            j.add("databases", l.image().catalogue().databases().stream().map(DatabaseEntry::name).toList());
        }
        j.add("trusted", l.image().authentication().trusted()).add("authentication", l.image().authentication().describe());
        BinlogArchive.Range r = covering(h, archives);
        return j.add("archivedTo", r == null ? null : r.toFile() + ":" + r.toPosition());
    }
}
