package org.onlinebackup.job.restore;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.RestorePhase;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.job.common.ImageContents;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationBatchlet;
import org.onlinebackup.lock.Breakpoint;

/**
 * Step {@code finish}: with the data in, lets go of the DDL blocker and creates what fires: the triggers (in their
 * action order), the events (disabled, so none runs before the restore ends), then the grants (with {@code users}),
 * and last gives each event its own status. Sets the one-line result as the job's exit status.
 */
@Named
@Dependent
public class RestoreFinishBatchlet extends OperationBatchlet {

    @Override
    protected String run(Operation op) throws Exception {
        if (op.ddlBlocker() != null) {
            op.ddlBlocker().close();
            op.ddlBlocker(null);
        }
        RestorePlan plan = RestoreScope.plan(op.catalogue(), jobContext.getProperties());
        PlanRunner runner = new PlanRunner(op, plan);
        runner.run(RestorePhase.TRIGGERS, RestorePhase.EVENTS, RestorePhase.GRANTS);
        op.breakpoints().hit(Breakpoint.RESTORE_DONE);
        runner.run(RestorePhase.EVENT_STATUS);
        ImageReader image = op.image();
        op.report((r, id) -> {
            r.contents(id, ImageContents.of(image.catalogue(), image.summary()));
            if (image.header().validityPoint() != null) {
                r.validityPointTime(id, image.header().validityPoint());
            }
        });
        op.log().note("Restore completed");
        jobContext.setExitStatus(String.format("COMPLETED: restored %d database(s), %s%d row(s) from %s",
                plan.steps(RestorePhase.DATABASES).size(), ImageContents.objects(plan.steps().stream().map(RestorePlan.Step::entry)),
                rowsRestored(op, plan), image.file()));
        return "COMPLETED";
    }

    private static long rowsRestored(Operation op, RestorePlan plan) {
        return plan.steps(RestorePhase.TABLES).stream().map(RestorePlan.Step::entry).distinct()
                .mapToLong(t -> op.image().summary().tables().get(((TableEntry) t).number()).rows()).sum();
    }
}
