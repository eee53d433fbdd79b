package org.onlinebackup.image.v2;

import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.catalogue.Catalogue;

/**
 * Checks the chunk rules of the grammar as chunks go by, and counts rows, chunks and bytes per table:
 * each table's chunks are numbered 0, 1, 2, ... and nothing follows its last chunk; each payload holds exactly the
 * rows its chunk says, each of the table's number of values, each value within the payload; at the end every table
 * of a snapshot with data has had its last chunk, and tables of a snapshot without data have had none.
 */
public final class ChunkTally {
    private final long[] rows;
    private final long[] chunks;
    private final long[] bytes;
    private final boolean[] done;
    private final boolean[] data;
    private final int[] columns;
    private final TableNamer namer;

    /** Names a table by its number, for messages. */
    @FunctionalInterface
    public interface TableNamer {
        String name(int table);
    }

    /** The tally of {@code catalogue}'s tables. */
    public ChunkTally(Catalogue catalogue) {
        this(dataTables(catalogue), catalogue.tables().stream().mapToInt(t -> t.dataColumns().size()).toArray(),
                t -> catalogue.qualifiedName(catalogue.tables().get(t)));
    }

    /**
     * {@code data[t]}: whether table {@code t} belongs to a snapshot whose driver carries data; {@code columns[t]}:
     * how many values each of its rows has.
     */
    public ChunkTally(boolean[] data, int[] columns, TableNamer namer) {
        int tableCount = data.length;
        this.columns = columns.clone();
        rows = new long[tableCount];
        chunks = new long[tableCount];
        bytes = new long[tableCount];
        done = new boolean[tableCount];
        this.data = data.clone();
        this.namer = namer;
    }

    /** For each table of {@code catalogue}, whether its snapshot carries data. */
    public static boolean[] dataTables(Catalogue catalogue) {
        boolean[] out = new boolean[catalogue.tables().size()];
        for (int t = 0; t < out.length; t++) {
            out[t] = catalogue.snapshots().get(catalogue.tables().get(t).snapshot()).data();
        }
        return out;
    }

    /** Accounts for the chunk at {@code offset} whose record has {@code recordSize} bytes. */
    public void add(DataChunk c, long offset, long recordSize) {
        if (c.table() < 0 || c.table() >= rows.length) {
            throw new MalformedImageException(offset, "data chunk names table " + c.table() + " but the catalogue has " + rows.length);
        }
        int t = c.table();
        if (!data[t]) {
            throw new MalformedImageException(offset, "data chunk names table " + namer.name(t) + ", whose snapshot carries no data");
        }
        if (done[t]) {
            throw new MalformedImageException(offset, "data chunk " + c.sequence() + " of table " + namer.name(t) + " follows its last chunk");
        }
        if (c.sequence() != chunks[t]) {
            throw new MalformedImageException(offset, "data chunk of table " + namer.name(t) + " has sequence number "
                    + c.sequence() + ", expected " + chunks[t]);
        }
        payload(c, offset);
        chunks[t]++;
        rows[t] += c.rows();
        bytes[t] += recordSize;
        done[t] = c.last();
    }

    /** Reads every value of the chunk's payload: exactly its rows, each of its table's number of values. */
    private void payload(DataChunk c, long offset) {
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

    /** The per-table counts; fails if a table has not had its last chunk. */
    public List<Summary.TableStats> finish(long offset) {
        List<Summary.TableStats> out = new ArrayList<>(rows.length);
        for (int t = 0; t < rows.length; t++) {
            if (data[t] && !done[t]) {
                throw new MalformedImageException(offset, "table " + namer.name(t) + " has " + chunks[t]
                        + " data chunk(s) but not its last one");
            }
            out.add(new Summary.TableStats(rows[t], chunks[t], bytes[t]));
        }
        return out;
    }
}
