package org.onlinebackup.cli;

import java.nio.file.Path;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/** {@code -} as a file name: standard input or output, which no command serves yet; never a file named {@code -}. */
final class Streams {
    private Streams() {
    }

    /** {@code path}, or a one-line error when it is {@code -}. */
    static Path refused(String option, Path path) {
        if (path != null && path.toString().equals("-")) {
            throw new OnlineBackupException(Message.STREAM_UNSUPPORTED, option);
        }
        return path;
    }
}
