package org.onlinebackup.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.ServerConnections;

/**
 * WL#4116's report API over the history tables of one schema on one server: {@link #init} creates the operation's
 * row and returns its backup_id; the other methods update that row or add progress rows ({@code sum_progress_rows} and
 * the reading side come with the {@code show} command). Every call is its own short
 * transaction, so what is written is visible at once to other sessions and survives the process.
 */
public final class Recorder {
    private static final Map<String, Recorder> OPEN = new ConcurrentHashMap<>();

    private final SessionFactory sessions;

    private Recorder(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The recorder of {@code schema} on the server at {@code address}, its tables created or upgraded first. */
    public static Recorder of(ServerAddress address, String schema) {
        return OPEN.computeIfAbsent(address.credentialKey() + "/" + schema, k -> {
            DataSource ds = ServerConnections.pooledDataSource(address, schema);
            try (Connection c = ds.getConnection()) {
                HistorySchema.ensure(c);
            } catch (SQLException e) {
                throw ServerConnections.classify(e, address, "creating the history tables in schema " + schema);
            }
            Configuration cfg = new Configuration().addAnnotatedClass(HistoryEntry.class).addAnnotatedClass(ProgressEntry.class);
            Properties p = new Properties();
            p.put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, ds);
            p.put(AvailableSettings.HBM2DDL_AUTO, "none");
            p.put(AvailableSettings.JDBC_TIME_ZONE, "UTC");
            p.put(AvailableSettings.SHOW_SQL, "false");
            cfg.addProperties(p);
            return new Recorder(cfg.buildSessionFactory());
        });
    }

    /** What an operation says of itself when it starts. */
    public record Start(long jobExecutionId, Long connectionId, String operation, String backupFile, String command,
                        String userComment, String username, String host, Instant startTime) {
    }

    /** Creates the row of an operation that starts now, in state starting; returns its backup_id. */
    public long init(Start start) {
        HistoryEntry e = new HistoryEntry();
        e.jobExecutionId(start.jobExecutionId());
        e.connectionId(start.connectionId());
        e.operation(start.operation());
        e.backupFile(start.backupFile());
        e.command(start.command());
        e.userComment(start.userComment());
        e.username(start.username());
        e.hostOrServerName(start.host());
        e.startTime(start.startTime());
        e.state(OperationState.STARTING);
        sessions.inTransaction(s -> s.persist(e));
        progress(e.backupId(), start.operation(), start.startTime(), null, null, null, 0, "state: starting");
        return e.backupId();
    }

    /** Sets the state and adds a progress row saying so, in one transaction. */
    public void state(long backupId, OperationState state) {
        sessions.inTransaction(s -> {
            HistoryEntry e = find(s, backupId);
            e.state(state);
            s.persist(new ProgressEntry(backupId, e.operation(), Instant.now(), null, null, null, 0, "state: " + state.word()));
        });
    }

    public void error(long backupId, int errorNum, String message) {
        update(backupId, h -> h.error(errorNum, message == null || message.length() <= 1024 ? message : message.substring(0, 1021) + "..."));
    }

    public void numObjects(long backupId, int n) {
        update(backupId, h -> h.numObjects(n));
    }

    public void size(long backupId, long bytes) {
        update(backupId, h -> h.totalBytes(bytes));
    }

    /** Sets the stop time (the start time is set by {@link #init}). */
    public void stopTime(long backupId, Instant stop) {
        update(backupId, h -> h.stopTime(stop));
    }

    public void validityPointTime(long backupId, Instant time) {
        update(backupId, h -> h.validityPointTime(time));
    }

    public void engines(long backupId, String engines) {
        update(backupId, h -> h.engines(engines));
    }

    public void binlogInfo(long backupId, String file, Long position, String gtid) {
        update(backupId, h -> h.binlog(file, position, gtid));
    }

    /** Adds a progress row. */
    public void progress(long backupId, String object, Instant start, Instant stop, Long totalBytes, Long progress,
                         int errorNum, String notes) {
        ProgressEntry p = new ProgressEntry(backupId, cut(object, 512), start, stop, totalBytes, progress, errorNum, cut(notes, 1024));
        sessions.inTransaction(s -> s.persist(p));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** The {@code limit} most recent operations, newest first. */
    public List<HistoryEntry> recent(int limit) {
        return sessions.fromTransaction(s -> s.createSelectionQuery("from HistoryEntry order by backupId desc", HistoryEntry.class)
                .setMaxResults(limit).getResultList());
    }

    private void update(long backupId, Consumer<HistoryEntry> change) {
        sessions.inTransaction(s -> change.accept(find(s, backupId)));
    }

    private static HistoryEntry find(Session s, long backupId) {
        HistoryEntry e = s.find(HistoryEntry.class, backupId);
        if (e == null) {
            throw new IllegalStateException("no history row with backup_id " + backupId);
        }
        return e;
    }
}
