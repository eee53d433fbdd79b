package org.onlinebackup.job.restore;

import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.Driver;
import org.onlinebackup.driver.TableLoad;
import org.onlinebackup.image.v2.DataChunk;
import org.onlinebackup.image.v2.ImageReader;
import org.onlinebackup.image.v2.Summary;
import org.onlinebackup.lock.DdlBlocker;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.job.common.TableProgress;

/**
 * Step {@code prepare}: creates the databases (dropping those of the same name first when overwriting) and their
 * tables from the CREATE statements in the image, with foreign key checks off so tables can be created in any order.
 * It then loads the tables of drivers that restore before the DDL blocker (the server's backup lock would hold
 * writes to MyISAM and CSV tables), and takes the DDL blocker, held until the restore ends.
 *
 * @see <a href="https://mariadb.com/kb/en/server-system-variables/#foreign_key_checks">foreign_key_checks</a>
 */
@Named
@Dependent
public class RestorePrepareBatchlet extends AbstractBatchlet {
    @Inject
    JobContext jobContext;

    @Override
    public String process() throws Exception {
        Operation op = Operations.of(jobContext);
        op.breakpoints().hit(Breakpoint.RESTORE_META);
        Catalogue catalogue = op.catalogue();
        boolean overwrite = Boolean.parseBoolean(jobContext.getProperties().getProperty(JobParams.OVERWRITE));
        op.log().note("Restoring database(s) " + Identifiers.quoteAll(op.databases()));
        Summary summary = op.image().summary();
        op.progress().planned((int) summary.tables().stream().filter(t -> t.chunks() > 0).count(), summary.rows(),
                summary.tables().stream().mapToLong(Summary.TableStats::bytes).sum(), false);
        try (Statement s = op.control().createStatement()) {
            s.execute("SET SESSION foreign_key_checks = 0");
            for (int d = 0; d < catalogue.databases().size(); d++) {
                DatabaseEntry db = catalogue.databases().get(d);
                op.serverChanged(true);
                if (overwrite) {
                    s.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(db.name()));
                }
                s.execute(db.createStatement());
                s.execute("USE " + Identifiers.quote(db.name()));
                for (TableEntry t : catalogue.tables()) {
                    if (t.database() == d) {
                        s.execute(t.createStatement());
                    }
                }
            }
        }
        loadBeforeDdlBlocker(op);
        op.ddlBlocker(DdlBlocker.acquire(ServerConnections.open(op.address()),
                JobParams.lockTimeout(jobContext.getProperties())));
        return "COMPLETED";
    }

    /** Loads the tables whose engines the server's backup lock would keep from being written (MyISAM, CSV...). */
    private static void loadBeforeDdlBlocker(Operation op) throws Exception {
        ImageReader image = op.image();
        Catalogue catalogue = op.catalogue();
        Driver.RestoreOrder[] orders = RestoreOrders.of(catalogue, image.file());
        Map<Integer, TableLoad> loads = new HashMap<>();
        TableProgress progress = new TableProgress(op);
        try (ImageReader.Chunks chunks = image.chunks(image.dataStart())) {
            for (DataChunk c = chunks.next(); c != null; c = chunks.next()) {
                if (orders[c.table()] != Driver.RestoreOrder.BEFORE_DDL_BLOCKER) {
                    continue;
                }
                TableLoad load = loads.get(c.table());
                if (load == null) {
                    op.breakpoints().hit(Breakpoint.RESTORE_TABLE_DATA);
                    load = new TableLoad(op.control(), catalogue, catalogue.tables().get(c.table()));
                    loads.put(c.table(), load);
                }
                load.load(c, chunks.lastOffset());
                op.progress().read(c.rows(), c.payloadLength());
                progress.add(c.table(), c.rows(), c.payloadLength(), c.last());
                op.breakpoints().pause();
            }
        }
    }
}
