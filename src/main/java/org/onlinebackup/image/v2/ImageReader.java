package org.onlinebackup.image.v2;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.MasterKey;

/**
 * Opens an image: checks the preamble and the trailer, reads header, catalogue and summary. {@link #verify()} reads
 * every data chunk and checks CRCs, chunk rules, row counts and the image checksum; {@link #chunks(long)} streams the
 * data chunks for a restore. Every defect is an {@link OnlineBackupException} naming the file and the byte offset.
 */
public final class ImageReader {
    private final Path file;
    private final long size;
    private final Header header;
    private final Catalogue catalogue;
    private final Summary summary;
    private final long dataStart;
    private final long summaryOffset;
    private final ImageCipher cipher;

    private ImageReader(Path file, long size, Header header, Catalogue catalogue, Summary summary, long dataStart,
                        long summaryOffset, ImageCipher cipher) {
        this.cipher = cipher;
        this.file = file;
        this.size = size;
        this.header = header;
        this.catalogue = catalogue;
        this.summary = summary;
        this.dataStart = dataStart;
        this.summaryOffset = summaryOffset;
    }

    public static ImageReader open(Path file) {
        return open(file, null);
    }

    /**
     * Opens {@code file} with {@code key} (null: none). An encrypted image opened without a key shows its header and
     * summary; its catalogue and data need the key. A wrong key is an error here, before anything else.
     */
    public static ImageReader open(Path file, MasterKey key) {
        try {
            return read(file, key);
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
        if (e instanceof AuthenticationFailure a) {
            return new OnlineBackupException(a, Message.IMAGE_FORGED, file, a.getMessage());
        }
        if (e instanceof MalformedImageException m) {
            return new OnlineBackupException(m, Message.IMAGE_CORRUPT, file, m.offset(), m.getMessage());
        }
        if (e instanceof RecordInput.TruncatedImageException t) {
            return new OnlineBackupException(t, Message.IMAGE_TRUNCATED, file, t.getMessage() + " at byte offset " + t.offset());
        }
        if (e instanceof IOException) {
            return new OnlineBackupException(e, Message.IMAGE_UNREADABLE, file, String.valueOf(e.getMessage()));
        }
        return (RuntimeException) e;
    }

    private static ImageReader read(Path file, MasterKey key) throws IOException {
        if (Files.isDirectory(file)) {
            throw new OnlineBackupException(Message.IMAGE_UNREADABLE, file, "it is a directory");
        }
        long size;
        byte[] pre;
        byte[] trailer;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            pre = readAt(ch, 0, (int) Math.min(size, ImageFormat.PREAMBLE_SIZE));
            trailer = size >= ImageFormat.TRAILER_SIZE ? readAt(ch, size - ImageFormat.TRAILER_SIZE, ImageFormat.TRAILER_SIZE) : new byte[0];
        }
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
        if (!Arrays.equals(trailer, 8, 16, ImageFormat.END_MAGIC, 0, 8)) {
            throw new OnlineBackupException(Message.IMAGE_TRUNCATED, file,
                    "its last bytes are not the end marker: the image was not completely written, or was cut ("
                            + size + " bytes)");
        }
        long summaryOffset = new ByteSource(trailer, 0, 8, size - ImageFormat.TRAILER_SIZE).u64("summary offset");
        long trailerAt = size - ImageFormat.TRAILER_SIZE;
        if (summaryOffset < ImageFormat.PREAMBLE_SIZE || summaryOffset > trailerAt - ImageFormat.RECORD_OVERHEAD) {
            throw new MalformedImageException(trailerAt, "summary offset " + summaryOffset + " is outside the image");
        }
        Header header;
        Catalogue catalogue;
        ImageCipher cipher = null;
        long dataStart;
        try (RecordInput in = new RecordInput(file, ImageFormat.PREAMBLE_SIZE, summaryOffset)) {
            Record h = expect(in.next(), ImageFormat.KIND_HEADER, "header", ImageFormat.PREAMBLE_SIZE);
            header = Header.decode(h.source());
            Record c = expect(in.next(), ImageFormat.KIND_CATALOGUE, "catalogue", in.offset());
            if (header.encryption() == null) {
                catalogue = decodeCatalogue(c.body(), c);
            } else if (key == null) {
                catalogue = null;
            } else {
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
            dataStart = in.offset();
        }
        Summary summary;
        try (RecordInput in = new RecordInput(file, summaryOffset, trailerAt)) {
            Record s = expect(in.next(), ImageFormat.KIND_SUMMARY, "summary", summaryOffset);
            summary = Summary.decode(s.source());
            if (in.offset() != trailerAt) {
                throw new MalformedImageException(in.offset(), "bytes between the summary and the trailer");
            }
        }
        if (summary.totalBytes() != size) {
            throw new OnlineBackupException(Message.IMAGE_TRUNCATED, file,
                    "the summary gives " + summary.totalBytes() + " bytes, the file has " + size);
        }
        if (catalogue != null && summary.tables().size() != catalogue.tables().size()) {
            throw new MalformedImageException(summaryOffset, "the summary lists " + summary.tables().size()
                    + " tables, the catalogue " + catalogue.tables().size());
        }
        return new ImageReader(file, size, header, catalogue, summary, dataStart, summaryOffset, cipher);
    }

    private static Catalogue decodeCatalogue(byte[] body, Record c) {
        try {
            return CatalogueCodec.decode(new ByteSource(body, 0, body.length, c.offset() + 5));
        } catch (IllegalArgumentException e) {
            throw new MalformedImageException(c.offset(), "inconsistent catalogue: " + e.getMessage());
        }
    }

    private static Record expect(Record r, byte kind, String what, long at) {
        if (r == null) {
            throw new MalformedImageException(at, "the " + what + " record is missing");
        }
        if (r.kind() != kind) {
            throw new MalformedImageException(r.offset(), "expected the " + what + " record, found a record of kind " + DataChunk.kindName(r.kind()));
        }
        if (!r.intact()) {
            throw new MalformedImageException(r.offset(), "the " + what + " record fails its CRC32C check");
        }
        return r;
    }

    private static byte[] readAt(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return Arrays.copyOf(b.array(), b.position());
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

    /** Offset of the first data chunk. */
    public long dataStart() {
        return dataStart;
    }

    /** Offset of the summary record: the end of the data chunks. */
    public long dataEnd() {
        return summaryOffset;
    }

    /**
     * Reads the whole image once: every record's CRC, the chunk rules, rows and chunks per table against the
     * summary, and the image checksum.
     */
    public void verify() {
        Catalogue cat = catalogue();
        try (RecordInput in = new RecordInput(file, 0, summaryOffset)) {
            in.raw(ImageFormat.PREAMBLE_SIZE);
            in.next();
            in.next();
            ChunkTally tally = new ChunkTally(cat);
            for (Record r = in.next(); r != null; r = in.next()) {
                tally.add(checked(r), r.offset(), r.size());
            }
            List<Summary.TableStats> counted = tally.finish(summaryOffset);
            for (int t = 0; t < counted.size(); t++) {
                if (!counted.get(t).equals(summary.tables().get(t))) {
                    throw new MalformedImageException(summaryOffset, "the summary gives " + summary.tables().get(t)
                            + " for table " + tableName(t) + " but its chunks hold " + counted.get(t));
                }
            }
            if (in.runningCrc() != summary.imageCrc()) {
                throw new MalformedImageException(summaryOffset, "the image checksum does not match its bytes");
            }
        } catch (IOException | RuntimeException e) {
            throw failure(file, e);
        }
    }

    /** The chunk a record carries, or the error naming its table and offset if it is damaged. */
    DataChunk checked(Record r) {
        if (r.kind() == ImageFormat.KIND_DATA && !r.intact()) {
            long t = DataChunk.tableOf(r);
            String name = t >= 0 && t < catalogue.tables().size() ? tableName((int) t) : "number " + t;
            long seq = r.body().length >= 8 ? new ByteSource(r.body(), 4, 8, 0).u32("seq") : -1;
            throw new OnlineBackupException(Message.IMAGE_CHUNK_CORRUPT, file, seq, name, r.offset());
        }
        try {
            return DataChunk.open(r, cipher);
        } catch (AuthenticationFailure e) {
            DataChunk c = DataChunk.decode(r);
            String name = c.table() < catalogue.tables().size() ? tableName(c.table()) : "number " + c.table();
            throw new AuthenticationFailure(r.offset(), "data chunk " + c.sequence() + " of table " + name + " at byte offset " + r.offset());
        }
    }

    private String tableName(int t) {
        return catalogue.qualifiedName(catalogue.tables().get(t));
    }

    /** Streams the data chunks from {@code from} (a chunk offset, {@link #dataStart()} at first). */
    public Chunks chunks(long from) {
        catalogue();
        if (from < dataStart || from > summaryOffset) {
            throw new IllegalArgumentException("chunk offset " + from + " is outside the data section");
        }
        try {
            return new Chunks(new RecordInput(file, from, summaryOffset));
        } catch (IOException e) {
            throw new OnlineBackupException(e, Message.IMAGE_UNREADABLE, file, String.valueOf(e.getMessage()));
        }
    }

    /** Data chunks in image order, each checked against its CRC. */
    public final class Chunks implements Closeable {
        private final RecordInput in;
        private long lastOffset;

        private Chunks(RecordInput in) {
            this.in = in;
        }

        /** The next chunk, or null after the last one. */
        public DataChunk next() {
            try {
                Record r = in.next();
                if (r == null) {
                    return null;
                }
                lastOffset = r.offset();
                return checked(r);
            } catch (IOException | RuntimeException e) {
                throw failure(file, e);
            }
        }

        /** Offset of the chunk {@link #next()} returned last. */
        public long lastOffset() {
            return lastOffset;
        }

        /** Offset of the chunk {@link #next()} will return. */
        public long nextOffset() {
            return in.offset();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

}
