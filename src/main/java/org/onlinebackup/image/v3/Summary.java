package org.onlinebackup.image.v3;

import java.util.ArrayList;
import java.util.List;

/**
 * The summary: bytes of each part of the image (from them, where each part starts), and per table (by table
 * number) its key ranges, rows, chunks, and bytes as stored and as raw payload.
 */
public record Summary(long headerBytes, long dataBytes, long catalogueBytes, long indexBytes, long totalBytes,
                      List<TableStats> tables) {

    public Summary {
        tables = List.copyOf(tables);
    }

    /** A table: its number of key ranges, rows, chunks, bytes of its chunk records, and bytes of raw payload. */
    public record TableStats(int ranges, long rows, long chunks, long storedBytes, long rawBytes) {
    }

    /** Where the data chunks start: after the preamble and the header record. */
    public long dataStart() {
        return ImageFormat.PREAMBLE_SIZE + headerBytes;
    }

    public long catalogueOffset() {
        return dataStart() + dataBytes;
    }

    public long indexOffset() {
        return catalogueOffset() + catalogueBytes;
    }

    public long summaryOffset() {
        return indexOffset() + indexBytes;
    }

    /** Bytes of the summary record itself, and of the seal that follows it in a signed image. */
    public long summaryBytes() {
        return totalBytes - summaryOffset() - ImageFormat.TRAILER_SIZE;
    }

    public long rows() {
        return tables.stream().mapToLong(TableStats::rows).sum();
    }

    /** Raw payload bytes of every chunk: what the data would take without compression. */
    public long rawBytes() {
        return tables.stream().mapToLong(TableStats::rawBytes).sum();
    }

    public ByteSink encode() {
        ByteSink s = new ByteSink(64 + 32 * tables.size());
        s.u64(headerBytes).u64(dataBytes).u64(catalogueBytes).u64(indexBytes).u64(totalBytes).u32(tables.size());
        for (TableStats t : tables) {
            s.u32(t.ranges()).u64(t.rows()).u32(t.chunks()).u64(t.storedBytes()).u64(t.rawBytes());
        }
        return s;
    }

    /** The encoded size of a summary record for {@code tableCount} tables, framing included. */
    public static long recordSize(int tableCount) {
        return ImageFormat.RECORD_OVERHEAD + 44L + 32L * tableCount;
    }

    public static Summary decode(ByteSource s) {
        long h = s.u64("header bytes");
        long d = s.u64("data bytes");
        long c = s.u64("catalogue bytes");
        long i = s.u64("index bytes");
        long t = s.u64("total bytes");
        long n = s.u32("summary table count");
        if (n * 32 > s.remaining()) {
            throw new MalformedImageException(s.offset(), "summary lists " + n + " tables but is too short for them");
        }
        List<TableStats> tables = new ArrayList<>((int) n);
        for (int k = 0; k < n; k++) {
            long ranges = s.u32("table ranges");
            if (ranges > 1 << 24) {
                throw new MalformedImageException(s.offset() - 4, "table " + k + " has " + ranges + " ranges, over the limit of 2^24");
            }
            tables.add(new TableStats((int) ranges, s.u64("table rows"), s.u32("table chunks"), s.u64("table stored bytes"),
                    s.u64("table raw bytes")));
        }
        s.expectEnd("summary");
        return new Summary(h, d, c, i, t, tables);
    }
}
