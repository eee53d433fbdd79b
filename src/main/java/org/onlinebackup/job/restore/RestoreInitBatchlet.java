package org.onlinebackup.job.restore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.ServerCatalogueReader;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v2.ImageReader;
import org.onlinebackup.history.OperationState;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.Operations;

/**
 * Step {@code init}: opens the image and verifies all of it (every chunk's CRC, the chunk rules, the summary, the
 * image checksum) and checks that this version has every driver the image names, before the server is touched;
 * then refuses databases that already exist unless overwriting.
 */
@Named
@Dependent
public class RestoreInitBatchlet extends AbstractBatchlet {
    @Inject
    JobContext jobContext;

    @Override
    public String process() throws Exception {
        Operation op = Operations.of(jobContext);
        op.breakpoints().hit(Breakpoint.RESTORE_COMMAND);
        op.report((r, id) -> r.state(id, OperationState.RUNNING));
        Properties p = jobContext.getProperties();
        String image = p.getProperty(JobParams.IMAGE);
        if (image == null || image.isBlank()) {
            throw new OnlineBackupException(Message.MISSING_PARAMETER, "the image file to restore");
        }
        ImageReader reader = ImageReader.open(Path.of(image).toAbsolutePath().normalize());
        reader.verify();
        RestoreOrders.of(reader.catalogue(), reader.file());
        op.image(reader);
        op.catalogue(reader.catalogue());
        op.databases(reader.catalogue().databases().stream().map(DatabaseEntry::name).toList());
        Connection c = ServerConnections.open(op.address());
        op.control(c);
        if (!Boolean.parseBoolean(p.getProperty(JobParams.OVERWRITE))) {
            try {
                List<String> existing = new ServerCatalogueReader(c).existing(op.databases());
                if (!existing.isEmpty()) {
                    throw new OnlineBackupException(Message.DATABASE_EXISTS, Identifiers.quoteAll(existing));
                }
            } catch (SQLException e) {
                throw ServerConnections.classify(e, op.address(), "init");
            }
        }
        return "COMPLETED";
    }
}
