package org.onlinebackup.feedback;

import java.util.List;

/**
 * A list of names as an argument of a {@link Message}: written out in full, or, where a line must stay short,
 * shortened in the middle with a count ({@code `a`, `b`, … and 37 more …, `z`}), never cut at the end.
 * The items are written as given (quote names before).
 */
public record NameList(List<String> items) {

    public NameList {
        items = List.copyOf(items);
    }

    public static NameList of(List<String> items) {
        return new NameList(items);
    }

    @Override
    public String toString() {
        return String.join(", ", items);
    }

    /** At most {@code keep} items (at least 2): the first ones, the count of those left out, the last one. */
    public String shortened(int keep) {
        int k = Math.max(2, keep);
        if (items.size() <= k) {
            return toString();
        }
        int head = k - 1;
        return String.join(", ", items.subList(0, head)) + ", … and " + (items.size() - k) + " more …, "
                + items.get(items.size() - 1);
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }
}
