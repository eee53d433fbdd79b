package org.onlinebackup.job.backup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.driver.KeyRange;
import org.onlinebackup.job.common.DataPartition;
import org.onlinebackup.job.common.LeastLoaded;

/**
 * Plans the data step: the key ranges of the tables of each snapshot (a table not split is one range) are spread
 * over its session's channels, largest first, each to the channel with the fewest bytes so far (ties: the lower
 * channel; equal sizes: the lower table number, then range). A range's size is its table's estimate divided by its
 * number of ranges. The plan depends only on the catalogue, the ranges, the channel counts and the size estimates,
 * and is written to the work directory.
 */
final class PartitionPlanner {
    private PartitionPlanner() {
    }

    /**
     * @param channels       channels of each snapshot's session, by snapshot number
     * @param estimatedBytes estimated size of each table, by table number
     * @param ranges         the key ranges of the tables that are split, by table number
     */
    static List<DataPartition> plan(Catalogue catalogue, int[] channels, long[] estimatedBytes, Map<Integer, List<KeyRange>> ranges) {
        return plan(catalogue, channels, estimatedBytes, ranges, (table, range) -> false);
    }

    /** The plan without the key ranges {@code kept} says (table, range index) a restart keeps from the earlier image. */
    static List<DataPartition> plan(Catalogue catalogue, int[] channels, long[] estimatedBytes, Map<Integer, List<KeyRange>> ranges,
            BiPredicate<Integer, Integer> kept) {
        List<DataPartition> out = new ArrayList<>();
        for (int s = 0; s < catalogue.snapshots().size(); s++) {
            int k = channels[s];
            if (k == 0) {
                continue;
            }
            List<Piece> pieces = new ArrayList<>();
            for (TableEntry t : catalogue.tables()) {
                if (t.snapshot() != s) {
                    continue;
                }
                List<KeyRange> rs = ranges.getOrDefault(t.number(), List.of(KeyRange.WHOLE));
                for (KeyRange r : rs) {
                    if (kept.test(t.number(), r.index())) {
                        continue;
                    }
                    pieces.add(new Piece(new DataPartition.Item(t.number(), r), Math.max(1, size(estimatedBytes, t.number()) / rs.size())));
                }
            }
            pieces.sort(Comparator.comparingLong((Piece p) -> -p.bytes()).thenComparingInt(p -> p.item().table())
                    .thenComparingInt(p -> p.item().range().index()));
            List<List<Piece>> assigned = LeastLoaded.spread(pieces, Piece::bytes, k);
            for (int c = 0; c < k; c++) {
                if (!assigned.get(c).isEmpty()) {
                    out.add(new DataPartition(out.size(), s, c, assigned.get(c).stream().map(Piece::item).toList()));
                }
            }
        }
        return out;
    }

    private record Piece(DataPartition.Item item, long bytes) {
    }

    private static long size(long[] estimatedBytes, int table) {
        return table < estimatedBytes.length ? estimatedBytes[table] : 0;
    }

    /** How many key ranges each table has in the plan, by table number (0: the table has no data in the image). */
    static int[] rangesPerTable(Catalogue catalogue, List<DataPartition> plan) {
        int[] out = new int[catalogue.tables().size()];
        for (DataPartition p : plan) {
            for (DataPartition.Item i : p.items()) {
                out[i.table()] = Math.max(out[i.table()], i.range().index() + 1);
            }
        }
        return out;
    }

    /** How many key ranges of each table the plan reads, by table number (fewer than it has when a restart keeps some). */
    static int[] plannedRanges(Catalogue catalogue, List<DataPartition> plan) {
        int[] out = new int[catalogue.tables().size()];
        for (DataPartition p : plan) {
            for (DataPartition.Item i : p.items()) {
                out[i.table()]++;
            }
        }
        return out;
    }

    /** The plan as text, one partition per line: {@code index snapshot channel table:range,table:range,...}. */
    static String describe(List<DataPartition> plan) {
        StringBuilder b = new StringBuilder();
        for (DataPartition p : plan) {
            b.append(p.index()).append(' ').append(p.snapshot()).append(' ').append(p.channel()).append(' ');
            b.append(String.join(",", p.items().stream().map(i -> i.table() + ":" + i.range().describe()).toList())).append('\n');
        }
        return b.toString();
    }
}
