package org.onlinebackup.job.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v3.ImageWriter;
import org.onlinebackup.image.v3.Summary;
import org.onlinebackup.job.common.ImageContents;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.OperationBatchlet;
import org.onlinebackup.job.common.Outcome;
import org.onlinebackup.job.common.Workspace;

/**
 * Step {@code finish}: ends the image the data step wrote under its temporary name (catalogue, chunk index,
 * summary, trailer), forces it to disk and publishes it under its name, which must still be free. The job's exit
 * status becomes the one-line result.
 */
@Named
@Dependent
public class BackupFinishBatchlet extends OperationBatchlet {
    /** What happens after a backup lost a lock it needs. */
    static final String NOT_PUBLISHED = "no image is published: run the backup again";


    @Override
    protected String run(Operation op) throws Exception {
        op.breakpoints().hit(Breakpoint.DATA_FINISH);
        Catalogue catalogue = op.catalogue();
        Workspace ws = op.workspace();
        ImageWriter image = op.part(ImageWriter.class);
        Summary summary = image.finish(catalogue, op.part(ImageRanges.class).perTable());
        image.close();
        op.ensureLocksHeld("backup", BackupFinishBatchlet.NOT_PUBLISHED);
        publish(ws.partialImage(), ws.image());
        op.report((r, id) -> r.contents(id, ImageContents.of(catalogue, summary)));
        ws.delete();
        op.breakpoints().hit(Breakpoint.BACKUP_DONE);
        op.log().note("Backup completed");
        jobContext.setExitStatus(String.format("COMPLETED: backed up %d database(s), %s%d row(s) into %s (%d bytes)",
                catalogue.databases().size(), ImageContents.objects(catalogue.entries()), summary.rows(), ws.image(),
                summary.totalBytes()) + Outcome.tag(op));
        return "COMPLETED";
    }

    /** Gives the finished image its name without ever replacing a file of that name. */
    static void publish(Path partial, Path image) throws IOException {
        try {
            Files.createLink(image, partial);
            Files.delete(partial);
        } catch (FileAlreadyExistsException e) {
            throw new OnlineBackupException(e, Message.IMAGE_EXISTS, image);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(image)) {
                throw new OnlineBackupException(e, Message.IMAGE_EXISTS, image);
            }
            Files.move(partial, image);
        }
        try (FileChannel dir = FileChannel.open(image.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot force a directory; the image itself is already on disk
        }
    }
}
