package org.onlinebackup.job.restore;

import java.sql.SQLException;
import java.util.List;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.RestorePhase;
import org.onlinebackup.catalogue.server.StatementRunner;
import org.onlinebackup.catalogue.sql.RestorePlan;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.job.common.Operation;

/** Runs phases of a restore plan on the operation's control connection; a failure names the object. */
final class PlanRunner {
    private final Operation op;
    private final Catalogue catalogue;
    private final RestorePlan plan;
    private final StatementRunner runner;

    PlanRunner(Operation op, RestorePlan plan) {
        this.op = op;
        this.catalogue = op.catalogue();
        this.plan = plan;
        try {
            this.runner = new StatementRunner(op.control(), catalogue);
        } catch (SQLException e) {
            throw ServerConnections.classify(e, op.address(), "restore");
        }
    }

    void run(RestorePhase... phases) {
        for (RestorePhase phase : phases) {
            for (RestorePlan.Step step : plan.steps(phase)) {
                run(step);
            }
        }
    }

    void run(RestorePlan.Step step) {
        try {
            List<String> notes = runner.run(step);
            notes.forEach(op::warn);
        } catch (SQLException e) {
            throw new OnlineBackupException(e, Message.RESTORE_OBJECT, catalogue.describe(step.entry()), e.getErrorCode(),
                    ServerConnections.serverMessage(e));
        }
    }

    RestorePlan plan() {
        return plan;
    }
}
