package org.onlinebackup.job.common;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;

/** The engines of an image and the driver of each, for the history's {@code engines} column. */
public final class Engines {
    private Engines() {
    }

    /** {@code InnoDB (consistent-snapshot), MyISAM (locking)}: engines in name order, each with its drivers. */
    public static String describe(Catalogue catalogue) {
        Map<String, TreeSet<String>> drivers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (TableEntry t : catalogue.tables()) {
            drivers.computeIfAbsent(t.engine(), k -> new TreeSet<>()).add(catalogue.snapshots().get(t.snapshot()).driver());
        }
        return drivers.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }
}
