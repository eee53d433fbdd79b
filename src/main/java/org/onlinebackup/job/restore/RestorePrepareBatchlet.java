package org.onlinebackup.job.restore;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.RestorePhase;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.server.ServerCatalogueReader;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.Driver;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.NameList;
import org.onlinebackup.feedback.OnlineBackupException;
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
 * <p>On a restart it takes up what the earlier execution did ({@link RestoreLedger}): if that one completed this
 * step, it only creates again the databases removed when it stopped, and takes the DDL blocker; if it stopped in this
 * step, it drops the databases it had created or replaced and runs again.
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
        RestorePlan plan = RestoreScope.plan(op.image(), p);
        RestoreLedger ledger = op.part(RestoreLedger.class);
        Selection selection = JobParams.selection(p);
        op.log().note("Restoring database(s) " + Identifiers.quoteAll(op.databases())
                + (selection.isEverything() ? "" : ", selected with " + selection.describe()));
        Summary summary = op.image().summary();
        op.progress().planned((int) summary.tables().stream().filter(t -> t.chunks() > 0).count(), summary.rows(),
                summary.rawBytes(), false);
        try (Statement s = op.control().createStatement()) {
            s.execute(sessionSetup(p));
        }
        PlanRunner runner = new PlanRunner(op, plan);
        if (ledger.wasPrepared()) {
            takeUp(op, runner, targets, ledger, p);
        } else {
            if (ledger.earlierExecution()) {
                dropOwn(op, ledger);
            }
            create(op, runner, targets, ledger, p);
            ledger.prepared();
        }
        op.ddlBlocker(DdlBlocker.acquire(ServerConnections.open(op.address()), JobParams.lockTimeout(p),
                StopSignal.of(op)::requested, op::waiting));
        return "COMPLETED";
    }

    /** The session of the connections that create the objects: foreign keys unchecked, lock waits bounded. */
    private static String sessionSetup(Properties p) {
        return "SET SESSION foreign_key_checks = 0, lock_wait_timeout = " + JobParams.lockTimeout(p).toSeconds();
    }

    /**
     * Creates everything that holds the data (the tables on as many connections as the data step loads with), and
     * loads the tables that must be loaded before the DDL blocker.
     */
    private static void create(Operation op, PlanRunner runner, Map<String, String> targets, RestoreLedger ledger,
            Properties p) throws Exception {
        RestorePlan plan = runner.plan();
        createDefiner(op, plan, targets, ledger, p);
        createAccounts(op, runner, ledger);
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
            if (!ledger.wasReplaced(target)) {
                ledger.created(target);
            }
        }
        runner.run(RestorePhase.SEQUENCES);
        runner.runSpread(RestorePhase.TABLES, JobParams.parallel(p), sessionSetup(p));
        runner.run(RestorePhase.ROUTINES, RestorePhase.VIEWS);
        op.log().note("Loading data with sql_mode '" + ServerConnections.SESSION_SQL_MODE + "', time_zone '+00:00',"
                + " character set binary, foreign and unique key checks off");
        loadBeforeDdlBlocker(op, targets, Set.copyOf(targets.values()), p);
    }

    /**
     * A restart whose earlier execution stopped in this step: the databases it created or replaced hold only what
     * it created (the tables it loaded here, whole or in part, among them), so they are dropped and this step runs
     * again from the start. Accounts are created only if they do not exist, so they need nothing.
     */
    private static void dropOwn(Operation op, RestoreLedger ledger) throws Exception {
        op.serverChanged(true);
        op.log().note("The earlier execution of this restore stopped before its databases were complete: dropping "
                + Identifiers.quoteAll(List.copyOf(ledger.owned())) + " and creating them again");
        try (Statement s = op.control().createStatement()) {
            for (String db : ledger.owned()) {
                s.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(db));
            }
        }
    }

    /**
     * A restart whose earlier execution completed this step: what it created is there, but a database it had loaded
     * nothing into was removed again when it stopped; such a database is created again, with its tables loaded here.
     * A database that had rows loaded and is gone now (dropped by hand) cannot be taken up: its loaded tables are in
     * the data step's checkpoints, so the restore refuses rather than restore it with tables missing.
     */
    private static void takeUp(Operation op, PlanRunner runner, Map<String, String> targets, RestoreLedger ledger, Properties p)
            throws Exception {
        op.serverChanged(true);
        ServerCatalogueReader server = new ServerCatalogueReader(op.control());
        Set<String> gone = new LinkedHashSet<>(targets.values());
        gone.removeAll(server.existing(List.copyOf(targets.values())));
        List<String> lost = gone.stream().filter(ledger::wasLoaded).toList();
        if (!lost.isEmpty()) {
            throw new OnlineBackupException(Message.RESTART_DATABASE_GONE,
                    NameList.of(lost.stream().map(Identifiers::quote).toList()));
        }
        createDefiner(op, runner.plan(), targets, ledger, p);
        createAccounts(op, runner, ledger);
        if (gone.isEmpty()) {
            op.log().note("The databases, tables, routines and views were created by the earlier execution of this restore");
            return;
        }
        op.log().note("Creating again database(s) " + Identifiers.quoteAll(List.copyOf(gone))
                + ", removed when the earlier execution of this restore stopped");
        Catalogue catalogue = op.catalogue();
        for (RestorePhase phase : List.of(RestorePhase.DATABASES, RestorePhase.SEQUENCES, RestorePhase.TABLES,
                RestorePhase.ROUTINES, RestorePhase.VIEWS)) {
            for (RestorePlan.Step step : runner.plan().steps(phase)) {
                String db = step.entry() instanceof DatabaseEntry d ? d.name()
                        : catalogue.databases().get(((SchemaObject) step.entry()).database()).name();
                if (gone.contains(targets.get(db))) {
                    runner.run(step);
                    if (phase == RestorePhase.DATABASES) {
                        ledger.created(targets.get(db));
                    }
                }
            }
        }
        loadBeforeDdlBlocker(op, targets, gone, p);
    }

    /**
     * Sets up the account an untrusted image's definitions run as, when it has any; one this restore created is in
     * its ledger, like its other accounts.
     */
    private static void createDefiner(Operation op, RestorePlan plan, Map<String, String> targets, RestoreLedger ledger,
            Properties p) throws Exception {
        if (plan.boundToDefiner() == 0) {
            return;
        }
        op.serverChanged(true);
        BoundedDefiner definer = RestoreScope.definer(targets, p);
        try (Statement s = op.control().createStatement()) {
            boolean existed = new ServerCatalogueReader(op.control()).accountExists(definer.user(), BoundedDefiner.HOST);
            for (String sql : definer.statements()) {
                s.execute(sql);
            }
            if (!existed) {
                ledger.accountCreated(definer.quoted());
            }
        } catch (SQLException e) {
            throw new OnlineBackupException(e, Message.RESTORE_DEFINER, definer.quoted(), e.getErrorCode(),
                    ServerConnections.serverMessage(e));
        }
    }

    /**
     * Creates the image's accounts and roles that do not exist, and records those in the ledger: a restore that does
     * not complete removes them again, and its restart creates them again.
     */
    private static void createAccounts(Operation op, PlanRunner runner, RestoreLedger ledger) throws Exception {
        ServerCatalogueReader server = new ServerCatalogueReader(op.control());
        for (RestorePlan.Step step : runner.plan().steps(RestorePhase.ACCOUNTS)) {
            AccountEntry a = (AccountEntry) step.entry();
            boolean existed = server.accountExists(a.user(), a.host());
            op.serverChanged(true);
            runner.run(step);
            if (!existed) {
                ledger.accountCreated(a.quoted());
            }
        }
    }

    /** The table on the server: its database may be restored under another name. */
    static String targetName(Catalogue catalogue, Map<String, String> targets, TableEntry t) {
        return Identifiers.quote(targets.get(catalogue.databaseOf(t).name())) + "." + Identifiers.quote(t.name());
    }

    /**
     * Loads the tables whose engines the server's backup lock would keep from being written (MyISAM, CSV...), of the
     * databases named (by their name on the server).
     */
    private static void loadBeforeDdlBlocker(Operation op, Map<String, String> targets, Set<String> databases, Properties p)
            throws Exception {
        Catalogue catalogue = op.catalogue();
        Driver.RestoreOrder[] orders = RestoreOrders.of(catalogue, op.image().file(), p);
        for (int t = 0; t < orders.length; t++) {
            if (orders[t] == Driver.RestoreOrder.BEFORE_DDL_BLOCKER
                    && databases.contains(targets.get(catalogue.databaseOf(catalogue.tables().get(t)).name()))) {
                TableLoads.load(op, op.control(), catalogue, targets, t);
            }
        }
    }
}
