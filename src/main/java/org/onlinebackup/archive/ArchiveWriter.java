package org.onlinebackup.archive;

import java.io.IOException;
import java.time.Instant;

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
 * written.
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

    /**
     * Writes into {@code archive} from {@code file} at {@code position}, the first segment numbered {@code sequence},
     * each segment sealed by {@code signer} when it ends (null: none).
     */
    public ArchiveWriter(BinlogArchive archive, Server server, String file, long position, int sequence, SigningKey signer) {
        this(archive, server, file, position, sequence, signer, ROLL_BYTES);
    }

    ArchiveWriter(BinlogArchive archive, Server server, String file, long position, int sequence, SigningKey signer,
                  long rollBytes) {
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
                segment.end(Segment.Ending.FILE_ENDED, name);
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
        position = BinlogEvent.nextPosition(e);
        events++;
        bytes += e.length;
        if (type == BinlogEvent.ROTATE) {
            String next = BinlogEvent.rotateFile(e, checksum());
            segment.end(Segment.Ending.ROTATED, next);
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
            segment.end(Segment.Ending.STOPPED, null);
            segment = null;
        }
    }

    /** Ends the segment being written, if any, where the archive ends now. */
    public void stop() throws IOException {
        if (segment != null) {
            segment.end(Segment.Ending.STOPPED, null);
            segment = null;
        }
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
