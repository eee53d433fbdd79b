package org.onlinebackup.feedback;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Turns a failed read or write of the image or its work files into a message of its own kind: the file system is
 * full, the quota is exceeded, the file system is read-only, the device failed; anything else names the file and
 * the system's words.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** The message for {@code e}, which happened to {@code file} (the image, or null when unknown). */
    public static OnlineBackupException of(IOException e, Path file) {
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(e.getMessage());
        Object where = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : file == null ? "the image" : file;
        if (reason.contains("No space left on device")) {
            return new OnlineBackupException(e, Message.DISK_FULL, where);
        }
        if (reason.contains("Disk quota exceeded")) {
            return new OnlineBackupException(e, Message.DISK_QUOTA, where);
        }
        if (reason.contains("Read-only file system")) {
            return new OnlineBackupException(e, Message.READ_ONLY, where);
        }
        if (reason.contains("Input/output error")) {
            return new OnlineBackupException(e, Message.DEVICE_ERROR, where);
        }
        return new OnlineBackupException(e, Message.IMAGE_WRITE, where, reason);
    }
}
