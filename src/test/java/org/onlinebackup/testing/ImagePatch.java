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

    private static int crc(ByteBuffer b, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(b.array(), from, length);
        return (int) c.getValue();
    }
}
