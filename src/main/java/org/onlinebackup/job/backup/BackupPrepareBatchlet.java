package org.onlinebackup.job.backup;

import java.util.Properties;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.server.ServerCatalogueReader;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.server.AccountReader;
import org.onlinebackup.driver.DriverChain;
import org.onlinebackup.image.v3.ImageCipher;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationBatchlet;
import org.onlinebackup.lock.Breakpoint;

/**
 * Step {@code prepare}: reads the catalogue of the databases (every object's CREATE statement as the server writes
 * it, column types), gives each table to the first driver of the {@link DriverChain} that accepts it, and creates
 * the work directory. Each note of the catalogue (what it cannot carry, what it needs from outside the image) is a
 * warning, and stays in the image for {@code list} and the restore.
 */
@Named
@Dependent
public class BackupPrepareBatchlet extends OperationBatchlet {

    @Override
    protected String run(Operation op) throws Exception {
        op.breakpoints().hit(Breakpoint.BACKUP_META);
        Selection selection = JobParams.selection(jobContext.getProperties());
        op.log().note("Backing up database(s) " + Identifiers.quoteAll(op.databases())
                + (selection.isEverything() ? "" : ", selected with " + selection.describe()));
        ServerCatalogueReader reader = new ServerCatalogueReader(op.control());
        DriverChain drivers = selection.noData() ? DriverChain.definitionsOnly() : DriverChain.builtIn();
        Catalogue catalogue = drivers.assign(reader.read(op.databases(), selection));
        if (JobParams.flag(jobContext.getProperties(), JobParams.USERS)) {
            AccountReader accounts = new AccountReader(op.control());
            catalogue = catalogue.withAccounts(accounts.read(op.databases()), accounts.notes());
        }
        for (String note : catalogue.notes()) {
            op.warn(note);
        }
        unauthenticated(op, catalogue);
        op.catalogue(catalogue);
        TableEstimates estimates = new TableEstimates(reader.estimatedRows(), reader.estimatedBytes());
        op.part(TableEstimates.class, () -> estimates);
        planned(op, catalogue, reader.estimatedRows(), reader.estimatedBytes());
        op.workspace().create(jobContext.getInstanceId());
        op.workspace(op.workspace(), true);
        return "COMPLETED";
    }

    /**
     * An image neither signed nor encrypted is trusted by no restore: it says so now, when its objects will not run
     * as recorded, rather than at the restore.
     */
    private void unauthenticated(Operation op, Catalogue catalogue) {
        Properties p = jobContext.getProperties();
        if (!p.getProperty(JobParams.SIGN_KEY, "").isBlank() || op.part(ImageCipher.class) != null) {
            return;
        }
        long bound = catalogue.objects().stream().filter(o -> o.kind() != ObjectKind.SEQUENCE).count();
        if (bound > 0) {
            op.warn("the image is neither signed (--sign-key) nor encrypted: a restore will not trust it, and will run its "
                    + bound + " view(s), trigger(s), routine(s) and event(s) as an account bound to the databases it restores,"
                    + " not as their definers, with its events disabled");
        }
    }

    /** Tells the watcher the server's estimates for the tables whose rows will be read (TABLE_ROWS, DATA_LENGTH). */
    private static void planned(Operation op, Catalogue catalogue, long[] rows, long[] bytes) {
        int tables = 0;
        long r = 0;
        long b = 0;
        for (TableEntry t : catalogue.tables()) {
            if (catalogue.snapshots().get(t.snapshot()).data()) {
                tables++;
                r += rows[t.number()];
                b += bytes[t.number()];
            }
        }
        op.progress().planned(tables, r, b, true);
    }
}
