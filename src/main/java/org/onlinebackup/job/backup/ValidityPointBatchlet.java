package org.onlinebackup.job.backup;

import java.sql.Connection;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.lock.Breakpoints;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.snapshot.ConsistentSnapshot;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;
import org.onlinebackup.lock.ValidityPoint;

/**
 * Step {@code validity-point}: opens the snapshot connection the data step reads in; the moment its consistent
 * snapshot starts is the validity point of the image.
 */
@Named
@Dependent
public class ValidityPointBatchlet extends AbstractBatchlet {
    @Inject
    JobContext jobContext;

    @Override
    public String process() throws Exception {
        Operation op = Operations.of(jobContext);
        Breakpoints bp = op.breakpoints();
        bp.hit(Breakpoint.BACKUP_DATA);
        bp.hit(Breakpoint.DATA_INIT);
        Connection c = ServerConnections.open(op.address());
        op.snapshots().add(c);
        bp.pause();
        bp.hit(Breakpoint.DATA_PREPARE);
        bp.hit(Breakpoint.DATA_LOCK);
        ValidityPoint vp = ConsistentSnapshot.open(c);
        op.validityPoint(vp);
        bp.hit(Breakpoint.BACKUP_CS_LOCKED);
        bp.pause();
        bp.hit(Breakpoint.DATA_UNLOCK);
        op.log().note("Validity point at " + vp.time()
                + (vp.binlogFile() == null ? "" : ", binlog " + vp.binlogFile() + ":" + vp.binlogPosition()));
        return "COMPLETED";
    }
}
