package org.onlinebackup.job.restore;

import java.io.Serializable;
import java.util.List;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Reader of a restore {@code data} partition: the numbers of the tables it loads ({@link LoadPartitionMapper#TABLES}),
 * in order; the writer streams each table's chunks from the image. Its checkpoint is how many tables were loaded
 * (each load commits whole).
 */
@Named
@Dependent
public class LoadTableReader extends AbstractItemReader {
    @Inject
    @BatchProperty(name = LoadPartitionMapper.TABLES)
    String tables;

    /** The writer's mark, in the partition's transient data, that a stop left the last table read unloaded. */
    static final String NOT_LOADED = "not loaded";

    @Inject
    StepContext stepContext;

    private List<Integer> plan;
    private int next;

    @Override
    public void open(Serializable checkpoint) {
        plan = LoadPlanner.decode(tables);
        next = checkpoint == null ? 0 : (Integer) checkpoint;
    }

    @Override
    public Object readItem() {
        return next < plan.size() ? plan.get(next++) : null;
    }

    @Override
    public Serializable checkpointInfo() {
        return NOT_LOADED.equals(stepContext.getTransientUserData()) ? next - 1 : next;
    }
}
