package org.onlinebackup.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.image.v3.ByteSink;
import org.onlinebackup.image.v3.Compression;
import org.onlinebackup.image.v3.DataChunk;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageWriter;
import org.onlinebackup.image.v3.RowPayload;

/** Images written by hand, through the image writer, for tests that need an image no server would give. */
public final class TestImages {
    /** A header as a backup of a 10.11 server writes it, without binlog position. */
    public static final Header HEADER = new Header(Instant.EPOCH, "10.11", "utf8mb4", "utf8mb4_general_ci", Instant.EPOCH,
            null, -1, null, "test", "h");

    private TestImages() {
    }

    /** A plain data chunk of range 0 of {@code table}: {@code rows} rows whose values, row after row, are {@code values}. */
    public static byte[] chunk(int table, int sequence, boolean last, int rows, String... values) {
        ByteSink payload = new ByteSink(64);
        for (String v : values) {
            RowPayload.writeValue(payload, v == null ? null : v.getBytes(StandardCharsets.UTF_8));
        }
        return DataChunk.frame(table, 0, sequence, last, rows, payload.array(), payload.size());
    }

    /** A plain data chunk of range 0 of {@code table}, one row per array of values. */
    public static byte[] chunk(int table, int sequence, boolean last, List<byte[][]> rows) {
        ByteSink payload = new ByteSink(64);
        for (byte[][] r : rows) {
            for (byte[] v : r) {
                RowPayload.writeValue(payload, v);
            }
        }
        return DataChunk.frame(table, 0, sequence, last, rows.size(), payload.array(), payload.size());
    }

    /** Writes {@code image} with {@code header}, the chunk records in that order, and {@code catalogue}. */
    public static Path write(Path image, Header header, Catalogue catalogue, byte[]... chunks) throws IOException {
        try (ImageWriter w = ImageWriter.create(image, header)) {
            for (byte[] c : chunks) {
                w.appendRecord(c);
            }
            w.finish(catalogue);
        }
        return image;
    }

    public static Path write(Path image, Catalogue catalogue, byte[]... chunks) throws IOException {
        return write(image, HEADER, catalogue, chunks);
    }

    /** As {@link #write(Path, Catalogue, byte[]...)}, the image signed by {@code key}. */
    public static Path writeSigned(Path image, Catalogue catalogue, SigningKey key, byte[]... chunks) throws IOException {
        return writeSigned(image, HEADER, catalogue, key, chunks);
    }

    /** As {@link #write(Path, Header, Catalogue, byte[]...)}, the image signed by {@code key}. */
    public static Path writeSigned(Path image, Header header, Catalogue catalogue, SigningKey key, byte[]... chunks)
            throws IOException {
        try (ImageWriter w = ImageWriter.create(image, header, null, Compression.NONE, key)) {
            for (byte[] c : chunks) {
                w.appendRecord(c);
            }
            w.finish(catalogue);
        }
        return image;
    }
}
