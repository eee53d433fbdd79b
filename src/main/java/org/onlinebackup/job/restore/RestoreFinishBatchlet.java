package org.onlinebackup.job.restore;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.image.v2.ImageReader;
import org.onlinebackup.job.common.ImageContents;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;

/** Step {@code finish}: logs the end of the restore and sets the one-line result as the job's exit status. */
@Named
@Dependent
public class RestoreFinishBatchlet extends AbstractBatchlet {
    @Inject
    JobContext jobContext;

    @Override
    public String process() throws Exception {
        Operation op = Operations.of(jobContext);
        op.breakpoints().hit(Breakpoint.RESTORE_DONE);
        ImageReader image = op.image();
        op.report((r, id) -> {
            r.contents(id, ImageContents.of(image.catalogue(), image.summary()));
            if (image.header().validityPoint() != null) {
                r.validityPointTime(id, image.header().validityPoint());
            }
        });
        op.log().note("Restore completed");
        jobContext.setExitStatus(String.format("COMPLETED: restored %d database(s), %d table(s), %d row(s) from %s",
                image.catalogue().databases().size(), image.catalogue().tables().size(), image.summary().rows(),
                image.file()));
        return "COMPLETED";
    }
}
