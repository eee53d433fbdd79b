package org.onlinebackup.image.v3;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where every data chunk stands: one entry per chunk, ordered by table, range and sequence number, with the offset
 * and size of its record. Chunks of different tables interleave in the file (the partitions of a backup append
 * them as they come); the index lets a restore read each table's chunks in order, and several tables at once.
 */
public record ChunkIndex(List<Entry> entries) {

    public ChunkIndex {
        entries = List.copyOf(entries);
    }

    public record Entry(int table, int range, int sequence, long offset, long size) {
    }

    public static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::table).thenComparingInt(Entry::range)
            .thenComparingInt(Entry::sequence);

    /** The entries of one table, in range and sequence order. */
    public List<Entry> of(int table) {
        int lo = 0;
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).table() < table) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int end = lo;
        while (end < entries.size() && entries.get(end).table() == table) {
            end++;
        }
        return entries.subList(lo, end);
    }

    /** The entries of one key range of one table, in sequence order. */
    public List<Entry> of(int table, int range) {
        List<Entry> all = of(table);
        int lo = 0;
        while (lo < all.size() && all.get(lo).range() < range) {
            lo++;
        }
        int end = lo;
        while (end < all.size() && all.get(end).range() == range) {
            end++;
        }
        return all.subList(lo, end);
    }

    public ByteSink encode() {
        ByteSink s = new ByteSink(16 + 24 * entries.size());
        s.varint(entries.size());
        for (Entry e : entries) {
            s.varint(e.table()).varint(e.range()).varint(e.sequence()).u64(e.offset()).u32(e.size());
        }
        return s;
    }

    /** The index; its entries must be in order, each within {@code [dataStart, dataEnd)}. */
    public static ChunkIndex decode(ByteSource s, long dataStart, long dataEnd) {
        int n = s.count("index entry count", s.remaining() / 15);
        List<Entry> out = new ArrayList<>(n);
        Entry prev = null;
        for (int i = 0; i < n; i++) {
            long at = s.offset();
            Entry e = new Entry(s.count("index table", Integer.MAX_VALUE), s.count("index range", 1 << 24),
                    s.count("index sequence", Integer.MAX_VALUE), s.u64("index offset"), s.u32("index size"));
            if (e.offset() < dataStart || e.size() < ImageFormat.RECORD_OVERHEAD + ImageFormat.CHUNK_HEAD_SIZE
                    || e.offset() + e.size() > dataEnd || e.offset() + e.size() < e.offset()) {
                throw new MalformedImageException(at, "index entry " + i + " points outside the data section");
            }
            if (prev != null && ORDER.compare(prev, e) >= 0) {
                throw new MalformedImageException(at, "index entry " + i + " is out of order or repeated");
            }
            out.add(e);
            prev = e;
        }
        s.expectEnd("index");
        return new ChunkIndex(out);
    }
}
