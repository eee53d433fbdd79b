package org.onlinebackup.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.onlinebackup.archive.BinlogArchive;
import org.onlinebackup.archive.Segment;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageReader;

/**
 * What {@code expire} removes from a repository, decided before anything is removed, so that {@code --dry-run} shows
 * exactly what a run would do. The rules:
 * <ul>
 * <li>Images are kept per <em>series</em>: the images of one server (its host name) and one set of databases, so that
 *     the nightly image of one database never pushes out another's.</li>
 * <li>In each series, the {@code keepFull} newest images by validity point are kept, and every image whose validity
 *     point is within {@code keepDays} of now; the newest image of a series is always kept, however old.</li>
 * <li>An image that cannot be read, is encrypted and no key was given, or (keys given) is not authenticated by them,
 *     is left alone and counts for nothing: a planted newest image cannot push out a real one.</li>
 * <li>The binlog archive of a server is kept from the validity point of the oldest image kept of that server: the
 *     segments that end at or before it go, never the last segment (where the archive takes up), and none at all
 *     when no kept image of that server records a binlog position.</li>
 * <li>Backups not finished (work directories) are never touched.</li>
 * </ul>
 */
public final class Retention {
    /** How many newest images to keep per series, and for how many days; either may be null, not both. */
    public record Policy(Integer keepFull, Integer keepDays) {
        public Policy {
            if (keepFull == null && keepDays == null) {
                throw new IllegalArgumentException("a policy keeps a number of images, the images of a number of days, or both");
            }
            if (keepFull != null && keepFull < 1) {
                throw new IllegalArgumentException("the number of images to keep must be 1 or more (the newest is always kept)");
            }
            if (keepDays != null && keepDays < 0) {
                throw new IllegalArgumentException("the number of days to keep must be 0 or more");
            }
        }
    }

    /** An image and what becomes of it, and why. */
    public record Decision(Path image, String series, Instant validityPoint, long bytes, boolean keep, String why) {
    }

    /** Segments of a server's archive that go: every one that ends at or before {@code before}. */
    public record ArchiveCut(Path dir, String host, String before, List<Path> segments, long bytes, String why) {
    }

    /** The whole decision: every image kept or removed, those left alone and why, and the archive's cuts. */
    public record Plan(List<Decision> images, List<Latest.PassedOver> leftAlone, List<ArchiveCut> archive) {
        public List<Decision> removed() {
            return images.stream().filter(d -> !d.keep()).toList();
        }
    }

    private Retention() {
    }

    private record Seen(Path file, String series, Header header, long bytes) {
    }

    public static Plan plan(BackupRepo repo, Policy policy, Instant now, ImageKeys keys) {
        List<Latest.PassedOver> leftAlone = new ArrayList<>();
        Map<String, List<Seen>> series = new LinkedHashMap<>();
        for (Path p : repo.images()) {
            ImageReader r;
            try {
                r = ImageReader.inspect(p, keys);
            } catch (OnlineBackupException e) {
                leftAlone.add(new Latest.PassedOver(p, e.getMessage()));
                continue;
            }
            if (keys.given() && r.authentication().by() == null) {
                leftAlone.add(new Latest.PassedOver(p, "not authenticated by " + keys.describe() + ": " + r.authentication().why()));
                continue;
            }
            if (r.catalogue() == null) {
                leftAlone.add(new Latest.PassedOver(p, "encrypted, and no key was given (--key-file FILE or OBK_KEY): its"
                        + " databases, and so its series, are unknown"));
                continue;
            }
            String key = r.header().serverHost() + ": " + String.join(", ", r.catalogue().databases().stream()
                    .map(DatabaseEntry::name).sorted().toList());
            series.computeIfAbsent(key, k -> new ArrayList<>()).add(new Seen(p, key, r.header(), r.size()));
        }
        List<Decision> decisions = new ArrayList<>();
        Instant since = policy.keepDays() == null ? null : now.minus(Duration.ofDays(policy.keepDays()));
        for (List<Seen> s : series.values()) {
            s.sort(Comparator.comparing((Seen x) -> x.header().validityPoint()).reversed());
            for (int i = 0; i < s.size(); i++) {
                Seen x = s.get(i);
                String why;
                if (i == 0) {
                    why = "the newest of its series";
                } else if (policy.keepFull() != null && i < policy.keepFull()) {
                    why = "one of the " + policy.keepFull() + " newest of its series";
                } else if (since != null && !x.header().validityPoint().isBefore(since)) {
                    why = "within " + policy.keepDays() + " day(s)";
                } else {
                    why = null;
                }
                decisions.add(new Decision(x.file(), x.series(), x.header().validityPoint(), x.bytes(), why != null,
                        why != null ? why : "older than what the policy keeps of its series"));
            }
        }
        decisions.sort(Comparator.comparing(Decision::image, BackupRepo.BY_START));
        List<ArchiveCut> cuts = new ArrayList<>();
        try {
            for (BinlogArchive a : BinlogArchive.all(repo.dir().resolve("archive"))) {
                ArchiveCut cut = archiveCut(a, series, decisions);
                if (cut != null) {
                    cuts.add(cut);
                }
            }
        } catch (IOException e) {
            throw new OnlineBackupException(e, Message.REPO_UNUSABLE, repo.dir(),
                    "cannot read its binlog archive: " + e.getMessage());
        }
        return new Plan(decisions, leftAlone, cuts);
    }

    /** The segments of {@code a} before the oldest kept image of its server, or null when none go. */
    private static ArchiveCut archiveCut(BinlogArchive a, Map<String, List<Seen>> series, List<Decision> decisions)
            throws IOException {
        List<Path> segments = a.segments();
        if (segments.size() < 2) {
            return null;
        }
        String host = Segment.head(segments.get(0)).host();
        Set<Path> kept = decisions.stream().filter(Decision::keep).map(Decision::image).collect(Collectors.toSet());
        Header oldest = null;
        for (List<Seen> s : series.values()) {
            for (Seen x : s) {
                if (kept.contains(x.file()) && host.equals(x.header().serverHost()) && x.header().binlogFile() != null
                        && (oldest == null || x.header().validityPoint().isBefore(oldest.validityPoint()))) {
                    oldest = x.header();
                }
            }
        }
        if (oldest == null) {
            return null;
        }
        List<Path> gone = new ArrayList<>();
        long bytes = 0;
        for (Path p : segments.subList(0, segments.size() - 1)) {
            Segment.Contents c = Segment.span(p);
            if (c.end() == null || BinlogArchive.order(c.followingFile(), c.followingPosition(), oldest.binlogFile(),
                    oldest.binlogPosition()) > 0) {
                break;
            }
            gone.add(p);
            bytes += Files.size(p);
        }
        if (gone.isEmpty()) {
            return null;
        }
        String before = oldest.binlogFile() + ":" + oldest.binlogPosition();
        return new ArchiveCut(a.dir(), host, before, gone, bytes, "the oldest image kept of " + host + " starts at " + before);
    }

    /**
     * Removes what {@code plan} removes: the images first, then the archive's segments, oldest first; returns how many
     * files it removed. A file it cannot remove stops it there: {@link Partly} says how many went before.
     */
    public static int apply(Plan plan) throws Partly {
        List<Path> files = new ArrayList<>(plan.removed().stream().map(Decision::image).toList());
        plan.archive().forEach(c -> files.addAll(c.segments()));
        int done = 0;
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new Partly(p, done, files.size(), e);
            }
            done++;
        }
        return done;
    }

    /** A removal that stopped at {@code file}, after {@code removed} of {@code planned} files. */
    public static final class Partly extends IOException {
        private final transient Path file;
        private final int removed;
        private final int planned;

        Partly(Path file, int removed, int planned, IOException cause) {
            super("cannot remove " + file + " (" + cause.getMessage() + ") after removing " + removed + " of the " + planned
                    + " file(s) expire removes; the rest are there still", cause);
            this.file = file;
            this.removed = removed;
            this.planned = planned;
        }

        public Path file() {
            return file;
        }

        public int removed() {
            return removed;
        }

        public int planned() {
            return planned;
        }
    }
}
