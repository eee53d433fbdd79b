package org.onlinebackup.image.v3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image a backup was writing when it was interrupted (stopped, killed): its header and the data chunks that are
 * whole on disk, from the start up to the first record that is cut off, damaged, or not a data chunk. There is no
 * index or catalogue yet: those come at the end. A restarted backup copies the chunks of the tables it may reuse
 * from here, record by record, into its new image.
 */
public final class PartialImage {
    /** A whole data chunk record: its head, where it starts, and its size with its framing. */
    public record Chunk(DataChunk.Head head, long offset, int size) {
    }

    private final Path file;
    private final Header header;
    private final List<Chunk> chunks;

    private PartialImage(Path file, Header header, List<Chunk> chunks) {
        this.file = file;
        this.header = header;
        this.chunks = List.copyOf(chunks);
    }

    /** Reads the header and every whole chunk; fails if the file does not even hold a whole header. */
    public static PartialImage scan(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] pre = ImageReader.readAt(ch, 0, ImageFormat.PREAMBLE_SIZE);
            if (pre.length < ImageFormat.PREAMBLE_SIZE
                    || !Arrays.equals(pre, 0, ImageFormat.MAGIC.length, ImageFormat.MAGIC, 0, ImageFormat.MAGIC.length)
                    || ByteBuffer.wrap(pre).getShort(ImageFormat.MAGIC.length) != ImageFormat.VERSION) {
                throw new MalformedImageException(0, "not the start of a version " + ImageFormat.VERSION + " image");
            }
            Record h = ImageReader.record(ch, ImageFormat.PREAMBLE_SIZE, size, MemoryLimit.PROCESS);
            if (h.kind() != ImageFormat.KIND_HEADER || !h.intact()) {
                throw new MalformedImageException(ImageFormat.PREAMBLE_SIZE, "no whole header record");
            }
            Header header = Header.decode(h.source());
            List<Chunk> chunks = new ArrayList<>();
            for (long at = ImageFormat.PREAMBLE_SIZE + h.size(); at + ImageFormat.RECORD_OVERHEAD <= size; ) {
                Record r;
                try {
                    r = ImageReader.record(ch, at, size, MemoryLimit.PROCESS);
                } catch (IOException | MalformedImageException cut) {
                    break;
                }
                if (r.kind() != ImageFormat.KIND_DATA || !r.intact()) {
                    break;
                }
                chunks.add(new Chunk(DataChunk.head(r), at, (int) r.size()));
                at += r.size();
            }
            return new PartialImage(file, header, chunks);
        }
    }

    public Header header() {
        return header;
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    /**
     * The key ranges whose chunks are all here: chunks 0 to n in a row, chunk n marked the last of its range. By
     * table number, then range, each range's chunks in order.
     */
    public Map<Integer, Map<Integer, List<Chunk>>> completeRanges() {
        Map<Integer, Map<Integer, List<Chunk>>> byTable = new TreeMap<>();
        for (Chunk c : chunks) {
            byTable.computeIfAbsent(c.head().table(), k -> new TreeMap<>())
                    .computeIfAbsent(c.head().range(), k -> new ArrayList<>()).add(c);
        }
        byTable.values().forEach(byRange -> byRange.values().removeIf(range -> !complete(range)));
        byTable.values().removeIf(Map::isEmpty);
        return byTable;
    }

    private static boolean complete(List<Chunk> range) {
        for (int i = 0; i < range.size(); i++) {
            DataChunk.Head h = range.get(i).head();
            if (h.sequence() != i || h.last() != (i == range.size() - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code chunks}, their records byte for byte as they were written, to {@code image}. */
    public void copy(List<Chunk> chunks, ImageWriter image) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Chunk c : chunks) {
                byte[] record = ImageReader.readAt(ch, c.offset(), c.size());
                if (record.length < c.size()) {
                    throw new IOException("the partial image " + file + " ends inside the chunk at byte offset " + c.offset());
                }
                image.appendRecord(record);
            }
        }
    }
}
