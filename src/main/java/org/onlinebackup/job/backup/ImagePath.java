package org.onlinebackup.job.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.onlinebackup.feedback.IoErrors;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.job.common.Workspace;

/**
 * What a new image's path must be, checked without a server: its directory exists, is a directory, is writable and
 * takes new files there (a probe file is created and removed: {@code /proc} says it is writable and is not); no file
 * of that name. The command line checks it before anything starts, and the backup's {@code init} step again.
 */
public final class ImagePath {
    private ImagePath() {
    }

    /** The image's absolute path, or a one-line error saying what is wrong with it. */
    public static Path check(String image) {
        if (image == null || image.isBlank()) {
            throw new OnlineBackupException(Message.MISSING_PARAMETER, "the image file to write");
        }
        Path path = Path.of(image).toAbsolutePath().normalize();
        Path dir = path.getParent();
        if (dir == null || !Files.exists(dir)) {
            throw new OnlineBackupException(Message.IMAGE_DIRECTORY_MISSING, path, dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new OnlineBackupException(Message.IMAGE_WRITE, path, dir + " is not a directory");
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new OnlineBackupException(Message.IMAGE_EXISTS, path);
        }
        if (readOnly(dir)) {
            throw new OnlineBackupException(Message.READ_ONLY, dir);
        }
        if (!Files.isWritable(dir)) {
            throw new OnlineBackupException(Message.IMAGE_WRITE, path, "directory " + dir + " is not writable");
        }
        Path probe = dir.resolve("." + path.getFileName() + ".probe");
        try {
            Files.deleteIfExists(Files.createFile(probe));
        } catch (IOException e) {
            OnlineBackupException kind = IoErrors.of(e, path);
            if (kind.messageId() != Message.IMAGE_WRITE) {
                throw kind;
            }
            throw new OnlineBackupException(e, Message.IMAGE_WRITE, path, "directory " + dir + " does not take new files ("
                    + e.getClass().getSimpleName().replace("Exception", "") + ")");
        }
        return path;
    }

    /** The work directory of a new backup to {@code path}: one that exists belongs to another backup. */
    public static void noWorkDirectory(Path path) {
        Workspace ws = Workspace.of(path);
        if (Files.exists(ws.dir(), LinkOption.NOFOLLOW_LINKS)) {
            Long owner = ws.owner();
            throw new OnlineBackupException(Message.IMAGE_WORK_EXISTS, path, ws.dir(),
                    owner == null ? "" : " (job instance " + owner + ")");
        }
    }

    private static boolean readOnly(Path dir) {
        try {
            return Files.getFileStore(dir).isReadOnly();
        } catch (IOException e) {
            return false;
        }
    }
}
