package org.onlinebackup.job.restore;

import java.sql.Statement;

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
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;

/**
 * Step {@code prepare}: creates the databases (dropping those of the same name first when overwriting) and their
 * tables from the CREATE statements in the image, with foreign key checks off so tables can be created in any order.
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
        return "COMPLETED";
    }
}
