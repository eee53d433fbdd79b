package org.onlinebackup.job.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.onlinebackup.driver.Driver;
import org.onlinebackup.image.v3.ChunkIndex;
import org.onlinebackup.job.common.LeastLoaded;

/**
 * Plans the restore's {@code data} step: the key ranges of the tables it loads there are spread over at most
 * {@code connections} partitions, largest first (by the bytes their chunks take in the image), each to the partition
 * with the fewest bytes so far (ties: the lower partition; equal sizes: the lower table, then range). The plan
 * depends only on the image and the restore's parameters, so a restart plans the same partitions again.
 */
final class LoadPlanner {
    private LoadPlanner() {
    }

    /** One key range of one table (catalogue number), loaded as one unit. */
    record Piece(int table, int range) {
    }

    /**
     * @param index  the image's chunk index
     * @param ranges key ranges per table, by table number
     * @param orders when each table loads; only those loaded under the DDL blocker are planned
     */
    static List<List<Piece>> plan(ChunkIndex index, int[] ranges, Driver.RestoreOrder[] orders, int connections) {
        record Sized(Piece piece, long bytes) {
        }
        List<Sized> pieces = new ArrayList<>();
        for (int t = 0; t < orders.length; t++) {
            if (orders[t] != Driver.RestoreOrder.UNDER_DDL_BLOCKER) {
                continue;
            }
            for (int r = 0; r < ranges[t]; r++) {
                long bytes = index.of(t, r).stream().mapToLong(ChunkIndex.Entry::size).sum();
                pieces.add(new Sized(new Piece(t, r), bytes));
            }
        }
        pieces.sort(Comparator.comparingLong((Sized s) -> -s.bytes()).thenComparingInt(s -> s.piece().table())
                .thenComparingInt(s -> s.piece().range()));
        int k = Math.max(1, Math.min(connections, pieces.size()));
        return LeastLoaded.spread(pieces, Sized::bytes, k).stream().map(l -> l.stream().map(Sized::piece).toList()).toList();
    }

    /** A partition's pieces as a property value: {@code table:range,table:range,...}. */
    static String encode(List<Piece> pieces) {
        StringBuilder b = new StringBuilder();
        for (Piece p : pieces) {
            b.append(b.length() == 0 ? "" : ",").append(p.table()).append(':').append(p.range());
        }
        return b.toString();
    }

    static List<Piece> decode(String value) {
        List<Piece> out = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return out;
        }
        for (String s : value.split(",")) {
            int colon = s.indexOf(':');
            out.add(new Piece(Integer.parseInt(s.substring(0, colon)), Integer.parseInt(s.substring(colon + 1))));
        }
        return out;
    }
}
