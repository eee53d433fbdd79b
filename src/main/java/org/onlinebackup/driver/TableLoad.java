package org.onlinebackup.driver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v3.ByteSink;
import org.onlinebackup.image.v3.DataChunk;
import org.onlinebackup.image.v3.RowPayload;

/**
 * Loads the rows of data chunks into a table with {@code LOAD DATA LOCAL INFILE ... CHARACTER SET binary}, streamed
 * from memory: each value reaches its column as the bytes the backup read, in the column's own character set.
 * With LOCAL the server turns errors into warnings, so every warning, and any row count other than the chunk's,
 * fails the load, but one: an ENUM column's error value (index 0, which a non-strict sql_mode stored for a value
 * not in the list) reads back as '' and loads back as index 0 with warning 1265 "Data truncated". The load counts
 * those values and accepts exactly that many such warnings. History rows of a table versioned by time load with
 * {@code system_versioning_insert_history}, which lets them keep their row start and row end.
 *
 * @see <a href="https://mariadb.com/kb/en/load-data-infile/">LOAD DATA INFILE</a>
 * @see <a href="https://mariadb.com/kb/en/system-versioned-tables/#system_versioning_insert_history">system_versioning_insert_history</a>
 */
public final class TableLoad {
    private static final int WARN_DATA_TRUNCATED = 1265;

    private final Connection connection;
    private final String tableName;
    private final String sql;
    private final int columns;
    /** By carried column: whether '' is the ENUM error value there (an ENUM without '' among its values). */
    private final boolean[] enumError;
    /** By carried column: whether it is loaded (not the row start and end of a table versioned by transaction). */
    private final boolean[] loaded;
    /** Whether the table is versioned by time: its history rows load with {@code system_versioning_insert_history}. */
    private final boolean history;
    /** Whether the table's engine has transactions (InnoDB): its load commits or rolls back whole. */
    private final boolean transactional;
    /** For a table versioned by transaction id: every version read so far, and where its commit orders stand. */
    private final List<byte[][]> versions;
    private final int startColumn;
    private final int endColumn;
    private final List<ColumnEntry> loadColumns;
    private final ByteSink tsv = new ByteSink(1 << 20);
    private int errorValues;

    /** Loads into {@code table}, which is {@code qualifiedName} on the server (its database may be renamed). */
    public TableLoad(Connection connection, String qualifiedName, TableEntry table) {
        this.connection = connection;
        this.tableName = qualifiedName;
        List<ColumnEntry> data = table.dataColumns();
        this.columns = data.size();
        this.enumError = new boolean[columns];
        this.loaded = new boolean[columns];
        this.loadColumns = table.loadColumns();
        for (int i = 0; i < columns; i++) {
            enumError[i] = data.get(i).enumWithoutEmpty();
            loaded[i] = loadColumns.contains(data.get(i));
        }
        this.history = table.versioning() == TableEntry.Versioning.TIMESTAMP;
        this.transactional = table.engine().equalsIgnoreCase("InnoDB");
        boolean replay = table.versioning() == TableEntry.Versioning.TRANSACTION;
        this.versions = replay ? new ArrayList<>() : null;
        this.startColumn = replay ? indexOf(data, ColumnEntry.Role.ROW_START) : -1;
        this.endColumn = replay ? indexOf(data, ColumnEntry.Role.ROW_END) : -1;
        String columnList = loadColumns.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
        this.sql = "LOAD DATA LOCAL INFILE 'chunk' INTO TABLE " + tableName + " CHARACTER SET binary"
                + " FIELDS TERMINATED BY '\\t' ENCLOSED BY '' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' STARTING BY ''"
                + " (" + columnList + ")";
    }

    private static int indexOf(List<ColumnEntry> columns, ColumnEntry.Role role) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).role() == role) {
                return i;
            }
        }
        throw new IllegalArgumentException("a table versioned by transaction id without its " + role + " column");
    }

    /**
     * What a restart finds of this table, which an interrupted earlier execution of the restore may have loaded:
     * {@code TAKEN_UP} when it holds exactly the image's {@code rows} from one load that committed whole (a
     * transactional engine, and no history replayed in several transactions), so it must not be loaded again;
     * otherwise the table is emptied, history included, and the result says whether it was {@code EMPTY} or had to be
     * {@code EMPTIED} (rows of a load cut off: a non-transactional engine keeps them, a replay commits as it goes).
     */
    public Found takeUp(long rows) {
        String all = history || versions != null ? " FOR SYSTEM_TIME ALL" : "";
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM " + tableName + all + " LIMIT 1")) {
                if (!rs.next()) {
                    return Found.EMPTY;
                }
            }
            if (transactional && versions == null) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + tableName + all)) {
                    rs.next();
                    if (rs.getLong(1) == rows) {
                        return Found.TAKEN_UP;
                    }
                }
            }
            s.execute("DELETE FROM " + tableName);
            if (!all.isEmpty()) {
                s.execute("DELETE HISTORY FROM " + tableName);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return Found.EMPTIED;
        } catch (SQLException e) {
            throw new OnlineBackupException(e, Message.RESTORE_LOAD, tableName, ServerConnections.serverMessage(e));
        }
    }

    /** What {@link #takeUp(long)} found. */
    public enum Found {
        EMPTY, TAKEN_UP, EMPTIED
    }

    /** The chunks of one table, in order, as a load reads them. */
    public interface Source {
        /** The next chunk, or null after the last one. */
        DataChunk next();

        /** Where the chunk {@link #next()} returned last stands in the image. */
        long offset();
    }

    /** Told of each chunk as it is sent to the server. */
    @FunctionalInterface
    public interface Sent {
        void chunk(DataChunk chunk);
    }

    /**
     * Loads every row of a table (all chunks of all its key ranges) with one {@code LOAD DATA} statement whose file
     * is streamed from {@code source}, chunk by chunk, in one transaction. For an InnoDB table, {@code unique_checks}
     * is off for it, so that an empty table takes InnoDB's bulk path (rows sorted into the indexes at commit,
     * duplicates still refused then). It commits only if every chunk was read intact, every row loaded and the
     * server warned of nothing but the ENUM error values; otherwise it rolls back and fails, naming what went wrong
     * (a damaged chunk, a row the server refused). {@code changing} runs just before the server may first keep a
     * row (the commit; for an engine without transactions, the statement). The history of a table versioned by
     * transaction id is replayed instead ({@link #replay()}), in transactions of its own.
     *
     * @return the rows loaded
     */
    public long loadAll(Source source, Sent sent, Runnable changing) {
        if (versions != null) {
            long rows = 0;
            changing.run();
            for (DataChunk c = source.next(); c != null; c = source.next()) {
                collect(c, source.offset());
                rows += c.rows();
                sent.chunk(c);
            }
            replay();
            return rows;
        }
        errorValues = 0;
        ChunkStream in = new ChunkStream(source, sent);
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                if (transactional) {
                    s.execute("SET SESSION unique_checks = 0");
                } else {
                    changing.run();
                }
                if (history) {
                    s.execute("SET SESSION system_versioning_insert_history = 1");
                }
                s.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(in);
                long done;
                try {
                    done = s.executeLargeUpdate(sql);
                } catch (SQLException e) {
                    if (in.failure != null) {
                        throw in.failure;
                    }
                    throw e;
                }
                if (in.failure != null) {
                    throw in.failure;
                }
                checkWarnings(s);
                if (done != in.rows) {
                    throw new OnlineBackupException(Message.RESTORE_LOAD, tableName, "its chunks hold " + in.rows
                            + " rows but " + done + " were loaded");
                }
                if (transactional) {
                    changing.run();
                }
                connection.commit();
                return done;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            } finally {
                restoreSession(autoCommit);
            }
        } catch (SQLException e) {
            if (ServerConnections.connectionLost(e)) {
                throw ServerConnections.lost(e, "while loading table " + tableName);
            }
            throw new OnlineBackupException(e, Message.RESTORE_LOAD, tableName, ServerConnections.serverMessage(e));
        }
    }

    /**
     * Puts the session back as it was before {@link #loadAll}; quietly, so that the load's own failure is the one
     * reported (a stream that broke off closes the connection, and with it the transaction).
     */
    private void restoreSession(boolean autoCommit) {
        try {
            if (!connection.isClosed()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SET SESSION unique_checks = 1, system_versioning_insert_history = 0");
                }
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            // the connection is gone: nothing left to put back
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is gone; the server rolls the transaction back itself
        }
    }

    /**
     * The file of a streamed {@code LOAD DATA}: each chunk read from the source when the server wants more, and
     * turned into rows of tab-separated values in {@link #tsv}. A chunk that cannot be read (damaged, or not what
     * the catalogue says) ends the stream with that failure kept, for the load to report instead of whatever the
     * driver makes of a file that broke off.
     */
    private final class ChunkStream extends InputStream {
        /**
         * Connector/J reads a LOCAL INFILE stream 8 KiB at a time and sends each read as one packet; a packet whose
         * data and 4-byte header do not fit its 8 KiB buffer makes it allocate a 128 KiB buffer, dropped again after
         * the packet (measured: a third of a restore's client CPU). Reads of at most this much fit.
         */
        private static final int PACKET_DATA = 8192 - 4;

        private final Source source;
        private final Sent sent;
        private int position;
        private boolean ended;
        long rows;
        RuntimeException failure;

        ChunkStream(Source source, Sent sent) {
            this.source = source;
            this.sent = sent;
            tsv.reset();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position >= tsv.size()) {
                if (ended || !fill()) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(Math.min(len, PACKET_DATA), tsv.size() - position);
            System.arraycopy(tsv.array(), position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        private boolean fill() throws IOException {
            try {
                DataChunk c = source.next();
                if (c == null) {
                    return false;
                }
                tsv.reset();
                position = 0;
                encode(c, source.offset());
                rows += c.rows();
                sent.chunk(c);
                return true;
            } catch (RuntimeException e) {
                failure = e;
                throw new IOException("the image could not be read", e);
            }
        }
    }

    /** Appends the rows of {@code chunk} to {@link #tsv}, as tab-separated values of the loaded columns. */
    private void encode(DataChunk chunk, long chunkOffset) {
        RowPayload.Cursor cur = new RowPayload.Cursor(chunk, chunkOffset);
        for (int r = 0; r < chunk.rows(); r++) {
            boolean first = true;
            for (int c = 0; c < columns; c++) {
                cur.next();
                if (loaded[c]) {
                    field(first, cur.isNull(), cur.buffer(), cur.valueOffset(), cur.valueLength(), c);
                    first = false;
                }
            }
            tsv.u8('\n');
        }
        cur.expectEnd();
    }

    /**
     * Runs the LOAD DATA of the rows in {@link #tsv} (one transaction of a replayed history); they must all load, with
     * no warning but the expected ones.
     */
    private void run(long rows, String what) {
        try (Statement s = connection.createStatement()) {
            s.unwrap(org.mariadb.jdbc.Statement.class)
                    .setLocalInfileInputStream(new ByteArrayInputStream(tsv.array(), 0, tsv.size()));
            long done = s.executeLargeUpdate(sql);
            checkWarnings(s);
            if (done != rows) {
                throw new OnlineBackupException(Message.RESTORE_LOAD, tableName, what + " holds " + rows + " rows but " + done
                        + " were loaded");
            }
        } catch (SQLException e) {
            throw new OnlineBackupException(e, Message.RESTORE_LOAD, tableName, ServerConnections.serverMessage(e));
        }
    }

    private void collect(DataChunk chunk, long chunkOffset) {
        RowPayload.Cursor cur = new RowPayload.Cursor(chunk, chunkOffset);
        for (int r = 0; r < chunk.rows(); r++) {
            byte[][] row = new byte[columns][];
            for (int c = 0; c < columns; c++) {
                cur.next();
                row[c] = cur.isNull() ? null : Arrays.copyOfRange(cur.buffer(), cur.valueOffset(), cur.valueOffset() + cur.valueLength());
            }
            versions.add(row);
        }
        cur.expectEnd();
    }

    /**
     * Replays the history of a table versioned by transaction id: one transaction per original transaction, in
     * their commit order, each ending the versions that ended there (a DELETE of the row with those values) and
     * starting those that started there (a LOAD DATA). The server stamps them with its own transaction ids and
     * times; the versions, and which ones each transaction ended and started, are the original ones. A version whose
     * start is unknown (older than the registry) starts in the first transaction; one that started and ended in the
     * same transaction was never visible and is left out.
     */
    private void replay() {
        TreeMap<Long, List<byte[][]>> starts = new TreeMap<>();
        TreeMap<Long, List<byte[][]>> ends = new TreeMap<>();
        for (byte[][] v : versions) {
            long start = v[startColumn] == null ? 0 : order(v[startColumn]);
            Long end = v[endColumn] == null ? null : order(v[endColumn]);
            if (end != null && end <= start) {
                continue;
            }
            starts.computeIfAbsent(start, k -> new ArrayList<>()).add(v);
            if (end != null) {
                ends.computeIfAbsent(end, k -> new ArrayList<>()).add(v);
            }
        }
        TreeSet<Long> orders = new TreeSet<>(starts.keySet());
        orders.addAll(ends.keySet());
        String delete = "DELETE FROM " + tableName + " WHERE " + loadColumns.stream()
                .map(c -> Identifiers.quote(c.name()) + " <=> ?").collect(Collectors.joining(" AND ")) + " LIMIT 1";
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement del = connection.prepareStatement(delete)) {
                for (long order : orders) {
                    for (byte[][] v : ends.getOrDefault(order, List.of())) {
                        int p = 1;
                        for (int c = 0; c < columns; c++) {
                            if (loaded[c]) {
                                del.setBytes(p++, v[c]);
                            }
                        }
                        if (del.executeUpdate() != 1) {
                            throw new OnlineBackupException(Message.RESTORE_LOAD, tableName, "replaying its history, the version"
                                    + " that transaction " + order + " ended is not there");
                        }
                    }
                    List<byte[][]> started = starts.getOrDefault(order, List.of());
                    if (!started.isEmpty()) {
                        tsv.reset();
                        errorValues = 0;
                        for (byte[][] v : started) {
                            boolean first = true;
                            for (int c = 0; c < columns; c++) {
                                if (loaded[c]) {
                                    field(first, v[c] == null, v[c], 0, v[c] == null ? 0 : v[c].length, c);
                                    first = false;
                                }
                            }
                            tsv.u8('\n');
                        }
                        run(started.size(), "transaction " + order);
                    }
                    connection.commit();
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OnlineBackupException(e, Message.RESTORE_LOAD, tableName, ServerConnections.serverMessage(e));
        }
        versions.clear();
    }

    private long order(byte[] text) {
        try {
            return Long.parseLong(new String(text, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new OnlineBackupException(Message.RESTORE_LOAD, tableName, "a version's commit order is not a number");
        }
    }

    /** One field of a TSV row: NULL as \\N, else the escaped bytes; counts ENUM error values. */
    private void field(boolean first, boolean isNull, byte[] b, int off, int len, int column) {
        if (!first) {
            tsv.u8('\t');
        }
        if (isNull) {
            tsv.u8('\\').u8('N');
            return;
        }
        if (len == 0 && enumError[column]) {
            errorValues++;
        }
        escape(b, off, len);
    }

    /** Every warning fails the load, but exactly as many "Data truncated" as the chunk held ENUM error values. */
    private void checkWarnings(Statement s) throws SQLException {
        SQLWarning w = s.getWarnings();
        if (w == null && errorValues == 0) {
            return;
        }
        long count = 0;
        for (SQLWarning x = w; x != null; x = x.getNextWarning()) {
            if (errorValues == 0 || x.getErrorCode() != WARN_DATA_TRUNCATED) {
                throw new OnlineBackupException(Message.RESTORE_LOAD, tableName, "the server warned: " + x.getMessage());
            }
            count++;
        }
        try (Statement c = connection.createStatement(); ResultSet rs = c.executeQuery("SHOW COUNT(*) WARNINGS")) {
            rs.next();
            count = Math.max(count, rs.getLong(1));
        }
        if (count != errorValues) {
            throw new OnlineBackupException(Message.RESTORE_LOAD, tableName, "the server warned " + count
                    + " time(s) that data was truncated, for " + errorValues + " ENUM error value(s)");
        }
    }

    /** For each byte, what follows the backslash that escapes it in a LOAD DATA field, or 0: not escaped. */
    private static final byte[] ESCAPE = new byte[256];

    static {
        ESCAPE['\\'] = '\\';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE[0] = '0';
    }

    private void escape(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte rep = ESCAPE[b[i] & 0xFF];
            if (rep != 0) {
                tsv.bytes(b, start, i - start);
                tsv.u8('\\').u8(rep);
                start = i + 1;
            }
        }
        tsv.bytes(b, start, end - start);
    }
}
