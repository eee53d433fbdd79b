package org.onlinebackup.job.restore;

import java.util.List;
import java.util.Properties;

import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jberet.runtime.StepExecutionImpl;
import org.jberet.runtime.context.JobContextImpl;
import org.jberet.runtime.context.StepContextImpl;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.job.common.ChunkWaits;
import org.onlinebackup.job.common.Faults;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.lock.Breakpoint;

/**
 * Maps the restore's {@code data} step onto the plan of {@link LoadPlanner}: one partition, one thread and one
 * connection per group of tables, as many as {@code parallel} allows (one empty partition when nothing loads here).
 * Each partition's tables travel in its {@value #TABLES} property.
 */
@Named
@Dependent
public class LoadPartitionMapper implements PartitionMapper {
    public static final String TABLES = "tables";

    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;

    @Override
    public PartitionPlan mapPartitions() throws Exception {
        Operation op = Operations.of(jobContext);
        Faults.at(op, "step:data");
        ChunkWaits.hit(op.breakpoints(), Breakpoint.RESTORE_DATA);
        ImageReader image = op.image();
        Properties p = jobContext.getProperties();
        List<List<Integer>> plan = LoadPlanner.plan(image.index(),
                RestoreOrders.of(image.catalogue(), image.file(), p),
                JobParams.parallel(p));
        PartitionPlanImpl out = new PartitionPlanImpl();
        out.setPartitions(plan.size());
        out.setThreads(plan.size());
        Properties[] props = new Properties[plan.size()];
        for (int i = 0; i < props.length; i++) {
            props[i] = new Properties();
            props[i].setProperty(TABLES, LoadPlanner.encode(plan.get(i)));
        }
        out.setPartitionProperties(props);
        out.setPartitionsOverride(!checkpointsCover(plan.size()));
        if (out.getPartitionsOverride() && stepContext instanceof StepContextImpl step && step.getOriginalStepExecution() != null) {
            op.log().note("The earlier execution of this restore left no checkpoint of some data partitions: every"
                    + " table is looked at again, and those found loaded whole are kept");
        }
        return out;
    }

    /**
     * Whether JBeret can take the partitions up from the earlier execution's checkpoints: it runs again only the
     * partitions recorded as not completed, so a partition with no record at all (the earlier step ended, or its
     * process died, before it began) would never run. Then, and on a first execution, the plan is run whole; every
     * table load looks first at what is there ({@link TableLoads}), so nothing is loaded twice either way.
     */
    private boolean checkpointsCover(int partitions) {
        if (!(stepContext instanceof StepContextImpl step) || step.getOriginalStepExecution() == null
                || !(jobContext instanceof JobContextImpl job)) {
            return false;
        }
        StepExecutionImpl earlier = step.getOriginalStepExecution();
        return job.getJobRepository().getPartitionExecutions(earlier.getStepExecutionId(), earlier, false,
                job.getClassLoader()).size() == partitions;
    }
}
