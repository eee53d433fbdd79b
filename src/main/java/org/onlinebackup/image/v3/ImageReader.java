package org.onlinebackup.image.v3;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.ImageKeys;
import org.onlinebackup.image.MasterKey;

/**
 * Opens an image from its end: the trailer gives the summary, the summary where the header, catalogue and chunk
 * index stand; {@link #open} reads those and checks that the index's chunks tile the data section exactly. No data
 * chunk is read until asked: {@link #chunks(int)} reads one table's chunks through the index, each checked as it is
 * read (CRC32C, its head against the index, authentication when encrypted, decompression, its payload against the
 * catalogue), and {@link #verify()} reads all of them. Every defect is an {@link OnlineBackupException} naming the
 * file and the byte offset. No record or chunk is read or opened whose declared length is over the process's
 * {@link MemoryLimit}: an image that claims more is refused before anything is allocated for it.
 *
 * <p>A signed image's seal is checked when the image is opened (the signature over its header, catalogue, index and
 * summary), and each chunk against its digest in the seal before it is opened. {@link #authentication()} says which
 * of the keys given authenticates the image; opened with keys ({@link #open(Path, ImageKeys)}), an image none of them
 * authenticates is refused.
 */
public final class ImageReader {
    private final Path file;
    private final long size;
    private final Header header;
    private final Catalogue catalogue;
    private final Summary summary;
    private final ChunkIndex index;
    private final ImageCipher cipher;
    private final Seal seal;
    /** The seal's digest of each chunk record, by the record's offset (empty for an image without a seal). */
    private final Map<Long, byte[]> chunkDigests = new HashMap<>();
    private final Authentication authentication;
    private final MemoryLimit memory;

    private ImageReader(Path file, long size, Header header, Catalogue catalogue, Summary summary, ChunkIndex index,
                        ImageCipher cipher, Seal seal, Authentication authentication, MemoryLimit memory) {
        this.file = file;
        this.size = size;
        this.header = header;
        this.catalogue = catalogue;
        this.summary = summary;
        this.index = index;
        this.cipher = cipher;
        this.seal = seal;
        this.authentication = authentication;
        this.memory = memory;
        if (seal != null) {
            for (int i = 0; i < index.entries().size(); i++) {
                chunkDigests.put(index.entries().get(i).offset(), seal.chunkDigests().get(i));
            }
        }
    }

    public static ImageReader open(Path file) {
        return open(file, ImageKeys.NONE);
    }

    /** Opens {@code file} with the decryption key {@code key} (null: none), as {@link #open(Path, ImageKeys)}. */
    public static ImageReader open(Path file, MasterKey key) {
        return open(file, ImageKeys.of(key));
    }

    /**
     * Opens {@code file} with {@code keys}. An encrypted image opened without its key shows its header and summary;
     * its catalogue and data need the key. A wrong key is an error here, before anything else; so is an image that
     * none of the keys given authenticates (when any is given).
     */
    public static ImageReader open(Path file, ImageKeys keys) {
        return open(file, keys, MemoryLimit.PROCESS);
    }

    /** As {@link #open(Path, ImageKeys)}, holding no more of the image at once than {@code memory} allows. */
    static ImageReader open(Path file, MasterKey key, MemoryLimit memory) {
        return open(file, ImageKeys.of(key), memory);
    }

    private static ImageReader open(Path file, ImageKeys keys, MemoryLimit memory) {
        ImageReader r = inspect(file, keys, memory);
        if (keys.given() && r.authentication.by() == null) {
            throw new OnlineBackupException(Message.IMAGE_NOT_AUTHENTICATED, r.file, keys.describe(), r.authentication.why());
        }
        return r;
    }

    /** Opens {@code file} as {@link #open(Path, ImageKeys)} does, but an image the keys do not authenticate too. */
    public static ImageReader inspect(Path file, ImageKeys keys) {
        return inspect(file, keys, MemoryLimit.PROCESS);
    }

    private static ImageReader inspect(Path file, ImageKeys keys, MemoryLimit memory) {
        try {
            return read(file, keys, memory);
        } catch (NoSuchFileException e) {
            throw new OnlineBackupException(e, Message.IMAGE_MISSING, file);
        } catch (AccessDeniedException e) {
            throw new OnlineBackupException(e, Message.IMAGE_UNREADABLE, file, "permission denied");
        } catch (IOException | RuntimeException e) {
            throw failure(file, e);
        }
    }

    /** The one-line error for what went wrong reading {@code file}; an error that is one already stays as it is. */
    private static RuntimeException failure(Path file, Exception e) {
        if (e instanceof SealBroken b) {
            return new OnlineBackupException(b, Message.IMAGE_SEAL_BROKEN, file, b.signer, b.getMessage());
        }
        if (e instanceof AuthenticationFailure a) {
            return new OnlineBackupException(a, Message.IMAGE_FORGED, file, a.getMessage());
        }
        if (e instanceof MalformedImageException m) {
            return new OnlineBackupException(m, Message.IMAGE_CORRUPT, file, m.offset(), m.getMessage());
        }
        if (e instanceof Truncated t) {
            return new OnlineBackupException(t, Message.IMAGE_TRUNCATED, file, t.getMessage());
        }
        if (e instanceof IOException) {
            return new OnlineBackupException(e, Message.IMAGE_UNREADABLE, file, String.valueOf(e.getMessage()));
        }
        return (RuntimeException) e;
    }

    private static ImageReader read(Path file, ImageKeys keys, MemoryLimit memory) throws IOException {
        MasterKey key = keys.master();
        if (Files.isDirectory(file)) {
            throw new OnlineBackupException(Message.IMAGE_UNREADABLE, file, "it is a directory");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new OnlineBackupException(Message.IMAGE_UNREADABLE, file, "it is not a regular file (a FIFO, a socket or a device)");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] pre = readAt(ch, 0, (int) Math.min(size, ImageFormat.PREAMBLE_SIZE));
            int magicLen = Math.min(pre.length, ImageFormat.MAGIC.length);
            if (size == 0 || !Arrays.equals(pre, 0, magicLen, ImageFormat.MAGIC, 0, magicLen)) {
                throw new OnlineBackupException(Message.NOT_AN_IMAGE, file);
            }
            if (size < ImageFormat.PREAMBLE_SIZE + ImageFormat.TRAILER_SIZE) {
                throw new OnlineBackupException(Message.IMAGE_TRUNCATED, file, "it has only " + size + " bytes");
            }
            ByteSource p = new ByteSource(pre, ImageFormat.MAGIC.length, pre.length, ImageFormat.MAGIC.length);
            int version = p.u16("format version");
            if (version != ImageFormat.VERSION) {
                throw new OnlineBackupException(Message.IMAGE_VERSION, file, version, ImageFormat.VERSION);
            }
            if (p.u16("reserved") != 0) {
                throw new MalformedImageException(10, "the preamble's reserved field is not 0");
            }
            long trailerAt = size - ImageFormat.TRAILER_SIZE;
            byte[] trailer = readAt(ch, trailerAt, ImageFormat.TRAILER_SIZE);
            if (!Arrays.equals(trailer, 8, 16, ImageFormat.END_MAGIC, 0, 8)) {
                throw new Truncated("its last bytes are not the end marker: the image was not completely written, or was cut ("
                        + size + " bytes)");
            }
            long summaryAt = new ByteSource(trailer, 0, 8, trailerAt).u64("summary offset");
            if (summaryAt < ImageFormat.PREAMBLE_SIZE || summaryAt > trailerAt - ImageFormat.RECORD_OVERHEAD) {
                throw new MalformedImageException(trailerAt, "summary offset " + summaryAt + " is outside the image");
            }
            Record s = expect(record(ch, summaryAt, trailerAt, memory), ImageFormat.KIND_SUMMARY, "summary");
            Record a = summaryAt + s.size() == trailerAt ? null
                    : expect(record(ch, summaryAt + s.size(), trailerAt, memory), ImageFormat.KIND_SEAL, "seal");
            if (a != null && summaryAt + s.size() + a.size() != trailerAt) {
                throw new MalformedImageException(summaryAt + s.size() + a.size(), "bytes between the seal and the trailer");
            }
            Summary summary = Summary.decode(s.source());
            if (summary.totalBytes() != size) {
                throw new Truncated("the summary gives " + summary.totalBytes() + " bytes, the file has " + size);
            }
            if (summary.summaryOffset() != summaryAt || summary.dataStart() > summary.catalogueOffset()
                    || summary.headerBytes() < ImageFormat.RECORD_OVERHEAD) {
                throw new MalformedImageException(summaryAt, "the summary's section sizes do not add up to where it stands");
            }
            Record h = expect(record(ch, ImageFormat.PREAMBLE_SIZE, summary.dataStart(), memory), ImageFormat.KIND_HEADER, "header");
            Header header = Header.decode(h.source());
            Record c = expect(record(ch, summary.catalogueOffset(), summary.indexOffset(), memory), ImageFormat.KIND_CATALOGUE, "catalogue");
            Record i = expect(record(ch, summary.indexOffset(), summaryAt, memory), ImageFormat.KIND_INDEX, "index");
            Seal seal = a == null ? null : seal(a, Seal.digest(pre, h.head(), h.body(), h.crcBytes()), c, i, s);
            ChunkIndex index = ChunkIndex.decode(i.source(), summary.dataStart(), summary.catalogueOffset());
            tiles(index, summary);
            if (seal != null && seal.chunkDigests().size() != index.entries().size()) {
                throw new SealBroken(a.offset(), seal.fingerprint(), "the seal's list of " + seal.chunkDigests().size()
                        + " chunk digests for " + index.entries().size() + " chunks");
            }
            Catalogue catalogue = null;
            ImageCipher cipher = null;
            if (header.encryption() == null) {
                catalogue = decodeCatalogue(c.body(), c);
            } else if (key != null) {
                cipher = ImageCipher.of(key, header.encryption().salt());
                if (!cipher.matches(header.encryption().check())) {
                    throw new OnlineBackupException(Message.IMAGE_KEY_WRONG, file);
                }
                try {
                    catalogue = decodeCatalogue(cipher.openCatalogue(c.body(), h.body()), c);
                } catch (javax.crypto.AEADBadTagException e) {
                    throw new AuthenticationFailure(c.offset(), "the catalogue");
                }
            }
            if (catalogue != null && summary.tables().size() != catalogue.tables().size()) {
                throw new MalformedImageException(summaryAt, "the summary lists " + summary.tables().size()
                        + " tables, the catalogue " + catalogue.tables().size());
            }
            return new ImageReader(file, size, header, catalogue, summary, index, cipher, seal,
                    Authentication.of(keys, seal, cipher != null), memory);
        }
    }

    /**
     * The seal of record {@code a}, its signature checked over the preamble and header ({@code head}, their digest)
     * and the catalogue, index and summary records, before any of those is decoded.
     */
    private static Seal seal(Record a, byte[] head, Record c, Record i, Record s) {
        Seal seal = Seal.decode(a.source());
        if (!seal.verifies(head, Seal.digest(c), Seal.digest(i), Seal.digest(s))) {
            throw new SealBroken(a.offset(), seal.fingerprint(), "the header, catalogue, index or summary");
        }
        return seal;
    }

    /** How an image is authenticated, if at all, and by which of the keys given. */
    public Authentication authentication() {
        return authentication;
    }

    /** The index's records, in file order, cover the data section exactly: no gap, no overlap, nothing after. */
    private static void tiles(ChunkIndex index, Summary summary) {
        List<ChunkIndex.Entry> byOffset = new ArrayList<>(index.entries());
        byOffset.sort(Comparator.comparingLong(ChunkIndex.Entry::offset));
        long at = summary.dataStart();
        for (ChunkIndex.Entry e : byOffset) {
            if (e.offset() != at) {
                throw new MalformedImageException(at, "the chunk index leaves bytes " + at + " to " + e.offset() + " unaccounted for");
            }
            at += e.size();
        }
        if (at != summary.catalogueOffset()) {
            throw new MalformedImageException(at, "the chunk index ends at " + at + ", the data section at " + summary.catalogueOffset());
        }
        int[] chunks = new int[summary.tables().size()];
        int[] ranges = new int[chunks.length];
        ChunkIndex.Entry prev = null;
        for (ChunkIndex.Entry e : index.entries()) {
            if (e.table() >= chunks.length) {
                throw new MalformedImageException(summary.indexOffset(), "the chunk index names table " + e.table()
                        + " of " + chunks.length);
            }
            boolean sameTable = prev != null && prev.table() == e.table();
            boolean sameRange = sameTable && prev.range() == e.range();
            int range = sameTable ? prev.range() + (sameRange ? 0 : 1) : 0;
            int sequence = sameRange ? prev.sequence() + 1 : 0;
            if (e.range() != range || e.sequence() != sequence || e.range() >= summary.tables().get(e.table()).ranges()) {
                throw new MalformedImageException(summary.indexOffset(), "the chunk index lists chunk " + e.sequence()
                        + " of range " + e.range() + " of table " + e.table() + " where chunk " + sequence + " of range "
                        + range + " of its " + summary.tables().get(e.table()).ranges() + " belongs");
            }
            chunks[e.table()]++;
            ranges[e.table()] = e.range() + 1;
            prev = e;
        }
        for (int t = 0; t < chunks.length; t++) {
            if (ranges[t] != summary.tables().get(t).ranges()) {
                throw new MalformedImageException(summary.indexOffset(), "the chunk index lists " + ranges[t]
                        + " key ranges of table " + t + ", the summary " + summary.tables().get(t).ranges());
            }
            if (chunks[t] != summary.tables().get(t).chunks()) {
                throw new MalformedImageException(summary.indexOffset(), "the chunk index lists " + chunks[t]
                        + " chunks of table " + t + ", the summary " + summary.tables().get(t).chunks());
            }
        }
    }

    private static Catalogue decodeCatalogue(byte[] body, Record c) {
        try {
            return CatalogueCodec.decode(new ByteSource(body, 0, body.length, c.offset() + 5));
        } catch (IllegalArgumentException e) {
            throw new MalformedImageException(c.offset(), "inconsistent catalogue: " + e.getMessage());
        }
    }

    private static Record expect(Record r, byte kind, String what) {
        if (r.kind() != kind) {
            throw new MalformedImageException(r.offset(), "expected the " + what + " record, found a record of kind " + DataChunk.kindName(r.kind()));
        }
        if (!r.intact()) {
            throw new MalformedImageException(r.offset(), "the " + what + " record fails its CRC32C check");
        }
        return r;
    }

    /** The record at {@code at}, which must end by {@code limit} and be no larger than {@code memory} allows. */
    static Record record(FileChannel ch, long at, long limit, MemoryLimit memory) throws IOException {
        if (limit - at < ImageFormat.RECORD_OVERHEAD) {
            throw new MalformedImageException(at, "a record starts " + (limit - at) + " bytes before the end of its section");
        }
        byte[] head = readAt(ch, at, 5);
        long len = ByteBuffer.wrap(head, 1, 4).getInt() & 0xFFFFFFFFL;
        if (len > ImageFormat.MAX_BODY) {
            throw new MalformedImageException(at, "record length " + len + " is over the limit of " + ImageFormat.MAX_BODY);
        }
        memory.checkRecord(at, len);
        if (at + ImageFormat.RECORD_OVERHEAD + len > limit) {
            throw new MalformedImageException(at, "record of " + len + " bytes runs past the end of its section at offset " + limit);
        }
        byte[] body = readAt(ch, at + 5, (int) len);
        byte[] crcBytes = readAt(ch, at + 5 + len, 4);
        if (body.length < len || crcBytes.length < 4) {
            throw new Truncated("the file ends inside the record at byte offset " + at);
        }
        CRC32C crc = new CRC32C();
        crc.update(head);
        crc.update(body);
        int stored = ByteBuffer.wrap(crcBytes).getInt();
        return new Record(head[0], at, body, stored, stored == (int) crc.getValue());
    }

    /** Up to {@code n} bytes from {@code pos}, in one array of that size: fewer only where the file ends. */
    static byte[] readAt(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return b.hasRemaining() ? Arrays.copyOf(b.array(), b.position()) : b.array();
    }

    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    public Header header() {
        return header;
    }

    /** The catalogue; an encrypted image opened without its key has none to show. */
    public Catalogue catalogue() {
        if (catalogue == null) {
            throw new OnlineBackupException(Message.IMAGE_KEY_NEEDED, file);
        }
        return catalogue;
    }

    /** Whether the image is encrypted. */
    public boolean encrypted() {
        return header.encryption() != null;
    }

    public Summary summary() {
        return summary;
    }

    public ChunkIndex index() {
        return index;
    }

    /** The number of key ranges of each table, by table number. */
    public int[] ranges() {
        return summary.tables().stream().mapToInt(Summary.TableStats::ranges).toArray();
    }

    /**
     * Reads every data chunk once, in file order: each record's CRC, its head against the index, its authentication
     * and decompression, its payload against the catalogue, the chunk rules, and the counts against the summary.
     */
    public void verify() {
        Catalogue cat = catalogue();
        List<ChunkIndex.Entry> entries = index.entries();
        Integer[] byOffset = new Integer[entries.size()];
        for (int i = 0; i < byOffset.length; i++) {
            byOffset[i] = i;
        }
        Arrays.sort(byOffset, Comparator.comparingLong(i -> entries.get(i).offset()));
        DataChunk.Head[] heads = new DataChunk.Head[entries.size()];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ChunkTally tally = new ChunkTally(cat, ranges());
            for (int i : byOffset) {
                Opened o = open(ch, entries.get(i));
                tally.payload(o.chunk(), entries.get(i).offset());
                heads[i] = o.head();
            }
            for (int i = 0; i < heads.length; i++) {
                tally.add(heads[i], entries.get(i).offset(), entries.get(i).size());
            }
            List<Summary.TableStats> counted = tally.finish(summary.catalogueOffset());
            for (int t = 0; t < counted.size(); t++) {
                if (!counted.get(t).equals(summary.tables().get(t))) {
                    throw new MalformedImageException(summary.summaryOffset(), "the summary gives " + summary.tables().get(t)
                            + " for table " + tableName(t) + " but its chunks hold " + counted.get(t));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw failure(file, e);
        }
    }

    /** A chunk as read: its head and its opened payload. */
    private record Opened(DataChunk.Head head, DataChunk chunk) {
    }

    /**
     * The chunk of index entry {@code e}, read, checked against the entry and opened; one whose head declares more
     * rows than {@link #memory} allows is {@link Message#IMAGE_CHUNK_TOO_LARGE}, refused before it is decompressed.
     */
    private Opened open(FileChannel ch, ChunkIndex.Entry e) throws IOException {
        try {
            return openWithin(ch, e);
        } catch (MemoryLimit.ChunkTooLarge t) {
            throw new OnlineBackupException(t, Message.IMAGE_CHUNK_TOO_LARGE, file, e.sequence(), tableName(e.table()),
                    e.offset(), t.rawLength(), t.limit(), authentication.trusted() ? "; the image is authenticated by "
                            + authentication.by() + ", so its backup read a row that large: give this process a heap of"
                            + " at least " + ((t.rawLength() * 4 >> 20) + 64) + " MiB (OBK_HEAP)" : "");
        }
    }

    private Opened openWithin(FileChannel ch, ChunkIndex.Entry e) throws IOException {
        if (e.size() - ImageFormat.RECORD_OVERHEAD > memory.recordBytes()) {
            // Too large to read whole. A chunk's record holds no more than its rows, its head and its tag, so its head
            // declares too many rows as well, unless the record was forged (which record() then refuses).
            byte[] start = readAt(ch, e.offset(), 5 + ImageFormat.CHUNK_HEAD_SIZE);
            memory.checkChunk(e.offset(), DataChunk.head(start, e.offset()).rawLength());
        }
        Record r = record(ch, e.offset(), e.offset() + e.size(), memory);
        if (r.kind() == ImageFormat.KIND_DATA && !r.intact()) {
            throw new OnlineBackupException(Message.IMAGE_CHUNK_CORRUPT, file, e.sequence(), tableName(e.table()), e.offset());
        }
        if (r.size() != e.size()) {
            throw new MalformedImageException(e.offset(), "the record at this offset is not the one the index lists");
        }
        byte[] digest = chunkDigests.get(e.offset());
        if (seal != null && (digest == null || !Arrays.equals(digest, Seal.digest(r)))) {
            throw new SealBroken(r.offset(), seal.fingerprint(), "data chunk " + e.sequence() + " of table " + tableName(e.table())
                    + " at byte offset " + r.offset());
        }
        DataChunk.Head h = DataChunk.head(r);
        if (h.table() != e.table() || h.range() != e.range() || h.sequence() != e.sequence()) {
            throw new MalformedImageException(e.offset(), "the chunk here is chunk " + h.sequence() + " of range " + h.range()
                    + " of table " + h.table() + ", the index says chunk " + e.sequence() + " of range " + e.range()
                    + " of table " + tableName(e.table()));
        }
        try {
            return new Opened(h, DataChunk.open(r, cipher, memory));
        } catch (AuthenticationFailure a) {
            throw new AuthenticationFailure(r.offset(), "data chunk " + e.sequence() + " of table " + tableName(e.table())
                    + " at byte offset " + r.offset());
        }
    }

    private String tableName(int t) {
        return catalogue != null && t < catalogue.tables().size() ? catalogue.qualifiedName(catalogue.tables().get(t)) : "number " + t;
    }

    /**
     * The data chunks of table {@code table}, in range and sequence order, each checked as it is read (its CRC, its
     * head, its authentication, its payload against the catalogue, the chunk rules).
     */
    public Chunks chunks(int table) {
        return chunks(table, -1, index.of(table));
    }

    /** The data chunks of key range {@code range} of table {@code table}, in order, checked as {@link #chunks(int)}. */
    public Chunks chunks(int table, int range) {
        return chunks(table, range, index.of(table, range));
    }

    private Chunks chunks(int table, int range, List<ChunkIndex.Entry> entries) {
        Catalogue cat = catalogue();
        try {
            return new Chunks(FileChannel.open(file, StandardOpenOption.READ), table, range, entries,
                    ChunkTally.of(cat, table, summary.tables().get(table).ranges()));
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** The chunks of one table, or of one of its key ranges, read through the index. */
    public final class Chunks implements Closeable {
        private final FileChannel channel;
        private final int table;
        private final int range;
        private final List<ChunkIndex.Entry> entries;
        private final ChunkTally tally;
        private int next;
        private long lastOffset;

        private Chunks(FileChannel channel, int table, int range, List<ChunkIndex.Entry> entries, ChunkTally tally) {
            this.channel = channel;
            this.table = table;
            this.range = range;
            this.entries = entries;
            this.tally = tally;
        }

        /** Skips the first {@code n} chunks unread (a restart resumes after the chunks it loaded). */
        public void skip(int n) {
            if (n < 0 || n > entries.size()) {
                throw new IllegalArgumentException("cannot skip " + n + " of " + entries.size() + " chunks");
            }
            next = n;
            tally.skip(entries.subList(0, n));
        }

        /** The next chunk, or null after the last one. */
        public DataChunk next() {
            if (next >= entries.size()) {
                return null;
            }
            ChunkIndex.Entry e = entries.get(next++);
            try {
                Opened o = open(channel, e);
                tally.add(o.head(), e.offset(), e.size());
                tally.payload(o.chunk(), e.offset());
                lastOffset = e.offset();
                if (next == entries.size()) {
                    if (range < 0) {
                        tally.finish(e.offset());
                    } else {
                        tally.finishRange(table, range, e.offset());
                    }
                }
                return o.chunk();
            } catch (IOException | RuntimeException x) {
                throw failure(file, x);
            }
        }

        /** Offset of the chunk {@link #next()} returned last. */
        public long lastOffset() {
            return lastOffset;
        }

        /** How many chunks were read or skipped so far. */
        public int position() {
            return next;
        }

        /** How many chunks this table or range has, in all. */
        public int count() {
            return entries.size();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A part of a signed image that does not match its seal: altered after it was signed. */
    static final class SealBroken extends MalformedImageException {
        private static final long serialVersionUID = 1L;
        final String signer;

        SealBroken(long offset, String signer, String what) {
            super(offset, what);
            this.signer = signer;
        }
    }

    /** The file ends before the grammar does. */
    static final class Truncated extends IOException {
        private static final long serialVersionUID = 1L;

        Truncated(String problem) {
            super(problem);
        }
    }
}
