package org.onlinebackup.driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.driver.locking.LockingDriver;
import org.onlinebackup.driver.nodata.NoDataDriver;
import org.onlinebackup.driver.snapshot.ConsistentSnapshotDriver;

/**
 * The ordered list of drivers a backup asks, table by table: the first driver that accepts a table carries it.
 * Specific drivers come first, fallbacks last.
 */
public final class DriverChain {
    private final List<Driver> drivers;

    public DriverChain(List<Driver> drivers) {
        this.drivers = List.copyOf(drivers);
    }

    /** The built-in drivers: consistent snapshot (InnoDB), no data (MERGE, BLACKHOLE, FEDERATED, CONNECT, SPIDER),
     *  then the locking driver, which takes every other engine. */
    public static DriverChain builtIn() {
        return new DriverChain(List.of(new ConsistentSnapshotDriver(), new NoDataDriver(), new LockingDriver()));
    }

    /** For a backup of definitions only: the no-data driver takes every table. */
    public static DriverChain definitionsOnly() {
        return new DriverChain(List.of(new NoDataDriver(true)));
    }

    public List<Driver> drivers() {
        return drivers;
    }

    /** The driver of that name, for a restore reading an image's snapshots. */
    public Optional<Driver> byName(String name) {
        return drivers.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * The catalogue with every table given to the first driver that accepts it: one snapshot per driver that got
     * tables, in chain order. A table no driver accepts is an error naming it.
     */
    public Catalogue assign(Catalogue catalogue) {
        Map<Driver, List<Integer>> chosen = new LinkedHashMap<>();
        for (Driver d : drivers) {
            chosen.put(d, new ArrayList<>());
        }
        for (TableEntry t : catalogue.tables()) {
            Driver d = drivers.stream().filter(x -> x.accepts(t)).findFirst().orElseThrow(() ->
                    new IllegalStateException("no driver accepts table " + catalogue.qualifiedName(t) + " (engine " + t.engine() + ")"));
            chosen.get(d).add(t.number());
        }
        List<SnapshotEntry> snapshots = new ArrayList<>();
        int[] snapshotOf = new int[catalogue.tables().size()];
        for (Map.Entry<Driver, List<Integer>> e : chosen.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            for (int n : e.getValue()) {
                snapshotOf[n] = snapshots.size();
            }
            snapshots.add(new SnapshotEntry(e.getKey().name(), e.getKey().carriesData()));
        }
        List<TableEntry> tables = catalogue.tables().stream().map(t -> t.inSnapshot(snapshotOf[t.number()])).toList();
        return catalogue.withTables(snapshots, tables);
    }
}
