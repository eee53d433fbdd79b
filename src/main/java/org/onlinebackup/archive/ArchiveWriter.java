package org.onlinebackup.archive;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import org.onlinebackup.image.SigningKey;

/**
 * Turns a replication stream, event by event, into segments of a {@link BinlogArchive}: a segment is opened at the
 * first event that stands in a file, ended by the file's rotate event (ROTATED), by the server going on in another
 * file without one (FILE_ENDED: it had stopped), or by {@link #stop} (STOPPED), and also (STOPPED, the next one taking
 * up at the same position) once it holds 64 MiB or is ten minutes old, so that all but the last few minutes of the
 * archive are in segments that are ended, and sealed when a key was given. Events the server makes up for the
 * stream (the rotate that starts it, heartbeats, the format description it sends again when the stream starts
 * inside a file) are not kept, but the format description goes into each segment's head so that every segment can
 * be decoded alone. Each event must start where the archive ends: one that does not is a gap, refused, never
 * written. So is a file whose Gtid_list (the server's GTID state before the file) is not the state the archive holds:
 * the last GTID archived of each domain, known from the end of the last segment, the image the archive started at,
 * or the first Gtid_list it saw (events lost in between, another server, a domain that appeared unseen).
 */
public final class ArchiveWriter {
    /** The server whose binary log this is, as each segment's head records it. */
    public record Server(long id, String host, int port, String version, int checksumLength) {
    }

    static final long ROLL_BYTES = 64L << 20;
    static final long ROLL_NANOS = 600_000_000_000L;

    private final BinlogArchive archive;
    private final Server server;
    private final SigningKey signer;
    private final long rollBytes;
    private long openedAt;
    private final String startFile;
    private final long startPosition;
    private String file;
    private long position;
    private int sequence;
    private byte[] formatDescription;
    private Segment.Writer segment;
    private long events;
    private long bytes;
    private int segments;
    private final Map<Long, String> gtids;
    private boolean gtidsKnown;

    /** A gap the archive found in the server's history: nothing after it is written. */
    public static final class Gap extends IOException {
        public Gap(String message) {
            super(message);
        }
    }

    /**
     * Writes into {@code archive} from {@code file} at {@code position}, the first segment numbered {@code sequence},
     * each segment sealed by {@code signer} when it ends (null: none).
     */
    public ArchiveWriter(BinlogArchive archive, Server server, String file, long position, int sequence, SigningKey signer) {
        this(archive, server, file, position, sequence, signer, "", ROLL_BYTES);
    }

    /**
     * As above, the GTID state at {@code file:position} being {@code gtidState} ("" when not known, {@link
     * GtidState#NONE} for a state with no GTID).
     */
    public ArchiveWriter(BinlogArchive archive, Server server, String file, long position, int sequence, SigningKey signer,
                         String gtidState) {
        this(archive, server, file, position, sequence, signer, gtidState, ROLL_BYTES);
    }

    ArchiveWriter(BinlogArchive archive, Server server, String file, long position, int sequence, SigningKey signer,
                  String gtidState, long rollBytes) {
        this.gtids = GtidState.parse(gtidState);
        this.gtidsKnown = gtidState != null && !gtidState.isBlank();
        this.archive = archive;
        this.server = server;
        this.signer = signer;
        this.rollBytes = rollBytes;
        this.file = file;
        this.position = position;
        this.sequence = sequence;
        this.startFile = file;
        this.startPosition = position;
    }

    /** Where the archive ends now: the next event must be at this file and position. */
    public String file() {
        return file;
    }

    public long position() {
        return position;
    }

    /** Takes the next event of the stream. */
    public void event(byte[] e) throws IOException {
        int type = BinlogEvent.type(e);
        if (type == BinlogEvent.HEARTBEAT) {
            if (segment != null) {
                segment.flush();
                rollIfDue();
            }
            return;
        }
        if (type == BinlogEvent.ROTATE && !BinlogEvent.inFile(e)) {
            String name = BinlogEvent.rotateFile(e, checksum());
            if (segment != null && !segment.head().file().equals(name)) {
                segment.end(Segment.Ending.FILE_ENDED, name, gtidState());
                segment = null;
            }
            if (!name.equals(file)) {
                formatDescription = null;
            }
            file = name;
            position = BinlogEvent.rotatePosition(e);
            return;
        }
        if (type == BinlogEvent.FORMAT_DESCRIPTION) {
            formatDescription = e;
        }
        if (!BinlogEvent.inFile(e)) {
            return;
        }
        long at = BinlogEvent.nextPosition(e) - e.length;
        if (type == BinlogEvent.MARIADB_GTID_LIST) {
            checkGtids(GtidState.ofList(e), at);
        }
        if (segment == null) {
            if (at != position) {
                throw new IOException("the server sent an event at " + file + ":" + at + " where the archive ends at "
                        + file + ":" + position);
            }
            if (formatDescription == null) {
                throw new IOException("the server sent no format description before the event at " + file + ":" + at);
            }
            segment = archive.create(new Segment.Head(sequence++, server.id(), server.host(), server.port(), server.version(),
                    file, at, Instant.now(), formatDescription), signer);
            segments++;
            openedAt = System.nanoTime();
        }
        segment.append(e);
        if (type == BinlogEvent.MARIADB_GTID) {
            long domain = BinlogEvent.gtidDomain(e);
            gtids.put(domain, domain + "-" + BinlogEvent.serverId(e) + "-" + BinlogEvent.gtidSequence(e));
        }
        position = BinlogEvent.nextPosition(e);
        events++;
        bytes += e.length;
        if (type == BinlogEvent.ROTATE) {
            String next = BinlogEvent.rotateFile(e, checksum());
            segment.end(Segment.Ending.ROTATED, next, gtidState());
            segment = null;
            file = next;
            position = BinlogEvent.rotatePosition(e);
            formatDescription = null;
        } else {
            rollIfDue();
        }
    }

    /** Ends the segment once it is large or old enough; the next event starts another where it ends. */
    private void rollIfDue() throws IOException {
        if (segment.size() >= rollBytes || System.nanoTime() - openedAt >= ROLL_NANOS) {
            segment.end(Segment.Ending.STOPPED, null, gtidState());
            segment = null;
        }
    }

    /** Ends the segment being written, if any, where the archive ends now. */
    public void stop() throws IOException {
        if (segment != null) {
            segment.end(Segment.Ending.STOPPED, null, gtidState());
            segment = null;
        }
    }

    /** The GTID state where the archive ends, as an end record keeps it. */
    public String gtidState() {
        return !gtidsKnown ? "" : gtids.isEmpty() ? GtidState.NONE : GtidState.format(gtids);
    }

    /**
     * Checks the state a file's Gtid_list gives against the archive's: equal when known; when not, equal for the domains
     * seen since, and then the list's. A difference is a {@link Gap}.
     */
    private void checkGtids(Map<Long, String> list, long at) throws Gap {
        boolean same = gtidsKnown ? list.equals(gtids)
                : gtids.entrySet().stream().allMatch(g -> g.getValue().equals(list.get(g.getKey())));
        if (!same) {
            throw new Gap("the server's GTID state before " + file + ":" + at + " is [" + GtidState.format(list)
                    + "], the archive's [" + GtidState.format(gtids) + "]: events are missing between them, or this is"
                    + " another server's history");
        }
        gtids.clear();
        gtids.putAll(list);
        gtidsKnown = true;
    }

    /** One line: what this writer archived. */
    public String describe() {
        return "archived " + events + " event(s), " + bytes + " bytes, of server " + server.id() + " from " + startFile + ":"
                + startPosition + " to " + file + ":" + position + " in " + segments + " segment(s) of " + archive.dir();
    }

    /** The server's checksum length (binlog_checksum, read as the run starts): rotate events end with it. */
    private int checksum() {
        return server.checksumLength();
    }
}
