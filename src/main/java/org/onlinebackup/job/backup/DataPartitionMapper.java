package org.onlinebackup.job.backup;

import java.util.Properties;

import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.job.common.Operations;

/**
 * Plans the {@code data} step: one partition per snapshot connection. Partition {@code i} of {@code n} backs up the
 * tables whose catalogue number is {@code i} modulo {@code n}, so the plan follows from the catalogue alone and is
 * the same on every run.
 */
@Named
@Dependent
public class DataPartitionMapper implements PartitionMapper {
    public static final String PARTITION = "partition";

    @Inject
    JobContext jobContext;

    @Override
    public PartitionPlan mapPartitions() {
        int n = Operations.of(jobContext).snapshots().size();
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(n);
        plan.setThreads(n);
        Properties[] props = new Properties[n];
        for (int i = 0; i < n; i++) {
            props[i] = new Properties();
            props[i].setProperty(PARTITION, Integer.toString(i));
        }
        plan.setPartitionProperties(props);
        return plan;
    }

    /** Whether table {@code number} belongs to {@code partition} of {@code partitions}. */
    static boolean owns(int partition, int partitions, int number) {
        return number % partitions == partition;
    }
}
