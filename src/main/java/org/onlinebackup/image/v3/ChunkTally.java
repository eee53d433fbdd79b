package org.onlinebackup.image.v3;

import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.catalogue.Catalogue;

/**
 * Checks the chunk rules of the grammar as chunks go by, and counts per table its rows, chunks and bytes: each key
 * range's chunks are numbered 0, 1, 2, ... and nothing follows its last chunk; each payload holds exactly the rows
 * its chunk says, each of the table's number of values, each value within the payload; at the end every range of a
 * table of a snapshot with data has had its last chunk, and tables of a snapshot without data have had none.
 */
public final class ChunkTally {
    private final boolean[] data;
    private final int[] columns;
    private final int[] ranges;
    private final long[] rows;
    private final long[] chunks;
    private final long[] stored;
    private final long[] raw;
    /** By table and range: the next sequence number expected, or -1 once the last chunk was seen. */
    private final int[][] next;
    private final TableNamer namer;

    /** Names a table by its number, for messages. */
    @FunctionalInterface
    public interface TableNamer {
        String name(int table);
    }

    /** The tally of {@code catalogue}'s tables, with {@code ranges[t]} key ranges for table {@code t}. */
    public ChunkTally(Catalogue catalogue, int[] ranges) {
        this(catalogue, ranges, -1);
    }

    /** The tally of one table's chunks, with {@code ranges} key ranges. */
    public static ChunkTally of(Catalogue catalogue, int table, int ranges) {
        int[] r = new int[catalogue.tables().size()];
        r[table] = ranges;
        return new ChunkTally(catalogue, r, table);
    }

    private ChunkTally(Catalogue catalogue, int[] ranges, int only) {
        int n = catalogue.tables().size();
        this.data = new boolean[n];
        this.columns = new int[n];
        for (int t = 0; t < n; t++) {
            data[t] = (only < 0 || only == t) && catalogue.snapshots().get(catalogue.tables().get(t).snapshot()).data();
            columns[t] = catalogue.tables().get(t).dataColumns().size();
        }
        this.ranges = ranges.clone();
        this.rows = new long[n];
        this.chunks = new long[n];
        this.stored = new long[n];
        this.raw = new long[n];
        this.next = new int[n][];
        for (int t = 0; t < n; t++) {
            if (ranges[t] < (data[t] ? 1 : 0) || (!data[t] && ranges[t] != 0)) {
                throw new MalformedImageException(0, "table " + t + " has " + ranges[t] + " key ranges");
            }
            next[t] = new int[ranges[t]];
        }
        this.namer = t -> catalogue.qualifiedName(catalogue.tables().get(t));
    }

    /** Accounts for a chunk with head {@code h} whose record of {@code recordSize} bytes is at {@code offset}. */
    public void add(DataChunk.Head h, long offset, long recordSize) {
        int t = h.table();
        if (t < 0 || t >= rows.length) {
            throw new MalformedImageException(offset, "data chunk names table " + t + " but the catalogue has " + rows.length);
        }
        if (!data[t]) {
            throw new MalformedImageException(offset, "data chunk names table " + namer.name(t) + ", whose snapshot carries no data");
        }
        if (h.range() >= ranges[t]) {
            throw new MalformedImageException(offset, "data chunk names range " + h.range() + " of table " + namer.name(t)
                    + ", which has " + ranges[t]);
        }
        int expected = next[t][h.range()];
        if (expected < 0) {
            throw new MalformedImageException(offset, "data chunk " + h.sequence() + " of range " + h.range() + " of table "
                    + namer.name(t) + " follows its last chunk");
        }
        if (h.sequence() != expected) {
            throw new MalformedImageException(offset, "data chunk of range " + h.range() + " of table " + namer.name(t)
                    + " has sequence number " + h.sequence() + ", expected " + expected);
        }
        next[t][h.range()] = h.last() ? -1 : expected + 1;
        chunks[t]++;
        rows[t] += h.rows();
        stored[t] += recordSize;
        raw[t] += h.rawLength();
    }

    /** Reads every value of an opened chunk's payload: exactly its rows, each of its table's number of values. */
    public void payload(DataChunk c, long offset) {
        long values = (long) c.rows() * columns[c.table()];
        if (values > c.payloadLength()) {
            throw new MalformedImageException(offset, "data chunk " + c.sequence() + " of table " + namer.name(c.table())
                    + " says it holds " + c.rows() + " rows of " + columns[c.table()] + " values, more than its "
                    + c.payloadLength() + " bytes can hold");
        }
        RowPayload.Cursor cur = new RowPayload.Cursor(c, offset);
        try {
            for (long v = 0; v < values; v++) {
                cur.next();
            }
            cur.expectEnd();
        } catch (MalformedImageException e) {
            throw new MalformedImageException(e.offset(), "data chunk " + c.sequence() + " of table " + namer.name(c.table())
                    + " does not hold the " + c.rows() + " rows of " + columns[c.table()] + " values it says: " + e.getMessage());
        }
    }

    /**
     * Accounts for chunks skipped unread, by their index entries (in order, none of them a range's last, which the
     * index's order ensures for all but a range's final entry): their sequence numbers only.
     */
    void skip(List<ChunkIndex.Entry> skipped) {
        for (ChunkIndex.Entry e : skipped) {
            if (next[e.table()][e.range()] != e.sequence()) {
                throw new MalformedImageException(e.offset(), "chunk " + e.sequence() + " of range " + e.range()
                        + " of table " + namer.name(e.table()) + " cannot be skipped here");
            }
            next[e.table()][e.range()]++;
        }
    }

    /** Fails if range {@code range} of {@code table} has not had its last chunk. */
    public void finishRange(int table, int range, long offset) {
        if (next[table][range] >= 0) {
            throw new MalformedImageException(offset, "range " + range + " of table " + namer.name(table) + " has "
                    + next[table][range] + " data chunk(s) but not its last one");
        }
    }

    /** The per-table counts; fails if a range of a table has not had its last chunk. */
    public List<Summary.TableStats> finish(long offset) {
        List<Summary.TableStats> out = new ArrayList<>(rows.length);
        for (int t = 0; t < rows.length; t++) {
            for (int r = 0; r < ranges[t]; r++) {
                if (next[t][r] >= 0) {
                    throw new MalformedImageException(offset, "range " + r + " of table " + namer.name(t) + " has "
                            + next[t][r] + " data chunk(s) but not its last one");
                }
            }
            out.add(new Summary.TableStats(ranges[t], rows[t], chunks[t], stored[t], raw[t]));
        }
        return out;
    }
}
