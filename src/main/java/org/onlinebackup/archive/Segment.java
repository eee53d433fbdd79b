package org.onlinebackup.archive;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import com.github.luben.zstd.Zstd;

import org.onlinebackup.image.PrivateFiles;
import org.onlinebackup.image.PublicKeyFile;
import org.onlinebackup.image.SigningKey;

/**
 * A segment of the binlog archive: the events of one binary log file from a position, exactly as the server wrote
 * them. The grammar (all integers little-endian):
 * <pre>
 * segment  = preamble head events* (end seal?)?
 * preamble = "OBKBINLG" u16(version 1) u16(0)
 * record   = u8(kind) u32(length) body crc32c(kind, length, body)
 * head     = record kind 1: u32 sequence, u32 server id, text host, u32 port, text server version, text binlog file,
 *            u64 start position, u64 created (microseconds since 1970), bytes format description event of the file
 * events   = record kind 2: u64 position of the first event, u32 count, u8 codec (0 none, 1 zstd), u32 raw length,
 *            payload (the events one after the other, each as long as its header says)
 * end      = record kind 3: u64 end position (after the last event), u8 how (1 rotated, 2 file ended, 3 stopped),
 *            text next file (empty unless rotated or file ended), text GTID state after the last event (the last
 *            GTID archived of each domain, as @@gtid_binlog_pos writes it; empty when none is known)
 * seal     = record kind 4, only after the end, when the archive was given a signing key: u8 scheme (1: Ed25519),
 *            the signer's public key (32 bytes), the signature (64 bytes) of "online-backup binlog segment seal v1\0"
 *            followed by the SHA-256 of every byte of the segment before the seal
 * text     = u32 length, UTF-8; bytes = u32 length, bytes
 * </pre>
 * A segment without its end is one a process was writing when it died: it is read up to its last whole record,
 * which is where the archive takes up ({@link BinlogArchive}). The events of a record are contiguous: each
 * starts where the one before ended, the first where the record before ended (or at the head's start position).
 */
public final class Segment {
    static final byte[] MAGIC = "OBKBINLG".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int PREAMBLE = 12;
    static final int HEAD = 1;
    static final int EVENTS = 2;
    static final int END = 3;
    static final int SEAL = 4;
    private static final int SCHEME_ED25519 = 1;
    private static final byte[] SEAL_DOMAIN = "online-backup binlog segment seal v1\0".getBytes(StandardCharsets.US_ASCII);
    /** Events are written as a record once this many bytes of them wait, or on {@link Writer#flush}. */
    static final int RECORD_BYTES = 256 * 1024;
    /** Events wait at most this long to be written: a slow, steady stream gets no heartbeat to flush them. */
    static final long RECORD_NANOS = 1_000_000_000L;
    /** The file is forced to disk after this many bytes. */
    static final long FORCE_BYTES = 8L << 20;

    private Segment() {
    }

    /** What a segment says of itself. */
    public record Head(int sequence, long serverId, String host, int port, String serverVersion, String file,
                       long start, Instant created, byte[] formatDescription) {
    }

    /** How a segment ended. */
    public enum Ending {
        /** the file's rotate event is its last: the next file follows at position 4 */
        ROTATED,
        /** the server went on in the next file with no rotate in this one (it had stopped or restarted) */
        FILE_ENDED,
        /** the run that wrote it ended here; the file may go on, in a later segment */
        STOPPED
    }

    /** How a segment ended: where, how, the next file, and the GTID state after its last event ("" when unknown). */
    public record End(long position, Ending how, String nextFile, String gtidState) {
    }

    /** One event as read back: where it stands in its binlog file and its bytes. */
    public record Event(String file, long position, byte[] bytes) {
    }

    /** Receives the events of a segment as they are read. */
    @FunctionalInterface
    public interface EventSink {
        void accept(Event e) throws IOException;
    }

    /**
     * A segment as read: its head, where its whole records end in the file (the rest is a cut record), the position
     * after its last event, its end (null when cut), its event count, the last GTID of each domain it holds
     * ({@link #span} gives neither: -1 and none), and the public key of its seal, checked (null: not sealed).
     */
    public record Contents(Path path, Head head, long wholeBytes, long lastPosition, End end, long events,
                           Map<Long, String> lastGtids, byte[] signer) {
        /** Whether the segment carries a seal that verified: {@link #signer} is then its public key. */
        public boolean sealed() {
            return signer != null;
        }

        /** The binlog file the event after this segment is in: the next file after a rotation, else its own. */
        public String followingFile() {
            return end != null && end.how() != Ending.STOPPED ? end.nextFile() : head.file();
        }

        /** The position of the event after this segment in {@link #followingFile}. */
        public long followingPosition() {
            return end != null && end.how() != Ending.STOPPED ? 4 : lastPosition;
        }
    }

    /** Writes a new segment. Not thread-safe: one run writes one segment at a time. */
    public static final class Writer implements Closeable {
        private final FileChannel ch;
        private final Head head;
        private final SigningKey signer;
        private final MessageDigest digest = sha256();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(RECORD_BYTES + 65536);
        private long pendingFrom;
        private int pendingCount;
        private long pendingSince;
        private long next;
        private long written;
        private long unforced;

        private Writer(FileChannel ch, Head head, SigningKey signer) {
            this.ch = ch;
            this.head = head;
            this.signer = signer;
            this.next = head.start();
            this.pendingFrom = head.start();
        }

        /**
         * Creates {@code file} (it must not exist, mode 0600) and writes its preamble and head; {@code signer} (null:
         * none) seals it when it ends. The head is written under a temporary name ({@code .NAME.new}) and the file
         * then renamed, so a segment that can be seen always has its head.
         */
        public static Writer create(Path file, Head head, SigningKey signer) throws IOException {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".new");
            Files.deleteIfExists(tmp);
            FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Writer w = new Writer(ch, head, signer);
            try {
                ByteBuffer pre = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
                pre.put(MAGIC).putShort((short) VERSION).putShort((short) 0).flip();
                w.write(pre);
                Body b = new Body();
                b.u32(head.sequence()).u32(head.serverId()).text(head.host()).u32(head.port()).text(head.serverVersion())
                        .text(head.file()).u64(head.start()).u64(ChronoUnit.MICROS.between(Instant.EPOCH, head.created()))
                        .bytes(head.formatDescription());
                w.record(HEAD, b.out.toByteArray());
                ch.force(false);
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(file.toString());
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                ch.close();
                Files.deleteIfExists(tmp);
                throw e;
            }
            return w;
        }

        public Head head() {
            return head;
        }

        /** The position the next event must start at. */
        public long nextPosition() {
            return next;
        }

        /**
         * Adds {@code event}, which must start at {@link #nextPosition()}; it reaches the file with the next record:
         * once 256 KiB wait, once the first waiting is a second old, or on {@link #flush} (the stream's heartbeat).
         */
        public void append(byte[] event) throws IOException {
            long at = BinlogEvent.nextPosition(event) - event.length;
            if (at != next) {
                throw new IOException("event of " + event.length + " bytes at position " + at + " of " + head.file()
                        + " does not follow the last archived one, which ended at " + next);
            }
            if (pendingCount == 0) {
                pendingSince = System.nanoTime();
            }
            pending.write(event);
            pendingCount++;
            next = BinlogEvent.nextPosition(event);
            if (pending.size() >= RECORD_BYTES || System.nanoTime() - pendingSince >= RECORD_NANOS) {
                flush();
            }
        }

        /** Writes the events waiting as one record. */
        public void flush() throws IOException {
            if (pendingCount == 0) {
                return;
            }
            byte[] raw = pending.toByteArray();
            byte[] packed = Zstd.compress(raw, 1);
            boolean zstd = packed.length < raw.length;
            byte[] payload = zstd ? packed : raw;
            Body b = new Body();
            b.u64(pendingFrom).u32(pendingCount).u8(zstd ? 1 : 0).u32(raw.length);
            b.out.write(payload, 0, payload.length);
            record(EVENTS, b.out.toByteArray());
            pending.reset();
            pendingCount = 0;
            pendingFrom = next;
            if (unforced >= FORCE_BYTES) {
                ch.force(false);
                unforced = 0;
            }
        }

        /**
         * Flushes, writes the end record with the GTID state {@code gtidState} after the last event (the seal too,
         * given a signer), forces the file to disk and closes it.
         */
        public void end(Ending how, String nextFile, String gtidState) throws IOException {
            flush();
            record(END, endBody(next, how, nextFile, gtidState));
            if (signer != null) {
                record(SEAL, sealBody(signer, digest.digest()));
            }
            ch.force(false);
            ch.close();
        }

        /** Bytes of the segment so far: written to the file, and events waiting to be. */
        public long size() {
            return written + pending.size();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }

        private void record(int kind, byte[] body) throws IOException {
            write(frame(kind, body));
        }

        private void write(ByteBuffer b) throws IOException {
            digest.update(b.array(), b.arrayOffset() + b.position(), b.remaining());
            int n = b.remaining();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            written += n;
            unforced += n;
        }
    }

    private static byte[] endBody(long position, Ending how, String nextFile, String gtidState) {
        Body b = new Body();
        b.u64(position).u8(how.ordinal() + 1).text(nextFile == null ? "" : nextFile).text(gtidState == null ? "" : gtidState);
        return b.out.toByteArray();
    }

    private static ByteBuffer frame(int kind, byte[] body) {
        ByteBuffer r = ByteBuffer.allocate(9 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        r.put((byte) kind).putInt(body.length).put(body);
        CRC32C crc = new CRC32C();
        crc.update(r.array(), 0, 5 + body.length);
        r.putInt((int) crc.getValue()).flip();
        return r;
    }

    /**
     * Ends a segment a killed run left without its end, as the run would have had it stopped there: its file cut
     * after its last whole record ({@code c}, as read) and the end record written with {@code gtidState}, then sealed
     * by {@code signer} (null: none) over what the file holds.
     */
    static void endCut(Contents c, String gtidState, SigningKey signer) throws IOException {
        try (FileChannel ch = FileChannel.open(c.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.truncate(c.wholeBytes());
            long at = c.wholeBytes();
            at = put(ch, frame(END, endBody(c.lastPosition(), Ending.STOPPED, null, gtidState)), at);
            if (signer != null) {
                sealAt(ch, c.path(), at, signer);
            }
            ch.force(false);
        }
    }

    /**
     * Seals a segment that has its end but no seal, or half of one: a run killed between the two. {@code c} is the
     * segment as read; what follows its end is cut off first.
     */
    static void sealEnded(Contents c, SigningKey signer) throws IOException {
        try (FileChannel ch = FileChannel.open(c.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.truncate(c.wholeBytes());
            sealAt(ch, c.path(), c.wholeBytes(), signer);
            ch.force(false);
        }
    }

    /** Writes at {@code at} the seal of the file's first {@code at} bytes. */
    private static void sealAt(FileChannel ch, Path file, long at, SigningKey signer) throws IOException {
        MessageDigest d = sha256();
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        for (long p = 0; p < at; ) {
            b.clear().limit((int) Math.min(b.capacity(), at - p));
            int n = ch.read(b, p);
            if (n <= 0) {
                throw new IOException(file + " ended while it was being sealed");
            }
            d.update(b.array(), 0, n);
            p += n;
        }
        put(ch, frame(SEAL, sealBody(signer, d.digest())), at);
    }

    private static long put(FileChannel ch, ByteBuffer r, long at) throws IOException {
        long p = at;
        while (r.hasRemaining()) {
            p += ch.write(r, p);
        }
        return p;
    }

    private static byte[] sealBody(SigningKey signer, byte[] digest) {
        Body b = new Body();
        b.u8(SCHEME_ED25519);
        b.out.write(signer.publicKey(), 0, signer.publicKey().length);
        byte[] sig = signer.sign(sealMessage(digest));
        b.out.write(sig, 0, sig.length);
        return b.out.toByteArray();
    }

    private static byte[] sealMessage(byte[] digest) {
        byte[] m = Arrays.copyOf(SEAL_DOMAIN, SEAL_DOMAIN.length + digest.length);
        System.arraycopy(digest, 0, m, SEAL_DOMAIN.length, digest.length);
        return m;
    }

    /** The public key of seal {@code body} if its signature holds for {@code digest}; otherwise an exception says so. */
    private static byte[] checkSeal(Path file, byte[] body, byte[] digest) throws IOException {
        if (body.length != 1 + PublicKeyFile.KEY_BYTES + PublicKeyFile.SIGNATURE_BYTES || body[0] != SCHEME_ED25519) {
            throw new IOException(file + ": its seal is of an unknown scheme or size");
        }
        byte[] key = Arrays.copyOfRange(body, 1, 1 + PublicKeyFile.KEY_BYTES);
        byte[] sig = Arrays.copyOfRange(body, 1 + PublicKeyFile.KEY_BYTES, body.length);
        if (!PublicKeyFile.verifies(key, sealMessage(digest), sig)) {
            throw new IOException(file + " has been altered since key " + PublicKeyFile.fingerprint(key)
                    + " sealed it: its seal does not match its bytes");
        }
        return key;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads {@code file} up to its last whole record, giving each event to {@code sink} (null: none); a record that
     * fails its CRC, does not follow, or is cut ends the reading there, as the end of what can be trusted.
     */
    public static Contents read(Path file, EventSink sink) throws IOException {
        // a sealed segment's seal is checked over all its bytes before any event is decoded or given out
        scan(file, null, false);
        return scan(file, sink, true);
    }

    /** The head of {@code file}: its preamble and head record only (what it says of itself), no check of the rest. */
    public static Head head(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = record(ch, PREAMBLE, ch.size(), HEAD);
            if (head == null) {
                throw new IOException(file + " has no whole head record: it was cut as it was created");
            }
            return head(head);
        }
    }

    /**
     * Where {@code file} starts and ends, as {@link #read} would say (no events, no GTIDs), checking every record's
     * CRC and the seal but decompressing nothing when the segment has its end (one without, the one being written, is
     * read whole): for listings of the archive.
     */
    public static Contents span(Path file) throws IOException {
        Contents c = scan(file, null, false);
        return c.end() != null ? c : scan(file, null, true);
    }

    private static Contents scan(Path file, EventSink sink, boolean decode) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0);
            if (pre.limit() < PREAMBLE || !Arrays.equals(Arrays.copyOf(pre.array(), MAGIC.length), MAGIC)) {
                throw new IOException(file + " is not a binlog archive segment");
            }
            int version = pre.getShort(MAGIC.length) & 0xffff;
            if (version != VERSION) {
                throw new IOException(file + " is a segment of format " + version + "; this tool reads format " + VERSION);
            }
            MessageDigest digest = sha256();
            digest.update(pre.array(), 0, PREAMBLE);
            long at = PREAMBLE;
            byte[] head = record(ch, at, size, HEAD);
            if (head == null) {
                throw new IOException(file + " has no whole head record: it was cut as it was created");
            }
            digest.update(frame(HEAD, head).array());
            at += 9 + head.length;
            Head h = head(head);
            long position = h.start();
            long events = 0;
            Map<Long, String> gtids = new TreeMap<>();
            End end = null;
            byte[] signer = null;
            while (at < size) {
                ByteBuffer kind = ByteBuffer.allocate(1);
                readFully(ch, kind, at);
                int k = kind.array()[0];
                byte[] body = record(ch, at, size, k);
                if (body == null || (end == null ? k != EVENTS && k != END : k != SEAL)) {
                    break;
                }
                if (k == SEAL) {
                    signer = checkSeal(file, body, digest.digest());
                    at += 9 + body.length;
                    break;
                }
                ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
                if (k == END) {
                    long endPos = b.getLong();
                    int how = b.get();
                    String next = text(b);
                    String state = text(b);
                    if (decode && endPos != position || how < 1 || how > Ending.values().length) {
                        break;
                    }
                    end = new End(endPos, Ending.values()[how - 1], next.isEmpty() ? null : next, state);
                    position = endPos;
                    digest.update(frame(END, body).array());
                    at += 9 + body.length;
                    continue;
                }
                if (decode) {
                    long n = events(file, body, at, h.file(), position, sink, gtids);
                    if (n < 0) {
                        break;
                    }
                    position += ByteBuffer.wrap(body, 13, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    events += n;
                }
                digest.update(frame(EVENTS, body).array());
                at += 9 + body.length;
            }
            return new Contents(file, h, at, position, end, decode ? events : -1, decode ? gtids : Map.of(), signer);
        }
    }

    /**
     * Decodes the events record {@code body} whose events start at {@code position}, giving each to {@code sink};
     * returns how many, or -1 when the record does not start there (it is not the record that follows).
     */
    private static long events(Path file, byte[] body, long at, String binlog, long position, EventSink sink,
                               Map<Long, String> gtids) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        long first = b.getLong();
        int count = b.getInt();
        int codec = b.get();
        int rawLength = b.getInt();
        if (first != position || rawLength < 0) {
            return -1;
        }
        byte[] payload = Arrays.copyOfRange(body, b.position(), body.length);
        byte[] raw;
        try {
            raw = codec == 1 ? Zstd.decompress(payload, rawLength) : payload;
        } catch (RuntimeException e) {
            throw new IOException(file + ": the events record at byte " + at + " does not decompress (" + e.getMessage()
                    + "), though its CRC32C matches");
        }
        int off = 0;
        int n = 0;
        long p = position;
        while (raw.length == rawLength && off < raw.length) {
            int len = raw.length - off < BinlogEvent.HEADER_SIZE ? -1 : (int) BinlogEvent.u32(raw, off + 9);
            if (len < BinlogEvent.HEADER_SIZE || off + len > raw.length || BinlogEvent.u32(raw, off + 13) != p + len) {
                break;
            }
            byte[] e = Arrays.copyOfRange(raw, off, off + len);
            if (BinlogEvent.type(e) == BinlogEvent.MARIADB_GTID) {
                gtids.put(BinlogEvent.gtidDomain(e), BinlogEvent.gtidDomain(e) + "-" + BinlogEvent.serverId(e) + "-"
                        + BinlogEvent.gtidSequence(e));
            }
            if (sink != null) {
                sink.accept(new Event(binlog, p, e));
            }
            p += len;
            off += len;
            n++;
        }
        if (raw.length != rawLength || off != raw.length || n != count) {
            throw new IOException(file + ": the events record at byte " + at + " holds events that do not follow one"
                    + " another, though its CRC32C matches");
        }
        return n;
    }

    /** The body of the record of {@code kind} at {@code at}, or null when it is cut, of another kind or fails its CRC. */
    private static byte[] record(FileChannel ch, long at, long size, int kind) throws IOException {
        if (size - at < 9) {
            return null;
        }
        ByteBuffer h = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, h, at);
        int k = h.get(0);
        long len = h.getInt(1) & 0xffffffffL;
        if (k != kind || len > size - at - 9 || len > Integer.MAX_VALUE - 16) {
            return null;
        }
        ByteBuffer r = ByteBuffer.allocate((int) len + 9).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, r, at);
        CRC32C crc = new CRC32C();
        crc.update(r.array(), 0, 5 + (int) len);
        if ((int) crc.getValue() != r.getInt(5 + (int) len)) {
            return null;
        }
        return Arrays.copyOfRange(r.array(), 5, 5 + (int) len);
    }

    private static Head head(byte[] body) throws IOException {
        try {
            ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            int sequence = b.getInt();
            long server = b.getInt() & 0xffffffffL;
            String host = text(b);
            int port = b.getInt();
            String version = text(b);
            String file = text(b);
            long start = b.getLong();
            Instant created = Instant.EPOCH.plus(b.getLong(), ChronoUnit.MICROS);
            int fdeLen = b.getInt();
            byte[] fde = new byte[fdeLen];
            b.get(fde);
            return new Head(sequence, server, host, port, version, file, start, created, fde);
        } catch (RuntimeException e) {
            throw new IOException("the segment's head record is malformed: " + e);
        }
    }

    private static String text(ByteBuffer b) {
        int n = b.getInt();
        byte[] t = new byte[n];
        b.get(t);
        return new String(t, StandardCharsets.UTF_8);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
        b.flip();
    }

    /** A record body being built. */
    private static final class Body {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Body u8(int v) {
            out.write(v);
            return this;
        }

        Body u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Body u64(long v) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Body text(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        Body bytes(byte[] b) {
            u32(b.length);
            out.write(b, 0, b.length);
            return this;
        }
    }
}
