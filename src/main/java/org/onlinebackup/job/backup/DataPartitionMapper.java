package org.onlinebackup.job.backup;

import java.util.List;
import java.util.Properties;

import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.job.common.DataPartition;
import org.onlinebackup.job.common.Faults;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;

/**
 * Maps the {@code data} step onto the plan the validity-point step made ({@link PartitionPlanner}): one partition,
 * and one thread, per channel that has tables to read (one empty partition when no table has data).
 */
@Named
@Dependent
public class DataPartitionMapper implements PartitionMapper {
    public static final String PARTITION = "partition";

    @Inject
    JobContext jobContext;

    @Override
    public PartitionPlan mapPartitions() {
        Operation op = Operations.of(jobContext);
        Faults.at(op, "step:data");
        List<DataPartition> partitions = op.partitions();
        int n = Math.max(1, partitions.size());
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(n);
        plan.setThreads(n);
        Properties[] props = new Properties[n];
        for (int i = 0; i < n; i++) {
            props[i] = new Properties();
            props[i].setProperty(PARTITION, Integer.toString(i));
        }
        plan.setPartitionProperties(props);
        // a restarted backup reads every partition from its start, at its own validity point: never from the
        // checkpoints of an earlier execution, whose snapshot is gone
        plan.setPartitionsOverride(true);
        return plan;
    }
}
