package org.onlinebackup.testing;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Rewrites an image the way an attacker with a hex editor and the grammar would: the change, then every checksum
 * that covers it made right again (the record's CRC32C, the summary's counts, the image checksum, the summary's own
 * CRC32C), so only checks of meaning can find it.
 */
public final class ImagePatch {
    private static final int PREAMBLE = 12;
    private static final int TRAILER = 16;

    private ImagePatch() {
    }

    /** Makes the first data chunk of an image with one table claim {@code rows} rows, the summary agreeing. */
    public static void lyingRowCount(Path image, int rows) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(image));
        int header = PREAMBLE;
        int catalogue = header + 9 + b.getInt(header + 1);
        int chunk = catalogue + 9 + b.getInt(catalogue + 1);
        int chunkLength = b.getInt(chunk + 1);
        int delta = rows - b.getInt(chunk + 5 + 9);
        b.putInt(chunk + 5 + 9, rows);
        b.putInt(chunk + 5 + chunkLength, crc(b, chunk, 5 + chunkLength));
        int summary = (int) b.getLong(b.capacity() - TRAILER);
        int summaryLength = b.getInt(summary + 1);
        int body = summary + 5;
        b.putLong(body + 36, b.getLong(body + 36) + delta);
        b.putInt(body + summaryLength - 4, crc(b, 0, summary));
        b.putInt(body + summaryLength, crc(b, summary, 5 + summaryLength));
        Files.write(image, b.array());
    }

    /** The offsets of the records from the header to the summary (header, catalogue, data chunks), in order. */
    public static java.util.List<Integer> records(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image);
        int summary = (int) b.getLong(image.length - TRAILER);
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int at = PREAMBLE; at < summary; at += 9 + b.getInt(at + 1)) {
            out.add(at);
        }
        return out;
    }

    /** Makes every record's CRC32C, the image checksum and the summary's CRC32C right again, lengths unchanged. */
    public static byte[] reseal(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image.clone());
        for (int at : records(image)) {
            int length = b.getInt(at + 1);
            b.putInt(at + 5 + length, crc(b, at, 5 + length));
        }
        int summary = (int) b.getLong(image.length - TRAILER);
        int summaryLength = b.getInt(summary + 1);
        b.putInt(summary + 5 + summaryLength - 4, crc(b, 0, summary));
        b.putInt(summary + 5 + summaryLength, crc(b, summary, 5 + summaryLength));
        return b.array();
    }

    /**
     * Swaps the data chunks at record indexes {@code i} and {@code i + 1} (both of one table), their sequence
     * numbers swapped back so the chunk order still looks right, then reseals: only authentication can tell.
     */
    public static byte[] swapChunks(byte[] image, int i) {
        java.util.List<Integer> r = records(image);
        int a = r.get(i);
        int b = r.get(i + 1);
        int end = i + 2 < r.size() ? r.get(i + 2) : (int) ByteBuffer.wrap(image).getLong(image.length - TRAILER);
        byte[] first = java.util.Arrays.copyOfRange(image, a, b);
        byte[] second = java.util.Arrays.copyOfRange(image, b, end);
        int seqA = ByteBuffer.wrap(first).getInt(5 + 4);
        int seqB = ByteBuffer.wrap(second).getInt(5 + 4);
        byte flagA = first[5 + 8];
        byte flagB = second[5 + 8];
        ByteBuffer.wrap(second).putInt(5 + 4, seqA);
        ByteBuffer.wrap(first).putInt(5 + 4, seqB);
        second[5 + 8] = flagA;
        first[5 + 8] = flagB;
        byte[] out = image.clone();
        System.arraycopy(second, 0, out, a, second.length);
        System.arraycopy(first, 0, out, a + second.length, first.length);
        return reseal(out);
    }

    private static int crc(ByteBuffer b, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(b.array(), from, length);
        return (int) c.getValue();
    }
}
