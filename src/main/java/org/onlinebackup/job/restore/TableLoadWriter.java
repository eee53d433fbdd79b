package org.onlinebackup.job.restore;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.OperationStopped;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.job.common.PartitionAbandoned;

/**
 * Writer of a restore {@code data} partition: loads each table it is given, whole ({@link TableLoads}), on the
 * partition's own connection, with foreign key checks off (rows of a child table may come before its parent's),
 * and lock waits bounded by the lock timeout, so a load that waits for a lock fails with that table named instead of
 * waiting a day. A partition stops as soon as another one has failed; a stop ends the table being loaded, which
 * stays out of the checkpoint.
 */
@Named
@Dependent
public class TableLoadWriter extends AbstractItemWriter {
    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;

    private Operation op;
    private Connection connection;
    private Catalogue catalogue;
    private Map<String, String> targets;

    @Override
    public void open(java.io.Serializable checkpoint) throws Exception {
        op = Operations.of(jobContext);
        catalogue = op.catalogue();
        targets = RestoreScope.targets(catalogue, jobContext.getProperties());
        connection = ServerConnections.open(op.address());
        try (Statement s = connection.createStatement()) {
            s.execute("SET SESSION foreign_key_checks = 0, lock_wait_timeout = "
                    + JobParams.lockTimeout(jobContext.getProperties()).toSeconds());
        }
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        for (Object o : items) {
            PartitionAbandoned.check(op);
            try {
                TableLoads.load(op, connection, catalogue, targets, (Integer) o);
            } catch (OperationStopped stopped) {
                // not loaded: the checkpoint leaves it out, and JBeret stops the step at that checkpoint
                stepContext.setTransientUserData(LoadTableReader.NOT_LOADED);
                return;
            }
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
