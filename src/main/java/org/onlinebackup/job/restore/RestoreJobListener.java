package org.onlinebackup.job.restore;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.feedback.OperationLog;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationJobListener;

/**
 * Begins and ends a restore. A restore that fails after it changed the server says which databases might be
 * corrupted (WL#4538).
 */
@Named
@Dependent
public class RestoreJobListener extends OperationJobListener {
    @Override
    protected OperationLog log() {
        return OperationLog.restore();
    }

    @Override
    protected String aborted(Operation op) {
        if (op.serverChanged()) {
            op.log().warning("Operation aborted - data might be corrupted");
            return "; restore aborted - data might be corrupted in database(s) " + Identifiers.quoteAll(op.databases());
        }
        op.log().warning("Operation aborted");
        return "";
    }
}
