package org.onlinebackup.image.v2;

import java.util.ArrayList;
import java.util.List;

/**
 * The summary: bytes of each part of the image, rows, chunks and bytes per table (by table number), and the
 * CRC32C of every byte before the summary record.
 */
public record Summary(long headerBytes, long catalogueBytes, long dataBytes, long totalBytes,
                      List<TableStats> tables, int imageCrc) {

    public Summary {
        tables = List.copyOf(tables);
    }

    public record TableStats(long rows, long chunks, long bytes) {
    }

    /** Bytes of the summary record itself: what the image holds after its data. */
    public long summaryBytes() {
        return totalBytes - headerBytes - catalogueBytes - dataBytes;
    }

    public long rows() {
        return tables.stream().mapToLong(TableStats::rows).sum();
    }

    public ByteSink encode() {
        ByteSink s = new ByteSink(64 + 20 * tables.size());
        s.u64(headerBytes).u64(catalogueBytes).u64(dataBytes).u64(totalBytes).u32(tables.size());
        for (TableStats t : tables) {
            s.u64(t.rows()).u32(t.chunks()).u64(t.bytes());
        }
        s.u32(imageCrc & 0xFFFFFFFFL);
        return s;
    }

    /** The encoded size of a summary record for {@code tableCount} tables, framing included. */
    public static long recordSize(int tableCount) {
        return ImageFormat.RECORD_OVERHEAD + 36L + 20L * tableCount + 4;
    }

    public static Summary decode(ByteSource s) {
        long h = s.u64("header bytes");
        long c = s.u64("catalogue bytes");
        long d = s.u64("data bytes");
        long t = s.u64("total bytes");
        long n = s.u32("summary table count");
        if (n * 20 > s.remaining()) {
            throw new MalformedImageException(s.offset(), "summary lists " + n + " tables but is too short for them");
        }
        List<TableStats> tables = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            tables.add(new TableStats(s.u64("table rows"), s.u32("table chunks"), s.u64("table bytes")));
        }
        int crc = (int) s.u32("image checksum");
        s.expectEnd("summary");
        return new Summary(h, c, d, t, tables, crc);
    }
}
