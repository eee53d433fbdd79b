package org.onlinebackup.job.restore;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.RestorePhase;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.job.common.ImageContents;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationBatchlet;
import org.onlinebackup.job.common.Outcome;
import org.onlinebackup.lock.Breakpoint;

/**
 * Step {@code finish}: with the data in, lets go of the DDL blocker and creates what fires: the triggers (in their
 * action order), the events (disabled, so none runs before the restore ends), then the grants (with {@code users}),
 * and last gives each event its own status. Sets the one-line result as the job's exit status, and removes the
 * restore's ledger: there is nothing left to restart.
 */
@Named
@Dependent
public class RestoreFinishBatchlet extends OperationBatchlet {

    @Override
    protected String run(Operation op) throws Exception {
        op.ensureLocksHeld("restore", TableLoads.LOCK_LOST_OUTCOME);
        if (op.ddlBlocker() != null) {
            op.ddlBlocker().close();
            op.ddlBlocker(null);
        }
        RestorePlan plan = RestoreScope.plan(op.image(), jobContext.getProperties());
        PlanRunner runner = new PlanRunner(op, plan);
        RestoreLedger ledger = op.part(RestoreLedger.class);
        if (ledger.earlierExecution()) {
            dropEarlier(op, plan, RestoreScope.targets(op.catalogue(), jobContext.getProperties()));
        }
        runner.run(RestorePhase.TRIGGERS, RestorePhase.EVENTS, RestorePhase.GRANTS);
        op.breakpoints().hit(Breakpoint.RESTORE_DONE);
        runner.run(RestorePhase.EVENT_STATUS);
        if (!plan.disabledEvents().isEmpty()) {
            op.warn("the untrusted image's event(s) are left disabled; once you have read what they do, enable them with: "
                    + String.join("; ", plan.disabledEvents()));
        }
        ImageReader image = op.image();
        op.report((r, id) -> {
            r.contents(id, ImageContents.of(image.catalogue(), image.summary()));
            if (image.header().validityPoint() != null) {
                r.validityPointTime(id, image.header().validityPoint());
            }
        });
        try {
            ledger.forget();
        } catch (SQLException e) {
            op.warn("the restore's ledger in the repository was not removed (" + ServerConnections.serverMessage(e)
                    + "); it is never read again");
        }
        op.log().note("Restore completed");
        jobContext.setExitStatus(String.format("COMPLETED: restored %d database(s), %s%d row(s) from %s",
                plan.steps(RestorePhase.DATABASES).size(), ImageContents.objects(plan.steps().stream().map(RestorePlan.Step::entry)),
                rowsRestored(op, plan), image.file()) + Outcome.tag(op));
        return "COMPLETED";
    }

    /**
     * A restart whose earlier execution stopped in this step may find some of the triggers and events created: they
     * are in the restore's own databases and are the image's, so they are dropped and created again in order.
     */
    private static void dropEarlier(Operation op, RestorePlan plan, Map<String, String> targets) throws SQLException {
        try (Statement s = op.control().createStatement()) {
            for (RestorePhase phase : List.of(RestorePhase.TRIGGERS, RestorePhase.EVENTS)) {
                for (RestorePlan.Step step : plan.steps(phase)) {
                    SchemaObject o = (SchemaObject) step.entry();
                    String name = Identifiers.quote(targets.get(op.catalogue().databases().get(o.database()).name()))
                            + "." + Identifiers.quote(o.name());
                    s.execute((phase == RestorePhase.TRIGGERS ? "DROP TRIGGER IF EXISTS " : "DROP EVENT IF EXISTS ") + name);
                }
            }
        }
    }

    private static long rowsRestored(Operation op, RestorePlan plan) {
        return plan.steps(RestorePhase.TABLES).stream().map(RestorePlan.Step::entry).distinct()
                .mapToLong(t -> op.image().summary().tables().get(((TableEntry) t).number()).rows()).sum();
    }
}
