package org.onlinebackup.job.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.onlinebackup.driver.Driver;
import org.onlinebackup.image.v3.ChunkIndex;

class LoadPlannerTest {
    private static final Driver.RestoreOrder UNDER = Driver.RestoreOrder.UNDER_DDL_BLOCKER;
    private static final Driver.RestoreOrder BEFORE = Driver.RestoreOrder.BEFORE_DDL_BLOCKER;
    private static final Driver.RestoreOrder NONE = Driver.RestoreOrder.NONE;

    /** An index whose range r of table t has chunks of the given sizes: {@code sizes[t][r]}. */
    private static ChunkIndex index(long[][]... sizes) {
        List<ChunkIndex.Entry> out = new ArrayList<>();
        long offset = 100;
        for (int t = 0; t < sizes.length; t++) {
            for (int r = 0; r < sizes[t].length; r++) {
                for (int seq = 0; seq < sizes[t][r].length; seq++) {
                    out.add(new ChunkIndex.Entry(t, r, seq, offset, sizes[t][r][seq]));
                    offset += sizes[t][r][seq];
                }
            }
        }
        return new ChunkIndex(out);
    }

    /** Tables by stored bytes, largest first, each to the least loaded connection; other tables are left out. */
    @Test
    void tablesGoLargestFirstToTheLeastLoadedConnection() {
        ChunkIndex index = index(
                new long[][] {{500, 400}, {300}, {800}},
                new long[][] {{50}},
                new long[][] {{700}},
                new long[][] {{600}},
                new long[][] {{1000}},
                new long[][] {{990}});
        Driver.RestoreOrder[] orders = {UNDER, UNDER, BEFORE, NONE, UNDER, UNDER};
        List<List<Integer>> plan = LoadPlanner.plan(index, orders, 2);
        assertThat(plan).containsExactly(List.of(0), List.of(4, 5, 1));
        assertThat(LoadPlanner.plan(index, orders, 2)).isEqualTo(plan);
        assertThat(plan.stream().map(LoadPlanner::encode).toList()).containsExactly("0", "4,5,1");
        assertThat(LoadPlanner.decode("4,5,1")).containsExactly(4, 5, 1);
    }

    @Test
    void neverMoreConnectionsThanTablesAndOneEmptyPartitionWhenNothingLoadsHere() {
        ChunkIndex index = index(new long[][] {{10}}, new long[][] {{20}});
        assertThat(LoadPlanner.plan(index, new Driver.RestoreOrder[] {UNDER, UNDER}, 8))
                .containsExactly(List.of(1), List.of(0));
        assertThat(LoadPlanner.plan(index, new Driver.RestoreOrder[] {BEFORE, NONE}, 8)).containsExactly(List.of());
        assertThat(LoadPlanner.decode("")).isEmpty();
    }
}
