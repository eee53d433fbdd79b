package org.onlinebackup.job.restore;

import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.lock.Breakpoints;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.TableLoad;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.job.common.PartitionAbandoned;

/**
 * Writer of a restore {@code data} partition: loads each chunk into its table on the partition's own connection,
 * with foreign key checks off (rows of a child table may come before its parent's), and lock waits bounded by the
 * lock timeout, so a load that waits for a lock fails with that table named instead of waiting a day. A partition
 * stops as soon as another one has failed.
 */
@Named
@Dependent
public class TableLoadWriter extends AbstractItemWriter {
    @Inject
    JobContext jobContext;

    private Operation op;
    private Connection connection;
    private Catalogue catalogue;
    private Map<String, String> targets;
    private RestoreLedger ledger;
    private Breakpoints breakpoints;
    private final Map<Integer, TableLoad> loads = new HashMap<>();

    @Override
    public void open(java.io.Serializable checkpoint) throws Exception {
        op = Operations.of(jobContext);
        catalogue = op.catalogue();
        targets = RestoreScope.targets(catalogue, jobContext.getProperties());
        ledger = op.part(RestoreLedger.class, RestoreLedger::new);
        breakpoints = op.breakpoints();
        connection = ServerConnections.open(op.address());
        try (Statement s = connection.createStatement()) {
            s.execute("SET SESSION foreign_key_checks = 0, lock_wait_timeout = "
                    + JobParams.lockTimeout(jobContext.getProperties()).toSeconds());
        }
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        PartitionAbandoned.check(op);
        for (Object o : items) {
            ImageChunkReader.Item item = (ImageChunkReader.Item) o;
            int t = item.chunk().table();
            TableLoad load = loads.get(t);
            if (load == null) {
                breakpoints.hit(Breakpoint.RESTORE_TABLE_DATA);
                TableEntry table = catalogue.tables().get(t);
                load = new TableLoad(connection, RestorePrepareBatchlet.targetName(catalogue, targets, table), table);
                loads.put(t, load);
            }
            if (item.chunk().rows() > 0) {
                ledger.loaded(targets.get(catalogue.databaseOf(catalogue.tables().get(t)).name()));
            }
            load.load(item.chunk(), item.offset());
            breakpoints.pause();
        }
    }

    @Override
    public void close() throws Exception {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
