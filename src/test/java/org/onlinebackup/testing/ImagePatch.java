package org.onlinebackup.testing;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.onlinebackup.image.v3.ByteSource;
import org.onlinebackup.image.v3.ChunkIndex;
import org.onlinebackup.image.v3.ImageFormat;

/**
 * Rewrites an image the way an attacker with a hex editor and the grammar would: the change, then every count and
 * checksum that covers it made right again (the record's CRC32C, the summary's counts, the chunk index), so only
 * checks of meaning can find it.
 */
public final class ImagePatch {
    private static final int PREAMBLE = ImageFormat.PREAMBLE_SIZE;
    private static final int TRAILER = ImageFormat.TRAILER_SIZE;
    /** Where a data chunk's fields stand in its record: kind and length, then the head. */
    private static final int SEQUENCE = 5 + 8;
    private static final int FLAGS = 5 + 12;
    private static final int ROWS = 5 + 13;
    /** Where table 0's row count stands in the summary's body. */
    private static final int SUMMARY_ROWS_0 = 44 + 4;

    private ImagePatch() {
    }

    /** Makes the first data chunk of an image with one table claim {@code rows} rows, the summary agreeing. */
    public static void lyingRowCount(Path image, int rows) throws Exception {
        byte[] bytes = Files.readAllBytes(image);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int chunk = records(bytes).get(1);
        int delta = rows - b.getInt(chunk + ROWS);
        b.putInt(chunk + ROWS, rows);
        int summary = summary(bytes);
        b.putLong(summary + 5 + SUMMARY_ROWS_0, b.getLong(summary + 5 + SUMMARY_ROWS_0) + delta);
        Files.write(image, reseal(bytes));
    }

    /** The offsets of the records from the header to the summary (header, data chunks, catalogue, index), in order. */
    public static List<Integer> records(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image);
        int summary = summary(image);
        List<Integer> out = new ArrayList<>();
        for (int at = PREAMBLE; at < summary; at += ImageFormat.RECORD_OVERHEAD + b.getInt(at + 1)) {
            out.add(at);
        }
        return out;
    }

    /** The offsets of the data chunk records, in file order. */
    public static List<Integer> chunks(byte[] image) {
        return records(image).stream().filter(at -> image[at] == ImageFormat.KIND_DATA).toList();
    }

    private static int summary(byte[] image) {
        return (int) ByteBuffer.wrap(image).getLong(image.length - TRAILER);
    }

    /** Makes every record's CRC32C right again, lengths unchanged. */
    public static byte[] reseal(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image.clone());
        List<Integer> all = new ArrayList<>(records(image));
        all.add(summary(image));
        for (int at : all) {
            int length = b.getInt(at + 1);
            b.putInt(at + 5 + length, crc(b, at, 5 + length));
        }
        return b.array();
    }

    /**
     * Swaps the sequence numbers and last flags of data chunks {@code i} and {@code j} (in file order; both of one
     * key range) and their places in the chunk index, then reseals: the chunks still look in order to every
     * structural check, only authentication can tell.
     */
    public static byte[] swapChunks(byte[] image, int i, int j) {
        byte[] out = image.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        int a = chunks(image).get(i);
        int c = chunks(image).get(j);
        int seqA = b.getInt(a + SEQUENCE);
        b.putInt(a + SEQUENCE, b.getInt(c + SEQUENCE));
        b.putInt(c + SEQUENCE, seqA);
        byte flagA = out[a + FLAGS];
        out[a + FLAGS] = out[c + FLAGS];
        out[c + FLAGS] = flagA;
        List<Integer> records = records(image);
        int index = records.get(records.size() - 1);
        int length = b.getInt(index + 1);
        ChunkIndex old = ChunkIndex.decode(new ByteSource(out, index + 5, index + 5 + length, index + 5), 0, Long.MAX_VALUE);
        List<ChunkIndex.Entry> entries = new ArrayList<>();
        for (ChunkIndex.Entry e : old.entries()) {
            ChunkIndex.Entry other = e.offset() == a ? find(old, c) : e.offset() == c ? find(old, a) : e;
            entries.add(new ChunkIndex.Entry(e.table(), e.range(), e.sequence(), other.offset(), other.size()));
        }
        byte[] encoded = new ChunkIndex(entries).encode().toByteArray();
        if (encoded.length != length) {
            throw new IllegalStateException("the index changed size");
        }
        System.arraycopy(encoded, 0, out, index + 5, length);
        return reseal(out);
    }

    private static ChunkIndex.Entry find(ChunkIndex index, long offset) {
        return index.entries().stream().filter(e -> e.offset() == offset).findFirst().orElseThrow();
    }

    private static int crc(ByteBuffer b, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(b.array(), from, length);
        return (int) c.getValue();
    }
}
