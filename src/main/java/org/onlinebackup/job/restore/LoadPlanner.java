package org.onlinebackup.job.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.onlinebackup.driver.Driver;
import org.onlinebackup.image.v3.ChunkIndex;
import org.onlinebackup.job.common.LeastLoaded;

/**
 * Plans the restore's {@code data} step: the tables it loads there are spread over at most {@code connections}
 * partitions, largest first (by the bytes their chunks take in the image), each to the partition with the fewest
 * bytes so far (ties: the lower partition; equal sizes: the lower table number). A table is one unit, all its key
 * ranges loaded by one statement: InnoDB's bulk path for an empty table locks the table, so its ranges could not
 * load in parallel anyway. The plan depends only on the image and the restore's parameters, so a restart plans the
 * same partitions again.
 */
final class LoadPlanner {
    private LoadPlanner() {
    }

    /**
     * @param index  the image's chunk index
     * @param orders when each table loads; only those loaded under the DDL blocker are planned
     * @return the table numbers of each partition, in loading order
     */
    static List<List<Integer>> plan(ChunkIndex index, Driver.RestoreOrder[] orders, int connections) {
        record Sized(int table, long bytes) {
        }
        List<Sized> tables = new ArrayList<>();
        for (int t = 0; t < orders.length; t++) {
            if (orders[t] == Driver.RestoreOrder.UNDER_DDL_BLOCKER) {
                tables.add(new Sized(t, index.of(t).stream().mapToLong(ChunkIndex.Entry::size).sum()));
            }
        }
        tables.sort(Comparator.comparingLong((Sized s) -> -s.bytes()).thenComparingInt(Sized::table));
        int k = Math.max(1, Math.min(connections, tables.size()));
        return LeastLoaded.spread(tables, Sized::bytes, k).stream().map(l -> l.stream().map(Sized::table).toList()).toList();
    }

    /** A partition's tables as a property value: {@code 3,0,7}. */
    static String encode(List<Integer> tables) {
        return String.join(",", tables.stream().map(String::valueOf).toList());
    }

    static List<Integer> decode(String value) {
        List<Integer> out = new ArrayList<>();
        if (value != null && !value.isEmpty()) {
            for (String s : value.split(",")) {
                out.add(Integer.parseInt(s));
            }
        }
        return out;
    }
}
