package org.onlinebackup.driver.nodata;

import java.sql.Connection;
import java.util.List;
import java.util.Set;

import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.driver.BackupContext;
import org.onlinebackup.driver.BackupSession;
import org.onlinebackup.driver.Driver;

/**
 * The no-data driver, for tables that keep no rows of their own: MERGE (its rows are in its MyISAM tables),
 * BLACKHOLE (none), FEDERATED/FEDERATEDX, CONNECT and SPIDER (rows on another server or in outside files). The
 * image keeps their definitions only, and the restore creates them empty. A backup of definitions only
 * ({@code --no-data}) gives it every table.
 */
public final class NoDataDriver implements Driver {
    public static final String NAME = "no-data";
    private static final Set<String> ENGINES = Set.of("mrg_myisam", "merge", "blackhole", "federated", "federatedx",
            "connect", "spider");

    private final boolean everyTable;

    /** The driver for the engines above. */
    public NoDataDriver() {
        this(false);
    }

    /** {@code everyTable}: the driver takes every table, whatever its engine. */
    public NoDataDriver(boolean everyTable) {
        this.everyTable = everyTable;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(TableEntry table) {
        return everyTable || table.engine() != null && ENGINES.contains(table.engine().toLowerCase());
    }

    @Override
    public boolean carriesData() {
        return false;
    }

    @Override
    public RestoreOrder restoreOrder() {
        return RestoreOrder.NONE;
    }

    @Override
    public BackupSession backup(BackupContext context) {
        return new BackupSession() {
            @Override
            public void prepare() {
            }

            @Override
            public void lock() {
            }

            @Override
            public void unlock() {
            }

            @Override
            public List<Connection> channels() {
                return List.of();
            }

            @Override
            public void finish(int channel) {
                throw new IndexOutOfBoundsException("the no-data driver has no channel " + channel);
            }

            @Override
            public void cancel() {
            }
        };
    }
}
