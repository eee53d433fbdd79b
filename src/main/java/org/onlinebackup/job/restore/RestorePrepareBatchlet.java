package org.onlinebackup.job.restore;

import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.RestorePhase;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.server.ServerCatalogueReader;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.Driver;
import org.onlinebackup.image.v3.Summary;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationBatchlet;
import org.onlinebackup.job.common.StopSignal;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.lock.DdlBlocker;

/**
 * Step {@code prepare}: creates what holds the data, in the plan's order: the accounts (with {@code users}), the
 * databases (dropping those of the same name first when overwriting), sequences set to their values, tables,
 * routines and views, with foreign key checks off so tables can be created in any order. Nothing that fires is
 * created yet: triggers and events come after the data. It then loads the tables of drivers that restore before
 * the DDL blocker (the server's backup lock would hold writes to MyISAM and CSV tables), and takes the DDL blocker,
 * held until the data is in.
 *
 * @see <a href="https://mariadb.com/kb/en/server-system-variables/#foreign_key_checks">foreign_key_checks</a>
 */
@Named
@Dependent
public class RestorePrepareBatchlet extends OperationBatchlet {

    @Override
    protected String run(Operation op) throws Exception {
        op.breakpoints().hit(Breakpoint.RESTORE_META);
        Properties p = jobContext.getProperties();
        Catalogue catalogue = op.catalogue();
        Map<String, String> targets = RestoreScope.targets(catalogue, p);
        RestorePlan plan = RestoreScope.plan(catalogue, p);
        RestoreLedger ledger = op.part(RestoreLedger.class, RestoreLedger::new);
        op.log().note("Restoring database(s) " + Identifiers.quoteAll(op.databases()));
        Summary summary = op.image().summary();
        op.progress().planned((int) summary.tables().stream().filter(t -> t.chunks() > 0).count(), summary.rows(),
                summary.rawBytes(), false);
        try (Statement s = op.control().createStatement()) {
            s.execute("SET SESSION foreign_key_checks = 0, lock_wait_timeout = " + JobParams.lockTimeout(p).toSeconds());
        }
        PlanRunner runner = new PlanRunner(op, plan);
        if (!plan.steps(RestorePhase.ACCOUNTS).isEmpty()) {
            op.serverChanged(true);
            runner.run(RestorePhase.ACCOUNTS);
        }
        ServerCatalogueReader server = new ServerCatalogueReader(op.control());
        for (RestorePlan.Step step : plan.steps(RestorePhase.DATABASES)) {
            String target = targets.get(step.entry().name());
            boolean existed = !server.existing(List.of(target)).isEmpty();
            op.serverChanged(true);
            if (existed && JobParams.flag(p, JobParams.OVERWRITE)) {
                ledger.replaced(target);
                try (Statement s = op.control().createStatement()) {
                    s.execute("DROP DATABASE " + Identifiers.quote(target));
                }
            }
            runner.run(step);
            if (!existed) {
                ledger.created(target);
            }
        }
        runner.run(RestorePhase.SEQUENCES, RestorePhase.TABLES, RestorePhase.ROUTINES, RestorePhase.VIEWS);
        op.log().note("Loading data with sql_mode '" + ServerConnections.SESSION_SQL_MODE + "', time_zone '+00:00',"
                + " character set binary, foreign and unique key checks off");
        loadBeforeDdlBlocker(op, targets);
        op.ddlBlocker(DdlBlocker.acquire(ServerConnections.open(op.address()), JobParams.lockTimeout(p),
                StopSignal.of(op)::requested));
        return "COMPLETED";
    }

    /** The table on the server: its database may be restored under another name. */
    static String targetName(Catalogue catalogue, Map<String, String> targets, TableEntry t) {
        return Identifiers.quote(targets.get(catalogue.databaseOf(t).name())) + "." + Identifiers.quote(t.name());
    }

    /** Loads the tables whose engines the server's backup lock would keep from being written (MyISAM, CSV...). */
    private static void loadBeforeDdlBlocker(Operation op, Map<String, String> targets) throws Exception {
        Catalogue catalogue = op.catalogue();
        Driver.RestoreOrder[] orders = RestoreOrders.of(catalogue, op.image().file(), targets.keySet());
        for (int t = 0; t < orders.length; t++) {
            if (orders[t] == Driver.RestoreOrder.BEFORE_DDL_BLOCKER) {
                TableLoads.load(op, op.control(), catalogue, targets, t);
            }
        }
    }
}
