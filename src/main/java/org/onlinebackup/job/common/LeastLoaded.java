package org.onlinebackup.job.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Spreads pieces of work over workers, each piece in the order given (largest first, for the usual greedy plan) to
 * the worker with the fewest bytes so far, the lower worker on a tie. Shared by the backup's and the restore's
 * partition plans.
 */
public final class LeastLoaded {
    private LeastLoaded() {
    }

    /** {@code pieces} spread over {@code workers} lists, in order. */
    public static <T> List<List<T>> spread(List<T> pieces, ToLongFunction<T> bytes, int workers) {
        List<List<T>> out = new ArrayList<>(workers);
        long[] load = new long[workers];
        for (int w = 0; w < workers; w++) {
            out.add(new ArrayList<>());
        }
        for (T p : pieces) {
            int best = 0;
            for (int w = 1; w < workers; w++) {
                if (load[w] < load[best]) {
                    best = w;
                }
            }
            out.get(best).add(p);
            load[best] += bytes.applyAsLong(p);
        }
        return out;
    }
}
