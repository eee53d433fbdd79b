package org.onlinebackup.job.backup;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.lock.Breakpoints;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.BackupSession;
import org.onlinebackup.driver.BlockBuffers;
import org.onlinebackup.driver.RowBlock;
import org.onlinebackup.driver.TableScan;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.job.common.ChunkWaits;
import org.onlinebackup.job.common.DataPartition;
import org.onlinebackup.job.common.Faults;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;

/**
 * Reader of a {@code data} partition: the key ranges of its partition, one after the other, in row blocks read on
 * its driver session's channel; when the last is read, the session finishes that channel (commits the snapshot,
 * unlocks the tables).
 */
@Named
@Dependent
public class TableChunkReader extends AbstractItemReader {
    /** About the size of a data chunk (WL#4060's DATA_BUFFER_SIZE). */
    static final int BLOCK_SIZE = 1 << 20;

    @Inject
    JobContext jobContext;
    @Inject
    @BatchProperty(name = DataPartitionMapper.PARTITION)
    String partition;

    private Connection connection;
    private BackupSession session;
    private int channel;
    private Catalogue catalogue;
    private List<DataPartition.Item> items;
    private int nextItem;
    private TableScan scan;
    private Breakpoints breakpoints;
    private Operation op;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        if (checkpoint != null) {
            throw new OnlineBackupException(Message.BACKUP_FAILED,
                    "resuming the data step of a backup is not supported yet; start a new backup");
        }
        op = Operations.of(jobContext);
        int index = Integer.parseInt(partition);
        breakpoints = op.breakpoints();
        catalogue = op.catalogue();
        if (index >= op.partitions().size()) {
            items = List.of();
            return;
        }
        DataPartition plan = op.partitions().get(index);
        session = op.sessions().get(plan.snapshot());
        channel = plan.channel();
        connection = session.channels().get(channel);
        items = plan.items();
        try {
            TableScan.prepare(connection);
        } catch (SQLException e) {
            throw channelFailure(e, "while preparing channel " + channel + " of its snapshot to read");
        }
    }

    @Override
    public Object readItem() throws Exception {
        while (true) {
            if (scan == null) {
                if (nextItem >= items.size()) {
                    finish();
                    return null;
                }
                ChunkWaits.hit(breakpoints, Breakpoint.BACKUP_CS_OPEN_TABLES);
                scan = open(items.get(nextItem++));
            }
            RowBlock block = read();
            if (block != null) {
                injectFault(block.sequence());
                if (block.sequence() == 0) {
                    ChunkWaits.hit(breakpoints, Breakpoint.BACKUP_CS_READING);
                }
                ChunkWaits.pause(breakpoints);
                return block;
            }
            scan.close();
            scan = null;
        }
    }

    /** The fault-injection points of the table being read: its first chunk, and each chunk. */
    private void injectFault(long sequence) {
        if (!Faults.armed(op)) {
            return;
        }
        TableEntry table = catalogue.tables().get(items.get(nextItem - 1).table());
        String name = catalogue.databaseOf(table).name() + "." + table.name();
        if (sequence == 0) {
            Faults.at(op, "table:" + name);
        }
        Faults.at(op, "chunk:" + name + ":" + sequence);
    }

    /** Phase finish of this partition's channel, once its last table is read. */
    private void finish() throws SQLException {
        if (session != null) {
            BackupSession s = session;
            session = null;
            try {
                s.finish(channel);
            } catch (SQLException e) {
                throw channelFailure(e, "while reading, as channel " + channel + " of its snapshot ended");
            }
        }
    }

    /** A failure on this partition's channel: a lost connection says so, {@code doing} what; any other is {@code e}. */
    private static SQLException channelFailure(SQLException e, String doing) {
        if (ServerConnections.connectionLost(e)) {
            throw ServerConnections.lost(e, doing);
        }
        return e;
    }

    private TableScan open(DataPartition.Item item) {
        TableEntry table = catalogue.tables().get(item.table());
        try {
            return new TableScan(connection, catalogue, table, item.range(), BLOCK_SIZE,
                    TableEstimates.of(op).averageRowBytes(table.number()),
                    op.part(BlockBuffers.class, () -> new BlockBuffers(BLOCK_SIZE)));
        } catch (SQLException e) {
            throw failed(table, e);
        }
    }

    private RowBlock read() {
        try {
            return scan.next();
        } catch (SQLException e) {
            throw failed(catalogue.tables().get(items.get(nextItem - 1).table()), e);
        }
    }

    private OnlineBackupException failed(TableEntry table, SQLException e) {
        if (ServerConnections.connectionLost(e)) {
            return ServerConnections.lost(e, "while reading table " + catalogue.qualifiedName(table));
        }
        return new OnlineBackupException(e, Message.BACKUP_TABLE, catalogue.qualifiedName(table), e.getErrorCode(),
                ServerConnections.serverMessage(e));
    }

    @Override
    public void close() throws Exception {
        if (scan != null) {
            scan.close();
            scan = null;
        }
    }
}
