package org.onlinebackup.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The lines the operation log (WL#4538's {@code [Note] Backup: ...}) writes while it is open: what the log file of a
 * run in this process receives.
 */
public final class OperationLogCapture implements AutoCloseable {
    private final Logger log = Logger.getLogger("org.onlinebackup.operation");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public OperationLogCapture() {
        log.addHandler(handler);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        log.removeHandler(handler);
    }
}
