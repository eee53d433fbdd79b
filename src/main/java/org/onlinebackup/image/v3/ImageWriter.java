package org.onlinebackup.image.v3;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.image.PrivateFiles;
import org.onlinebackup.image.SigningKey;

/**
 * Writes an image in one pass, each byte once: the preamble and header first; then data chunks, appended by any
 * number of threads (the partitions of a backup) one whole record at a time, so the file is always a run of whole
 * records and at most one cut record at its end; last the catalogue, the chunk index, the summary and the trailer.
 * The file is created new (never overwritten), mode 0600; the caller writes it under a temporary name and renames
 * it once {@link #finish} has forced it to disk. With a {@link SigningKey}, each chunk record's SHA-256 is taken as it
 * is appended, and {@link #finish} writes the {@link Seal} after the summary. Every {@link #EARLY_FORCE_BYTES} appended, a background thread forces
 * what is written so far, so the disk writes go on while the data is read and the last force has little left.
 */
public final class ImageWriter implements Closeable {
    private final FileChannel channel;
    private final ImageCipher cipher;
    private final Compression compression;
    /** One compressor per thread appending at the same time, kept between chunks. */
    private final ConcurrentLinkedDeque<Compression.Compressor> idleCompressors = new ConcurrentLinkedDeque<>();
    /** Set by {@link #close}: a compressor given back after it is closed at once. */
    private volatile boolean closed;
    private final byte[] headerBody;
    private final long headerBytes;
    private final List<ChunkIndex.Entry> entries = new ArrayList<>();
    private final List<DataChunk.Head> heads = new ArrayList<>();
    private final SigningKey signer;
    /** SHA-256 of the preamble and header, and of each chunk record as appended (with a signer only). */
    private final byte[] headDigest;
    private final List<byte[]> digests = new ArrayList<>();
    private long end;
    /** How much is appended between two background forces. */
    static final long EARLY_FORCE_BYTES = 64L << 20;
    private long forcedUpTo;
    private Thread forcing;
    private IOException forceFailure;

    private ImageWriter(FileChannel channel, ImageCipher cipher, Compression compression, byte[] headerBody, long end,
                        SigningKey signer, byte[] headDigest) {
        this.channel = channel;
        this.signer = signer;
        this.headDigest = headDigest;
        this.cipher = cipher;
        this.compression = compression;
        this.headerBody = headerBody;
        this.headerBytes = end - ImageFormat.PREAMBLE_SIZE;
        this.end = end;
    }

    /** Creates {@code file} and writes the preamble and the header: a plain image with uncompressed chunks. */
    public static ImageWriter create(Path file, Header header) throws IOException {
        return create(file, header, null, Compression.NONE);
    }

    /**
     * Creates {@code file} and writes the preamble and the header; chunks are compressed with {@code compression} and,
     * with a {@code cipher}, the image is encrypted: the header records the cipher's salt and key check, the
     * catalogue and every chunk's payload are sealed.
     */
    public static ImageWriter create(Path file, Header header, ImageCipher cipher, Compression compression) throws IOException {
        return create(file, header, cipher, compression, null);
    }

    /** As {@link #create(Path, Header, ImageCipher, Compression)}, and signed by {@code signer} when it is not null. */
    public static ImageWriter create(Path file, Header header, ImageCipher cipher, Compression compression, SigningKey signer)
            throws IOException {
        FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteSink h = (cipher == null ? header : header.encryptedBy(cipher)).encode();
            ByteSink start = new ByteSink(ImageFormat.PREAMBLE_SIZE + h.size() + ImageFormat.RECORD_OVERHEAD);
            start.bytes(ImageFormat.MAGIC).u16(ImageFormat.VERSION).u16(0).bytes(Record.frame(ImageFormat.KIND_HEADER, h));
            writeFully(ch, start.toByteArray(), 0);
            byte[] head = start.toByteArray();
            return new ImageWriter(ch, cipher, compression, h.toByteArray(), start.size(), signer,
                    signer == null ? null : Seal.digest(head));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Frames one data chunk (compressed, sealed) and appends it. Safe from several threads: the framing runs in the
     * caller's thread, only the write is serialized.
     */
    public void appendChunk(int table, int range, int sequence, boolean last, int rows, byte[] payload, int length)
            throws IOException {
        Compression.Compressor c = idleCompressors.poll();
        if (c == null) {
            c = compression.compressor();
        }
        try {
            int n = DataChunk.frameInto(c, table, range, sequence, last, rows, payload, length, cipher);
            appendRecord(c.recordBuffer(n), n);
        } finally {
            idleCompressors.push(c);
            if (closed) {
                closeCompressors();
            }
        }
    }

    /** Appends one framed data chunk record. */
    public void appendRecord(byte[] record) throws IOException {
        appendRecord(record, record.length);
    }

    /** Appends the framed data chunk record {@code record[0..length)}. */
    private void appendRecord(byte[] record, int length) throws IOException {
        DataChunk.Head h = DataChunk.head(record);
        byte[] digest = signer == null ? null : Seal.digest(java.util.Arrays.copyOf(record, length));
        synchronized (this) {
            long at = end;
            writeFully(channel, record, length, at);
            end += length;
            entries.add(new ChunkIndex.Entry(h.table(), h.range(), h.sequence(), at, length));
            heads.add(h);
            if (digest != null) {
                digests.add(digest);
            }
            if (end - forcedUpTo >= EARLY_FORCE_BYTES && (forcing == null || !forcing.isAlive())) {
                forcedUpTo = end;
                forcing = new Thread(this::forceQuietly, "image-force");
                forcing.setDaemon(true);
                forcing.start();
            }
        }
    }

    /** The background force; a failure is kept for {@link #finish}, whose own force reports it anyway. */
    private void forceQuietly() {
        try {
            channel.force(false);
        } catch (IOException e) {
            synchronized (this) {
                forceFailure = e;
            }
        }
    }

    private void awaitForcing() throws IOException {
        Thread t;
        synchronized (this) {
            t = forcing;
        }
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the image was forced to disk");
            }
        }
        synchronized (this) {
            if (forceFailure != null) {
                throw forceFailure;
            }
        }
    }

    /** How many bytes the file holds so far. */
    public synchronized long size() {
        return end;
    }

    /** Ends an image whose data tables have one key range each. */
    public Summary finish(Catalogue catalogue) throws IOException {
        int[] ranges = new int[catalogue.tables().size()];
        for (int t = 0; t < ranges.length; t++) {
            ranges[t] = catalogue.snapshots().get(catalogue.tables().get(t).snapshot()).data() ? 1 : 0;
        }
        return finish(catalogue, ranges);
    }

    /**
     * Checks the chunks appended against the chunk rules ({@code ranges[t]} key ranges for table {@code t}), then
     * writes the catalogue (sealed when encrypted), the chunk index, the summary and the trailer, and forces the
     * file to disk.
     */
    public Summary finish(Catalogue catalogue, int[] ranges) throws IOException {
        awaitForcing();
        return finishNow(catalogue, ranges);
    }

    private synchronized Summary finishNow(Catalogue catalogue, int[] ranges) throws IOException {
        long dataEnd = end;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> ChunkIndex.ORDER.compare(entries.get(a), entries.get(b)));
        ChunkTally tally = new ChunkTally(catalogue, ranges);
        List<ChunkIndex.Entry> sorted = new ArrayList<>(entries.size());
        List<byte[]> sortedDigests = new ArrayList<>(signer == null ? 0 : entries.size());
        for (int i : order) {
            tally.add(heads.get(i), entries.get(i).offset(), entries.get(i).size());
            sorted.add(entries.get(i));
            if (signer != null) {
                sortedDigests.add(digests.get(i));
            }
        }
        List<Summary.TableStats> stats = tally.finish(dataEnd);
        ByteSink body = CatalogueCodec.encode(catalogue);
        byte[] c = cipher == null ? body.toByteArray() : cipher.sealCatalogue(body.toByteArray(), headerBody);
        byte[] catalogueRecord = Record.frame(ImageFormat.KIND_CATALOGUE, new byte[0], c, 0, c.length);
        byte[] indexRecord = Record.frame(ImageFormat.KIND_INDEX, new ChunkIndex(sorted).encode());
        long summaryAt = dataEnd + catalogueRecord.length + indexRecord.length;
        int sealSize = signer == null ? 0 : Seal.recordSize(sorted.size());
        long total = summaryAt + Summary.recordSize(stats.size()) + sealSize + ImageFormat.TRAILER_SIZE;
        Summary summary = new Summary(headerBytes, dataEnd - ImageFormat.PREAMBLE_SIZE - headerBytes, catalogueRecord.length,
                indexRecord.length, total, stats);
        byte[] summaryRecord = Record.frame(ImageFormat.KIND_SUMMARY, summary.encode());
        byte[] sealRecord = new byte[0];
        if (signer != null) {
            Seal seal = Seal.sign(signer, headDigest, Seal.digest(catalogueRecord), Seal.digest(indexRecord),
                    Seal.digest(summaryRecord), sortedDigests);
            sealRecord = Record.frame(ImageFormat.KIND_SEAL, seal.encode());
        }
        ByteSink tail = new ByteSink(catalogueRecord.length + indexRecord.length + summaryRecord.length + sealRecord.length
                + ImageFormat.TRAILER_SIZE);
        tail.bytes(catalogueRecord).bytes(indexRecord).bytes(summaryRecord).bytes(sealRecord).u64(summaryAt)
                .bytes(ImageFormat.END_MAGIC);
        if (tail.size() + dataEnd != total) {
            throw new IllegalStateException("image size " + (tail.size() + dataEnd) + " differs from the summary's " + total);
        }
        writeFully(channel, tail.toByteArray(), dataEnd);
        end = total;
        channel.force(true);
        return summary;
    }

    private static void writeFully(FileChannel ch, byte[] b, long at) throws IOException {
        writeFully(ch, b, b.length, at);
    }

    private static void writeFully(FileChannel ch, byte[] b, int length, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, 0, length);
        long pos = at;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        closeCompressors();
        channel.close();
    }

    private void closeCompressors() {
        for (Compression.Compressor c = idleCompressors.poll(); c != null; c = idleCompressors.poll()) {
            c.close();
        }
    }
}
