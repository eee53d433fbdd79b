package org.onlinebackup.job.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.driver.KeyRange;
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

    private static List<DataPartition.Item> whole(int... tables) {
        List<DataPartition.Item> out = new ArrayList<>();
        for (int t : tables) {
            out.add(new DataPartition.Item(t, KeyRange.WHOLE));
        }
        return out;
    }

    @Test
    void largestTablesFirstEachToTheLeastLoadedChannel() {
        Catalogue c = catalogue(0, 0, 0, 0, 0, 1, 2, 2);
        long[] bytes = {100, 900, 300, 300, 500, 0, 10, 20};
        List<DataPartition> plan = PartitionPlanner.plan(c, new int[] {2, 0, 1}, bytes, Map.of());
        assertThat(plan).containsExactly(
                new DataPartition(0, 0, 0, whole(1, 0)),
                new DataPartition(1, 0, 1, whole(4, 2, 3)),
                new DataPartition(2, 2, 0, whole(7, 6)));
        assertThat(PartitionPlanner.describe(plan)).isEqualTo("0 0 0 1:0:*,0:0:*\n1 0 1 4:0:*,2:0:*,3:0:*\n2 2 0 7:0:*,6:0:*\n");
        assertThat(PartitionPlanner.rangesPerTable(c, plan)).containsExactly(1, 1, 1, 1, 1, 0, 1, 1);
    }

    /** A table split in key ranges spreads over the channels as pieces of its size divided by its ranges. */
    @Test
    void theRangesOfASplitTableSpreadOverTheChannels() {
        Catalogue c = catalogue(0, 0);
        long[] bytes = {900, 200};
        List<KeyRange> ranges = List.of(new KeyRange(0, "a", null, "100"), new KeyRange(1, "a", "100", "200"),
                new KeyRange(2, "a", "200", null));
        List<DataPartition> plan = PartitionPlanner.plan(c, new int[] {2, 0, 0}, bytes, Map.of(0, ranges));
        assertThat(plan).containsExactly(
                new DataPartition(0, 0, 0, List.of(new DataPartition.Item(0, ranges.get(0)), new DataPartition.Item(0, ranges.get(2)))),
                new DataPartition(1, 0, 1, List.of(new DataPartition.Item(0, ranges.get(1)), new DataPartition.Item(1, KeyRange.WHOLE))));
        assertThat(PartitionPlanner.describe(plan)).isEqualTo("0 0 0 0:0:a[,100),0:2:a[200,)\n1 0 1 0:1:a[100,200),1:0:*\n");
        assertThat(PartitionPlanner.rangesPerTable(c, plan)).containsExactly(3, 1);
    }

    @Test
    void equalSizesGoByTableNumberAndThePlanIsTheSameEveryTime() {
        Catalogue c = catalogue(0, 0, 0, 0, 0);
        long[] bytes = new long[5];
        List<DataPartition> plan = PartitionPlanner.plan(c, new int[] {3, 0, 0}, bytes, Map.of());
        assertThat(plan).extracting(DataPartition::items)
                .containsExactly(whole(0, 3), whole(1, 4), whole(2));
        assertThat(PartitionPlanner.plan(c, new int[] {3, 0, 0}, bytes, Map.of())).isEqualTo(plan);
    }

    @Test
    void noChannelNoPartition() {
        assertThat(PartitionPlanner.plan(catalogue(1, 1), new int[] {0, 0, 0}, new long[2], Map.of())).isEmpty();
    }
}
