package org.onlinebackup.job.restore;

import java.nio.file.Path;
import java.util.Properties;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.sql.DefinitionChecker;
import org.onlinebackup.driver.Driver;
import org.onlinebackup.driver.DriverChain;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * When a restore loads each table of an image: the {@link Driver.RestoreOrder} of its snapshot's driver, or
 * {@code NONE} for a table of a database it does not restore. A table whose defaults take values from a sequence
 * loads before the DDL blocker whatever its driver: writing it locks the sequence, and a MyISAM or Aria sequence,
 * like any non-transactional table, waits for the server's backup lock, which the restore's own DDL blocker holds.
 */
final class RestoreOrders {
    private RestoreOrders() {
    }

    /**
     * By table number, for the restore of these parameters: {@code NONE} for a table it does not create, and for
     * every table of a restore of definitions only. Fails naming the first snapshot driver this version does not have.
     */
    static Driver.RestoreOrder[] of(Catalogue catalogue, Path image, Properties p) {
        DefinitionChecker.Scope scope = RestoreScope.checkerScope(RestoreScope.targets(catalogue, p), p);
        DriverChain chain = DriverChain.builtIn();
        Driver.RestoreOrder[] bySnapshot = new Driver.RestoreOrder[catalogue.snapshots().size()];
        for (int s = 0; s < bySnapshot.length; s++) {
            String name = catalogue.snapshots().get(s).driver();
            Driver d = chain.byName(name).orElseThrow(() -> new OnlineBackupException(Message.IMAGE_DRIVER_UNKNOWN, image, name));
            bySnapshot[s] = catalogue.snapshots().get(s).data() ? d.restoreOrder() : Driver.RestoreOrder.NONE;
        }
        Driver.RestoreOrder[] out = new Driver.RestoreOrder[catalogue.tables().size()];
        for (int t = 0; t < out.length; t++) {
            TableEntry table = catalogue.tables().get(t);
            Driver.RestoreOrder order = bySnapshot[table.snapshot()];
            if (!scope.creates(catalogue, table) || scope.selection().noData()) {
                order = Driver.RestoreOrder.NONE;
            } else if (order == Driver.RestoreOrder.UNDER_DDL_BLOCKER && DefinitionChecker.usesSequence(table)) {
                order = Driver.RestoreOrder.BEFORE_DDL_BLOCKER;
            }
            out[t] = order;
        }
        return out;
    }
}
