package org.onlinebackup.job.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.job.common.DataPartition;

class PartitionPlannerTest {

    /** Tables 0..n-1 with the given snapshots. */
    private static Catalogue catalogue(int... snapshots) {
        List<TableEntry> tables = new ArrayList<>();
        for (int i = 0; i < snapshots.length; i++) {
            tables.add(new TableEntry(i, 0, "t" + i, "InnoDB", snapshots[i], "CREATE TABLE t" + i + " (a INT)",
                    List.of(new ColumnEntry("a", "int", "int(11)", null, null, true))));
        }
        return new Catalogue(List.of(new DatabaseEntry("d", "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE d")),
                List.of(new SnapshotEntry("consistent-snapshot", true), new SnapshotEntry("no-data", false),
                        new SnapshotEntry("locking", true)), tables);
    }

    @Test
    void largestTablesFirstEachToTheLeastLoadedChannel() {
        Catalogue c = catalogue(0, 0, 0, 0, 0, 1, 2, 2);
        long[] bytes = {100, 900, 300, 300, 500, 0, 10, 20};
        List<DataPartition> plan = PartitionPlanner.plan(c, new int[] {2, 0, 1}, bytes);
        assertThat(plan).containsExactly(
                new DataPartition(0, 0, 0, List.of(1, 0)),
                new DataPartition(1, 0, 1, List.of(4, 2, 3)),
                new DataPartition(2, 2, 0, List.of(7, 6)));
        assertThat(PartitionPlanner.describe(plan)).isEqualTo("0 0 0 1,0\n1 0 1 4,2,3\n2 2 0 7,6\n");
    }

    @Test
    void equalSizesGoByTableNumberAndThePlanIsTheSameEveryTime() {
        Catalogue c = catalogue(0, 0, 0, 0, 0);
        long[] bytes = new long[5];
        List<DataPartition> plan = PartitionPlanner.plan(c, new int[] {3, 0, 0}, bytes);
        assertThat(plan).extracting(DataPartition::tables)
                .containsExactly(List.of(0, 3), List.of(1, 4), List.of(2));
        assertThat(PartitionPlanner.plan(c, new int[] {3, 0, 0}, bytes)).isEqualTo(plan);
    }

    @Test
    void noChannelNoPartition() {
        assertThat(PartitionPlanner.plan(catalogue(1, 1), new int[] {0, 0, 0}, new long[2])).isEmpty();
    }
}
