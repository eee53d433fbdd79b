package org.onlinebackup.driver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v3.ByteSink;
import org.onlinebackup.image.v3.ImageFormat;
import org.onlinebackup.image.v3.RowPayload;

/**
 * Streams the rows of one table from a connection {@link #prepare prepared} for it (inside whatever snapshot that
 * connection holds) as {@link RowBlock}s of about {@code blockSize} bytes, each value read as its
 * {@link org.onlinebackup.catalogue.ValueEncoding} says (the session's {@code character_set_results} NULL: no value is
 * converted), of the whole table or of one {@link KeyRange}. An empty table or range yields one empty last block. A table versioned by time is read with its history rows
 * ({@code FOR SYSTEM_TIME ALL}), their row start and row end among the columns.
 */
public final class TableScan implements AutoCloseable {
    /** Rows buffered by the JDBC driver at most; a table of large rows gets fewer. */
    private static final int MAX_FETCH = 1000;
    private static final long FETCH_BYTES = 2L << 20;

    private final TableEntry table;
    private final KeyRange range;
    private final String tableName;
    private final int blockSize;
    private final int columns;
    private final Statement statement;
    private final ResultSet rows;
    private final BlockBuffers buffers;
    /** The block being filled; a block handed out keeps its buffer, and the next one gets another. */
    private ByteSink sink;
    private boolean hasRow;
    private int sequence;
    private boolean finished;

    /**
     * A scan of one key range of {@code table}, fetching as many rows at a time as fit a fetch's bytes at the
     * {@code averageRowBytes} the caller knows (from the catalogue's estimates), or the server says when it is 0;
     * each block in a buffer of {@code buffers}, which the block's user gives back when it is done with it.
     */
    public TableScan(Connection connection, Catalogue catalogue, TableEntry table, KeyRange range, int blockSize,
                     long averageRowBytes, BlockBuffers buffers) throws SQLException {
        this.table = table;
        this.range = range;
        this.tableName = catalogue.qualifiedName(table);
        this.blockSize = blockSize;
        List<ColumnEntry> data = table.dataColumns();
        this.columns = data.size();
        this.buffers = buffers;
        this.sink = ByteSink.over(buffers.take());
        String select = data.stream().map(c -> selectExpression(table, tableName, c)).collect(Collectors.joining(", "));
        int fetch = fetchRows(averageRowBytes > 0 ? averageRowBytes : averageRowBytes(connection, catalogue, table));
        this.statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(fetch);
        try {
            this.rows = statement.executeQuery("SELECT " + select + " FROM " + tableName
                    + (table.carriesHistory() ? " FOR SYSTEM_TIME ALL" : "")
                    + range.where(range.column() == null ? null : Identifiers.quote(range.column())));
            this.hasRow = rows.next();
        } catch (OutOfMemoryError e) {
            throw OnlineBackupException.outOfMemory(e, "to read a row of table " + tableName);
        }
    }

    /**
     * Prepares a connection for the scans that will read on it: values come as stored ({@code character_set_results}
     * NULL). Once per connection, not once per scan: a backup of 500 small tables asked it 500 times.
     */
    public static void prepare(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET SESSION character_set_results = NULL");
        }
    }

    /**
     * How a column is read: as its {@code ValueEncoding} says; but the row start and row end of a table versioned by
     * transaction id are read as the commit order of those transactions (their commit id in the transaction
     * registry; NULL for a row end that is still current, or a transaction the registry has forgotten).
     *
     * @see <a href="https://mariadb.com/kb/en/mysqltransaction_registry-table/">mysql.transaction_registry</a>
     */
    private static String selectExpression(TableEntry table, String tableName, ColumnEntry c) {
        if (table.versioning() == TableEntry.Versioning.TRANSACTION && c.role() != ColumnEntry.Role.DATA) {
            return "CAST((SELECT commit_id FROM mysql.transaction_registry WHERE transaction_id = " + tableName + "."
                    + Identifiers.quote(c.name()) + ") AS BINARY)";
        }
        return c.encoding().selectExpression(Identifiers.quote(c.name()));
    }

    private static int fetchRows(long averageRowBytes) {
        return (int) Math.max(1, Math.min(MAX_FETCH, FETCH_BYTES / Math.max(1, averageRowBytes)));
    }

    private static long averageRowBytes(Connection c, Catalogue catalogue, TableEntry t) throws SQLException {
        try (var ps = c.prepareStatement(
                "SELECT AVG_ROW_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, catalogue.databaseOf(t).name());
            ps.setString(2, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Math.max(1, rs.getLong(1)) : 1;
            }
        }
    }

    /** The next block, or null after the last one. */
    public RowBlock next() throws SQLException {
        try {
            return nextBlock();
        } catch (OutOfMemoryError e) {
            throw OnlineBackupException.outOfMemory(e, "to read a row of table " + tableName);
        }
    }

    private RowBlock nextBlock() throws SQLException {
        if (finished) {
            return null;
        }
        int count = 0;
        while (hasRow && sink.size() < blockSize) {
            int before = sink.size();
            for (int i = 1; i <= columns; i++) {
                RowPayload.writeValue(sink, rows.getBytes(i));
            }
            long rowBytes = sink.size() - before;
            if (rowBytes > ImageFormat.MAX_BODY - ImageFormat.CHUNK_HEAD_SIZE - before) {
                throw new OnlineBackupException(Message.ROW_TOO_LARGE, tableName, rowBytes, ImageFormat.MAX_BODY);
            }
            count++;
            hasRow = rows.next();
        }
        finished = !hasRow;
        ByteSink full = sink;
        if (finished && full.size() < full.array().length / 4) {
            // a small last block (a small table's only one) travels as its bytes alone: its buffer is free at once
            byte[] exact = Arrays.copyOf(full.array(), full.size());
            sink = null;
            buffers.give(full.array());
            return new RowBlock(table.number(), range.index(), sequence++, true, count, exact, exact.length);
        }
        if (!finished) {
            sink = ByteSink.over(buffers.take());
        }
        return new RowBlock(table.number(), range.index(), sequence++, finished, count, full.array(), full.size());
    }

    @Override
    public void close() throws SQLException {
        try {
            rows.close();
        } finally {
            statement.close();
        }
    }
}
