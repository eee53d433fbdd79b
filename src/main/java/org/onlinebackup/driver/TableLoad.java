package org.onlinebackup.driver;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.stream.Collectors;

import org.onlinebackup.catalogue.Catalogue;
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
 * fails the load.
 *
 * @see <a href="https://mariadb.com/kb/en/load-data-infile/">LOAD DATA INFILE</a>
 */
public final class TableLoad {
    private final Connection connection;
    private final String tableName;
    private final String sql;
    private final int columns;
    private final ByteSink tsv = new ByteSink(1 << 20);

    public TableLoad(Connection connection, Catalogue catalogue, TableEntry table) {
        this.connection = connection;
        this.tableName = catalogue.qualifiedName(table);
        this.columns = table.dataColumns().size();
        String columnList = table.dataColumns().stream().map(c -> Identifiers.quote(c.name()))
                .collect(Collectors.joining(", "));
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
            s.unwrap(org.mariadb.jdbc.Statement.class)
                    .setLocalInfileInputStream(new ByteArrayInputStream(tsv.array(), 0, tsv.size()));
            long loaded = s.executeLargeUpdate(sql);
            SQLWarning w = s.getWarnings();
            if (w != null) {
                throw new OnlineBackupException(Message.RESTORE_LOAD, tableName, "the server warned: " + w.getMessage());
            }
            if (loaded != chunk.rows()) {
                throw new OnlineBackupException(Message.RESTORE_LOAD, tableName,
                        "chunk " + chunk.sequence() + " holds " + chunk.rows() + " rows but " + loaded + " were loaded");
            }
        } catch (SQLException e) {
            throw new OnlineBackupException(e, Message.RESTORE_LOAD, tableName, e.getMessage());
        }
    }

    private void toTsv(DataChunk chunk, long chunkOffset) {
        tsv.reset();
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
