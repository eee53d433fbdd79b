package org.onlinebackup.job.backup;

import java.util.List;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.ServerCatalogueReader;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;

/**
 * Step {@code prepare}: reads the catalogue of the databases (CREATE statements as the server writes them, column
 * types) and creates the work directory. Objects the image cannot carry yet are named in a warning.
 */
@Named
@Dependent
public class BackupPrepareBatchlet extends AbstractBatchlet {
    /** The snapshot driver that carries every table's data. */
    public static final String SNAPSHOT_DRIVER = "consistent-snapshot";

    @Inject
    JobContext jobContext;

    @Override
    public String process() throws Exception {
        Operation op = Operations.of(jobContext);
        op.breakpoints().hit(Breakpoint.BACKUP_META);
        op.log().note("Backing up database(s) " + Identifiers.quoteAll(op.databases()));
        ServerCatalogueReader reader = new ServerCatalogueReader(op.control());
        Catalogue catalogue = reader.read(op.databases(), SNAPSHOT_DRIVER);
        List<String> skipped = reader.skipped();
        if (!skipped.isEmpty()) {
            op.warn("not in the image (this version carries databases and base tables only): " + String.join(", ", skipped));
        }
        for (TableEntry t : catalogue.tables()) {
            if (!"InnoDB".equalsIgnoreCase(t.engine())) {
                op.warn("table " + catalogue.qualifiedName(t) + " uses engine " + t.engine()
                        + ": its data is read without a lock, and rows written during the backup may be in the image");
            }
        }
        op.catalogue(catalogue);
        op.workspace().create();
        op.workspace(op.workspace(), true);
        return "COMPLETED";
    }
}
