package org.onlinebackup.driver;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v2.ByteSink;
import org.onlinebackup.image.v2.DataChunk;
import org.onlinebackup.image.v2.RowPayload;

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
    /** By data column: whether '' is the ENUM error value there (an ENUM without '' among its values). */
    private final boolean[] enumError;
    /** Whether the table's history rows still need {@code system_versioning_insert_history} on this connection. */
    private boolean history;
    private final ByteSink tsv = new ByteSink(1 << 20);
    private int errorValues;

    /** Loads into {@code table}, which is {@code qualifiedName} on the server (its database may be renamed). */
    public TableLoad(Connection connection, String qualifiedName, TableEntry table) {
        this.connection = connection;
        this.tableName = qualifiedName;
        List<ColumnEntry> data = table.dataColumns();
        this.columns = data.size();
        this.enumError = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            enumError[i] = data.get(i).enumWithoutEmpty();
        }
        this.history = table.carriesHistory();
        String columnList = data.stream().map(c -> Identifiers.quote(c.name())).collect(Collectors.joining(", "));
        this.sql = "LOAD DATA LOCAL INFILE 'chunk' INTO TABLE " + tableName + " CHARACTER SET binary"
                + " FIELDS TERMINATED BY '\\t' ENCLOSED BY '' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' STARTING BY ''"
                + " (" + columnList + ")";
    }

    /** Loads the rows of {@code chunk}, which stands at {@code chunkOffset} in the image. */
    public void load(DataChunk chunk, long chunkOffset) {
        if (chunk.rows() == 0) {
            return;
        }
        toTsv(chunk, chunkOffset);
        try (Statement s = connection.createStatement()) {
            if (history) {
                s.execute("SET SESSION system_versioning_insert_history = 1");
                history = false;
            }
            s.unwrap(org.mariadb.jdbc.Statement.class)
                    .setLocalInfileInputStream(new ByteArrayInputStream(tsv.array(), 0, tsv.size()));
            long loaded = s.executeLargeUpdate(sql);
            checkWarnings(s);
            if (loaded != chunk.rows()) {
                throw new OnlineBackupException(Message.RESTORE_LOAD, tableName,
                        "chunk " + chunk.sequence() + " holds " + chunk.rows() + " rows but " + loaded + " were loaded");
            }
        } catch (SQLException e) {
            throw new OnlineBackupException(e, Message.RESTORE_LOAD, tableName, e.getMessage());
        }
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

    private void toTsv(DataChunk chunk, long chunkOffset) {
        tsv.reset();
        errorValues = 0;
        RowPayload.Cursor cur = new RowPayload.Cursor(chunk, chunkOffset);
        for (int r = 0; r < chunk.rows(); r++) {
            for (int c = 0; c < columns; c++) {
                cur.next();
                if (c > 0) {
                    tsv.u8('\t');
                }
                if (cur.isNull()) {
                    tsv.u8('\\').u8('N');
                } else {
                    if (cur.valueLength() == 0 && enumError[c]) {
                        errorValues++;
                    }
                    escape(cur.buffer(), cur.valueOffset(), cur.valueLength());
                }
            }
            tsv.u8('\n');
        }
        cur.expectEnd();
    }

    private void escape(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte x = b[i];
            byte rep = switch (x) {
                case '\\' -> (byte) '\\';
                case '\t' -> (byte) 't';
                case '\n' -> (byte) 'n';
                case 0 -> (byte) '0';
                default -> -1;
            };
            if (rep != -1) {
                tsv.bytes(b, start, i - start);
                tsv.u8('\\').u8(rep);
                start = i + 1;
            }
        }
        tsv.bytes(b, start, end - start);
    }
}
