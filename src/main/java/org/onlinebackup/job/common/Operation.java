package org.onlinebackup.job.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.BackupSession;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.feedback.OperationLog;
import org.onlinebackup.feedback.ProgressListener;
import org.onlinebackup.history.Recorder;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.lock.Breakpoints;
import org.onlinebackup.lock.DdlBlocker;
import org.onlinebackup.lock.OperationLock;
import org.onlinebackup.lock.ValidityPoint;

/**
 * The in-memory state of one running job execution that its steps share: connections, the catalogue, the validity
 * point, warnings and the first error. What a later restart needs is on disk (work directory, image), not here.
 */
public final class Operation {
    private static final Logger LOG = Logger.getLogger(Operation.class.getName());

    /** The object of the progress row a warning adds. */
    public static final String WARNING = "warning";

    private final long executionId;
    private final ServerAddress address;
    private final OperationLog log;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<BackupSession> sessions = Collections.synchronizedList(new ArrayList<>());
    private volatile Throwable firstError;
    private volatile Connection control;
    private volatile Workspace workspace;
    private volatile boolean workspaceOwned;
    private volatile Catalogue catalogue;
    private volatile ValidityPoint validityPoint;
    private volatile ServerInfo server;
    private volatile ImageReader image;
    private volatile boolean serverChanged;
    private volatile List<String> databases = List.of();
    private volatile Breakpoints breakpoints = Breakpoints.off();
    private volatile OperationLock lock;
    private volatile DdlBlocker ddlBlocker;
    private volatile Recorder recorder;
    private volatile long backupId = -1;
    private volatile boolean historyWarned;
    private volatile List<DataPartition> partitions = List.of();
    private volatile ProgressListener progress = ProgressListener.NONE;
    private final Map<Class<?>, Object> parts = new ConcurrentHashMap<>();

    /** What the server says of itself, for the image header. */
    public record ServerInfo(String version, String charset, String collation, String host) {
    }

    Operation(long executionId, ServerAddress address, OperationLog log) {
        this.executionId = executionId;
        this.address = address;
        this.log = log;
    }

    public long executionId() {
        return executionId;
    }

    public ServerAddress address() {
        return address;
    }

    public OperationLog log() {
        return log;
    }

    /** Records an error; the first one recorded is the one the caller gets. */
    public void error(Throwable e) {
        synchronized (this) {
            if (firstError == null) {
                firstError = e;
                log.error(wording().apply(e.getMessage()));
                return;
            }
        }
        if (firstError != e) {
            firstError.addSuppressed(e);
        }
    }

    /** How this operation's lines name what its user can change: options or job parameters. */
    public Wording wording() {
        Wording w = part(Wording.class);
        return w == null ? new Wording(true) : w;
    }

    public Throwable firstError() {
        return firstError;
    }

    /** Records a warning: in the log, in the history (a progress row "warning"), to the watcher and for the caller at the end. */
    public void warn(String warning) {
        warnings.add(warning);
        String worded = wording().apply(warning);
        log.warning(worded);
        if (!historyWarned) {
            report((r, id) -> r.progress(id, WARNING, Instant.now(), null, null, null, 0, worded));
        }
        progress.warning(warning);
    }

    /** Records that the operation waits for something of another session's, and what: in the log and to the watcher. */
    public void waiting(String what) {
        String line = wording().apply(what);
        log.note(Character.toUpperCase(line.charAt(0)) + line.substring(1));
        progress.waiting(line);
    }

    /** Who watches this operation live ({@link ProgressListener#NONE} when nobody does). */
    public ProgressListener progress() {
        return progress;
    }

    public void progress(ProgressListener l) {
        progress = l;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public Connection control() {
        return control;
    }

    public void control(Connection c) {
        control = c;
    }

    /** The backup sessions of the drivers, by snapshot number in the catalogue. */
    public List<BackupSession> sessions() {
        return sessions;
    }

    /** The data step's partitions, in segment order. */
    public List<DataPartition> partitions() {
        return partitions;
    }

    public void partitions(List<DataPartition> plan) {
        partitions = List.copyOf(plan);
    }

    /**
     * The state one kind of job adds to its operation (the restore's ledger, say), created on first use: job kinds
     * keep their own state in their own classes rather than here.
     */
    public <T> T part(Class<T> type, Supplier<T> create) {
        return type.cast(parts.computeIfAbsent(type, k -> create.get()));
    }

    /** The part of that type, or null when there is none. */
    public <T> T part(Class<T> type) {
        return type.cast(parts.get(type));
    }

    /** A report to the history tables (WL#4116), given the recorder and this operation's backup_id. */
    @FunctionalInterface
    public interface Report {
        void to(Recorder recorder, long backupId);
    }

    /** The history row of this operation, once created. */
    public void history(Recorder r, long id) {
        recorder = r;
        backupId = id;
    }

    /** This operation's backup_id, or -1 when the history could not be written. */
    public long backupId() {
        return backupId;
    }

    /**
     * Writes to the history tables. A failure is a warning, given once, and never fails the operation: the image or
     * the restored data matter more than their record.
     */
    public void report(Report report) {
        Recorder r = recorder;
        if (r == null) {
            return;
        }
        try {
            report.to(r, backupId);
        } catch (RuntimeException e) {
            historyFailed(e);
        }
        ServerHistory copy = part(ServerHistory.class);
        if (copy != null) {
            try {
                report.to(copy.recorder(), copy.backupId());
            } catch (RuntimeException e) {
                historyFailed(e);
            }
        }
    }

    /** WL#4116's history on the server operated on too ({@code historyOnServer}): its recorder and row. */
    public record ServerHistory(Recorder recorder, long backupId) {
    }

    /** Warns, once, that the history is not being written. */
    public void historyFailed(Throwable e) {
        if (!historyWarned) {
            historyWarned = true;
            warn(Message.HISTORY_UNAVAILABLE.format(historyError(e)));
        }
    }

    /** The server's error under Hibernate's wrapping, if there is one: that is what the user can act on. */
    private static String historyError(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return ServerConnections.connectionLost(sql)
                        ? "lost the connection to the server (" + ServerConnections.serverMessage(sql) + ")"
                        : "server error " + sql.getErrorCode() + ": " + ServerConnections.serverMessage(sql);
            }
        }
        return OnlineBackupException.describe(e);
    }

    /** The DDL blocker this operation holds until it ends. */
    public void ddlBlocker(DdlBlocker b) {
        ddlBlocker = b;
    }

    public DdlBlocker ddlBlocker() {
        return ddlBlocker;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The work directory; {@code owned} when this execution created it and so may remove it. */
    public void workspace(Workspace w, boolean owned) {
        workspace = w;
        workspaceOwned = owned;
    }

    public boolean workspaceOwned() {
        return workspaceOwned;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public void catalogue(Catalogue c) {
        catalogue = c;
    }

    public ValidityPoint validityPoint() {
        return validityPoint;
    }

    public void validityPoint(ValidityPoint vp) {
        validityPoint = vp;
    }

    public ServerInfo server() {
        return server;
    }

    public void server(ServerInfo s) {
        server = s;
    }

    public ImageReader image() {
        return image;
    }

    public void image(ImageReader r) {
        image = r;
    }

    /**
     * Fails with OBK-1024 if the operation lock or the DDL blocker was lost (their connection killed or dropped):
     * a backup checks this before its validity point and before it publishes its image, a restore before each table
     * it loads and before its finish step.
     */
    public void ensureLocksHeld(String operation, String outcome) {
        if (lock != null) {
            lock.ensureHeld(operation, outcome);
        }
        if (ddlBlocker != null) {
            ddlBlocker.ensureHeld(operation, outcome);
        }
    }

    /** The server-wide lock this operation holds until it ends. */
    public void lock(OperationLock l) {
        lock = l;
    }

    public Breakpoints breakpoints() {
        return breakpoints;
    }

    public void breakpoints(Breakpoints b) {
        breakpoints = b;
    }

    /** The databases this operation backs up or restores. */
    public List<String> databases() {
        return databases;
    }

    public void databases(List<String> names) {
        databases = List.copyOf(names);
    }

    /** A restore has changed the server: a failure from now on leaves it half restored. */
    public boolean serverChanged() {
        return serverChanged;
    }

    public void serverChanged(boolean changed) {
        serverChanged = changed;
    }

    /**
     * Cancels the driver sessions, lets go of the DDL blocker, closes every connection and every part that holds a
     * resource (the image a backup writes); errors are logged, not thrown, so they never hide the first error.
     */
    public void closeConnections() {
        for (Object part : parts.values()) {
            if (part instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "closing " + part.getClass().getSimpleName(), e);
                }
            }
        }
        List<BackupSession> open = new ArrayList<>(sessions);
        sessions.clear();
        for (BackupSession s : open) {
            s.cancel();
        }
        if (ddlBlocker != null) {
            ddlBlocker.close();
            ddlBlocker = null;
        }
        ServerConnections.closeQuietly(control);
        control = null;
        try {
            breakpoints.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing the breakpoint connection", e);
        }
        breakpoints = Breakpoints.off();
        if (lock != null) {
            try {
                lock.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "removing the operation lock's holder row", e);
            }
            lock = null;
        }
    }
}
