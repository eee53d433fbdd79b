package org.onlinebackup.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.onlinebackup.image.PrivateFiles;
import org.onlinebackup.image.PublicKeyFile;
import org.onlinebackup.image.SigningKey;

/**
 * One server's binlog archive: the directory {@code archive/server-ID/} of a backup repository, holding segments
 * numbered in the order they were written ({@code 00000001.obkb}, ...). What a run needs to take up lives here:
 * the last segment says where the archive ends ({@link #resume}); a segment a killed run left without its end is
 * first cut back to its last whole record and ended there, so every segment before the one being written is whole.
 */
public final class BinlogArchive {
    private static final String SUFFIX = ".obkb";

    private final Path dir;

    private BinlogArchive(Path dir) {
        this.dir = dir;
    }

    /** The archive of server {@code serverId} under {@code archiveRoot} ({@code R/archive}), made if new (0700). */
    public static BinlogArchive of(Path archiveRoot, long serverId) throws IOException {
        if (!Files.isDirectory(archiveRoot)) {
            try {
                PrivateFiles.createDirectory(archiveRoot);
            } catch (FileAlreadyExistsException e) {
                // made by another run at the same moment
            }
        }
        Path dir = archiveRoot.resolve("server-" + serverId);
        if (!Files.isDirectory(dir)) {
            try {
                PrivateFiles.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // made by another run at the same moment
            }
        }
        return new BinlogArchive(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The segments, in the order they were written. */
    public List<Path> segments() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : s) {
                if (p.getFileName().toString().matches("\\d{8}\\" + SUFFIX)) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Where the archive ends: the binlog file and position the next event must have, the next segment's number, and
     * the GTID state there (the last GTID archived of each domain; "" when unknown).
     */
    public record Resume(String file, long position, int nextSequence, String gtidState) {
    }

    /**
     * Where a run takes up, or null for an archive with no segment yet. A segment left without its end is ended first,
     * and sealed by {@code signer} (null: none); one left with its end but not its seal (a kill between the two) is
     * sealed.
     */
    public Resume resume(SigningKey signer) throws IOException {
        List<Path> segments = segments();
        if (segments.isEmpty()) {
            return null;
        }
        Path last = segments.get(segments.size() - 1);
        Segment.Contents c = Segment.read(last, null);
        int next = c.head().sequence() + 1;
        if (c.end() == null) {
            Segment.End before = segments.size() < 2 ? null : Segment.span(segments.get(segments.size() - 2)).end();
            Map<Long, String> state = GtidState.parse(before == null ? "" : before.gtidState());
            state.putAll(c.lastGtids());
            String gtids = GtidState.format(state);
            Segment.endCut(c, gtids, signer);
            return new Resume(c.head().file(), c.lastPosition(), next, gtids);
        }
        if (signer != null && !c.sealed()) {
            Segment.sealEnded(c, signer);
        }
        return new Resume(c.followingFile(), c.followingPosition(), next, c.end().gtidState());
    }

    /**
     * A stretch of the binary log the archive holds without a gap: from a file and position to another, in how many
     * segments, how many of them not sealed (the one being written among them), and the keys that sealed the others.
     */
    public record Range(String fromFile, long fromPosition, String toFile, long toPosition, int segments, int unsealed,
                        Set<String> sealedBy) {
        /** Whether the binlog position {@code file:position} lies in this stretch, its ends included. */
        public boolean holds(String file, long position) {
            return order(fromFile, fromPosition, file, position) <= 0 && order(file, position, toFile, toPosition) <= 0;
        }

        @Override
        public String toString() {
            return fromFile + ":" + fromPosition + " to " + toFile + ":" + toPosition + " (" + segments + " segment(s)"
                    + (sealedBy.isEmpty() ? ", not sealed" : ", sealed by " + String.join(", ", sealedBy)
                    + (unsealed == 0 ? "" : ", " + unsealed + " not sealed")) + ")";
        }
    }

    /**
     * What the archive covers, in the order written: one range when each segment starts where the one before ended
     * (the next file at 4 after a rotation), more when a segment starts elsewhere, a gap between them.
     */
    public List<Range> coverage() throws IOException {
        List<Range> out = new ArrayList<>();
        String fromFile = null;
        long fromPos = 0;
        String expectFile = null;
        long expectPos = 0;
        int n = 0;
        int unsealed = 0;
        Set<String> signers = new TreeSet<>();
        for (Path p : segments()) {
            Segment.Contents c = Segment.span(p);
            Segment.Head h = c.head();
            if (fromFile != null && !(h.file().equals(expectFile) && h.start() == expectPos)) {
                out.add(new Range(fromFile, fromPos, expectFile, expectPos, n, unsealed, Set.copyOf(signers)));
                fromFile = null;
            }
            if (fromFile == null) {
                fromFile = h.file();
                fromPos = h.start();
                n = 0;
                unsealed = 0;
                signers.clear();
            }
            n++;
            if (c.sealed()) {
                signers.add(PublicKeyFile.fingerprint(c.signer()));
            } else {
                unsealed++;
            }
            expectFile = c.followingFile();
            expectPos = c.followingPosition();
        }
        if (fromFile != null) {
            out.add(new Range(fromFile, fromPos, expectFile, expectPos, n, unsealed, Set.copyOf(signers)));
        }
        return out;
    }

    /** Binary log order: by the file's number where two names share a base, then by position. */
    public static int order(String fileA, long posA, String fileB, long posB) {
        int c = compareFiles(fileA, fileB);
        return c != 0 ? c : Long.compare(posA, posB);
    }

    private static int compareFiles(String a, String b) {
        int da = a.lastIndexOf('.');
        int db = b.lastIndexOf('.');
        if (da > 0 && db > 0 && a.substring(0, da).equals(b.substring(0, db))) {
            try {
                return Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
            } catch (NumberFormatException e) {
                return a.compareTo(b);
            }
        }
        return a.compareTo(b);
    }

    /** The server host name the archive's segments record (its first segment's), or null for an empty archive. */
    public String host() throws IOException {
        List<Path> s = segments();
        return s.isEmpty() ? null : Segment.head(s.get(0)).host();
    }

    /** The archives under {@code archiveRoot}, one per server, or none. */
    public static List<BinlogArchive> all(Path archiveRoot) throws IOException {
        List<BinlogArchive> out = new ArrayList<>();
        if (!Files.isDirectory(archiveRoot)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(archiveRoot, "server-*")) {
            for (Path p : s) {
                if (Files.isDirectory(p)) {
                    out.add(new BinlogArchive(p));
                }
            }
        }
        out.sort((a, b) -> a.dir.compareTo(b.dir));
        return out;
    }

    /** Creates segment number {@code sequence} with {@code head}, sealed by {@code signer} when it ends (null: not). */
    public Segment.Writer create(Segment.Head head, SigningKey signer) throws IOException {
        return Segment.Writer.create(dir.resolve(String.format(Locale.ROOT, "%08d", head.sequence()) + SUFFIX), head, signer);
    }

}
