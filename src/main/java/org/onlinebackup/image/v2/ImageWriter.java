package org.onlinebackup.image.v2;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.image.PrivateFiles;

/**
 * Assembles an image file: preamble, header, catalogue, the data chunks of each partition segment in turn, summary,
 * trailer. The file is created new (never overwritten), mode 0600, and forced to disk by {@link #finish()}; the caller
 * writes it under a temporary name and renames it afterwards.
 */
public final class ImageWriter implements Closeable {
    private final FileChannel channel;
    private final OutputStream out;
    private final CRC32C crc = new CRC32C();
    private final Catalogue catalogue;
    private final ChunkTally tally;
    private final ImageCipher cipher;
    private long offset;
    private long headerBytes;
    private long catalogueBytes;
    private long dataBytes;

    private ImageWriter(Path file, Catalogue catalogue, ImageCipher cipher) throws IOException {
        this.cipher = cipher;
        this.channel = PrivateFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
        this.catalogue = catalogue;
        this.tally = new ChunkTally(catalogue);
    }

    /** Creates {@code file} and writes the preamble, header and catalogue. */
    public static ImageWriter create(Path file, Header header, Catalogue catalogue) throws IOException {
        return create(file, header, catalogue, null);
    }

    /**
     * Creates {@code file} and writes the preamble, header and catalogue; with a {@code cipher}, an encrypted image:
     * the header records the cipher's salt and key check, the catalogue is sealed, and the segments appended must
     * hold chunks sealed by the same cipher.
     */
    public static ImageWriter create(Path file, Header header, Catalogue catalogue, ImageCipher cipher) throws IOException {
        ImageWriter w = new ImageWriter(file, catalogue, cipher);
        try {
            ByteSink pre = new ByteSink(ImageFormat.PREAMBLE_SIZE);
            pre.bytes(ImageFormat.MAGIC).u16(ImageFormat.VERSION).u16(0);
            w.write(pre.toByteArray());
            ByteSink h = (cipher == null ? header : header.encryptedBy(cipher)).encode();
            w.write(Record.frame(ImageFormat.KIND_HEADER, h));
            w.headerBytes = w.offset;
            ByteSink body = CatalogueCodec.encode(catalogue);
            if (cipher != null) {
                byte[] sealed = cipher.sealCatalogue(body.toByteArray(), h.toByteArray());
                body = new ByteSink(sealed.length).bytes(sealed);
            }
            w.write(Record.frame(ImageFormat.KIND_CATALOGUE, body));
            w.catalogueBytes = w.offset - w.headerBytes;
            return w;
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /**
     * Appends every data chunk of a segment file written by a partition, checking each chunk's CRC and the chunk
     * rules again: a segment damaged on disk fails here rather than in a later restore.
     */
    public void appendSegment(Path segment) throws IOException {
        long size = Files.size(segment);
        try (RecordInput in = new RecordInput(segment, 0, size)) {
            for (Record r = in.next(); r != null; r = in.next()) {
                if (!r.intact()) {
                    throw new MalformedImageException(r.offset(), "chunk in segment " + segment + " fails its CRC32C check");
                }
                DataChunk c = DataChunk.open(r, cipher);
                tally.add(c, offset, r.size());
                write(r.head());
                write(r.body());
                write(r.crcBytes());
                dataBytes += r.size();
            }
        }
    }

    /** Writes the summary and trailer and forces the file to disk. */
    public Summary finish() throws IOException {
        List<Summary.TableStats> stats = tally.finish(offset);
        long summaryOffset = offset;
        long total = summaryOffset + Summary.recordSize(stats.size()) + ImageFormat.TRAILER_SIZE;
        Summary s = new Summary(headerBytes, catalogueBytes, dataBytes, total, stats, (int) crc.getValue());
        write(Record.frame(ImageFormat.KIND_SUMMARY, s.encode()));
        ByteSink trailer = new ByteSink(ImageFormat.TRAILER_SIZE);
        trailer.u64(summaryOffset).bytes(ImageFormat.END_MAGIC);
        write(trailer.toByteArray());
        out.flush();
        channel.force(true);
        if (offset != total) {
            throw new IllegalStateException("image size " + offset + " differs from the summary's " + total);
        }
        return s;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        crc.update(b);
        offset += b.length;
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            channel.close();
        }
    }
}
