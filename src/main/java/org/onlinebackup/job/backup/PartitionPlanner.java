package org.onlinebackup.job.backup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.job.common.DataPartition;

/**
 * Plans the data step: the tables of each snapshot are spread over its session's channels, largest first, each to
 * the channel with the fewest bytes so far (ties: the lower channel; equal sizes: the lower table number). The plan
 * depends only on the catalogue, the channel counts and the size estimates, and is written to the work directory.
 */
final class PartitionPlanner {
    private PartitionPlanner() {
    }

    /**
     * @param channels       channels of each snapshot's session, by snapshot number
     * @param estimatedBytes estimated size of each table, by table number
     */
    static List<DataPartition> plan(Catalogue catalogue, int[] channels, long[] estimatedBytes) {
        List<DataPartition> out = new ArrayList<>();
        for (int s = 0; s < catalogue.snapshots().size(); s++) {
            int k = channels[s];
            if (k == 0) {
                continue;
            }
            final int snapshot = s;
            List<TableEntry> tables = catalogue.tables().stream().filter(t -> t.snapshot() == snapshot)
                    .sorted(Comparator.comparingLong((TableEntry t) -> -size(estimatedBytes, t.number()))
                            .thenComparingInt(TableEntry::number))
                    .toList();
            List<List<Integer>> assigned = new ArrayList<>();
            long[] load = new long[k];
            for (int c = 0; c < k; c++) {
                assigned.add(new ArrayList<>());
            }
            for (TableEntry t : tables) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (load[c] < load[best]) {
                        best = c;
                    }
                }
                assigned.get(best).add(t.number());
                load[best] += Math.max(1, size(estimatedBytes, t.number()));
            }
            for (int c = 0; c < k; c++) {
                if (!assigned.get(c).isEmpty()) {
                    out.add(new DataPartition(out.size(), s, c, assigned.get(c)));
                }
            }
        }
        return out;
    }

    private static long size(long[] estimatedBytes, int table) {
        return table < estimatedBytes.length ? estimatedBytes[table] : 0;
    }

    /** The plan as text, one partition per line: {@code index snapshot channel table,table,...}. */
    static String describe(List<DataPartition> plan) {
        StringBuilder b = new StringBuilder();
        for (DataPartition p : plan) {
            b.append(p.index()).append(' ').append(p.snapshot()).append(' ').append(p.channel()).append(' ');
            b.append(String.join(",", p.tables().stream().map(String::valueOf).toList())).append('\n');
        }
        return b.toString();
    }
}
