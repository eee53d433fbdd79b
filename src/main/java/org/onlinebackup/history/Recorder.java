package org.onlinebackup.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.sql.DataSource;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.repository.Repository;

/**
 * WL#4116's report API over the history tables of the repository (or of the server operated on): {@link #init} creates the operation's
 * row and returns its backup_id; the other methods update that row or add progress rows. The reading side
 * ({@link #recent}, {@link #entry}, {@link #progressOf}) and {@link #purge} serve the CLI's
 * {@code history}, {@code show} and {@code purge}. Every call is its own short transaction, so what is written is
 * visible at once to other sessions and survives the process; but progress rows, which a restore of many small tables
 * adds one per table, are written together: within {@value #FLUSH_MILLIS} ms, and always before any other write or
 * read of this recorder (a quarter of the data step of a restore of 500 two-row tables went on one transaction each).
 */
public final class Recorder {
    private static final Map<String, Recorder> OPEN = new ConcurrentHashMap<>();

    /** How long a progress row may wait to be written with those after it (a table's end, a warning). */
    private static final long FLUSH_MILLIS = 250;

    private final SessionFactory sessions;
    private final Object flushing = new Object();
    /** Progress rows added and not written yet; guarded by this. */
    private List<ProgressEntry> pending = new ArrayList<>();
    /** The background writer while rows are pending, else null; guarded by this. */
    private Thread flusher;
    /** A failure of the background writer, for the next write to report; guarded by this. */
    private RuntimeException lost;

    private Recorder(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Opens the repository and builds its recorder on a thread of its own (Hibernate's start is a quarter of a small
     * backup's time), so that it overlaps what the command does meanwhile; {@link #of} then takes it, or builds it
     * and reports the failure if this one failed.
     */
    public static void prepare(Repository.Location location) {
        Thread t = new Thread(() -> {
            try {
                of(Repository.open(location));
            } catch (RuntimeException e) {
                // the operation's own call reports it
            }
        }, "online-backup-history-start");
        t.setDaemon(true);
        t.start();
    }

    /** The recorder of the repository's history tables, which the repository created. */
    public static Recorder of(Repository repository) {
        return OPEN.computeIfAbsent(repository.location().text(),
                k -> build(repository.dataSource(), repository.dialect().hibernateDialect()));
    }

    /**
     * The recorder of the history tables in {@code schema} on the server at {@code address} (WL#4116's history on
     * the server, {@code --history-on-server}), created or upgraded first. Refused with {@code OBK-1037} where its
     * rows would change what replicates: a read-only server, a running replica, or a binary log the account cannot
     * keep them out of ({@code sql_log_bin=0} needs BINLOG ADMIN).
     */
    public static Recorder onServer(ServerAddress address, String schema) {
        return OPEN.computeIfAbsent("server:" + address.credentialKey() + "/" + schema, k -> {
            boolean binlog;
            try (Connection c = ServerConnections.open(address)) {
                binlog = refuseWhereItWouldReplicate(c, address);
                try (Connection tables = binlog ? UnloggedDataSource.unlogged(ServerConnections.open(address))
                        : ServerConnections.open(address)) {
                    ServerConnections.createDatabaseIfMissing(tables, schema);
                    tables.setCatalog(schema);
                    HistorySchema.ensure(tables);
                }
            } catch (SQLException e) {
                if (e.getErrorCode() == 1227) {
                    throw new OnlineBackupException(Message.HISTORY_ON_SERVER_REFUSED, address.where(),
                            "the account cannot keep the history's rows out of the binary log (SET sql_log_bin = 0 needs"
                                    + " the BINLOG ADMIN privilege)");
                }
                throw ServerConnections.classify(e, address, "creating the history tables in schema " + schema);
            }
            DataSource pool = ServerConnections.pooledDataSource(address, schema);
            return build(binlog ? new UnloggedDataSource(pool) : pool, null);
        });
    }

    /** Refuses a read-only server or a running replica; returns whether the server writes a binary log. */
    private static boolean refuseWhereItWouldReplicate(Connection c, ServerAddress address) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@read_only,"
                + " (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'SLAVES_RUNNING'),"
                + " @@log_bin")) {
            rs.next();
            if (rs.getInt(1) != 0) {
                throw new OnlineBackupException(Message.HISTORY_ON_SERVER_REFUSED, address.where(), "the server is read-only");
            }
            if (rs.getLong(2) > 0) {
                throw new OnlineBackupException(Message.HISTORY_ON_SERVER_REFUSED, address.where(),
                        "the server is a replica (its own rows would be errant transactions)");
            }
            return rs.getInt(3) == 1;
        }
    }

    private static Recorder build(DataSource ds, String dialect) {
        Configuration cfg = new Configuration().addAnnotatedClass(HistoryEntry.class).addAnnotatedClass(ProgressEntry.class);
        Properties p = new Properties();
        p.put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, ds);
        p.put(AvailableSettings.HBM2DDL_AUTO, "none");
        p.put(AvailableSettings.JDBC_TIME_ZONE, "UTC");
        p.put(AvailableSettings.SHOW_SQL, "false");
        if (dialect != null) {
            p.put(AvailableSettings.DIALECT, dialect);
        }
        cfg.addProperties(p);
        return new Recorder(cfg.buildSessionFactory());
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
        write(s -> s.persist(e));
        progress(e.backupId(), start.operation(), start.startTime(), null, null, null, 0, "state: starting");
        return e.backupId();
    }

    /** Sets the state and adds a progress row saying so, in one transaction. */
    public void state(long backupId, OperationState state) {
        write(s -> {
            HistoryEntry e = find(s, backupId);
            e.state(state);
            s.persist(new ProgressEntry(backupId, e.operation(), Instant.now(), null, null, null, 0, "state: " + state.word()));
        });
    }

    /**
     * Ends, as cancelled with {@code errorNum} and {@code message}, the operations of these job executions that the
     * history still shows as going on: their process died without ending them.
     */
    public List<Abandoned> endAbandoned(List<Long> jobExecutions, int errorNum, String message) {
        if (jobExecutions.isEmpty()) {
            return List.of();
        }
        List<Abandoned> ended = new ArrayList<>();
        write(s -> {
            List<HistoryEntry> open = s.createSelectionQuery("from HistoryEntry where jobExecutionId in :ids and state in :going",
                    HistoryEntry.class).setParameter("ids", jobExecutions)
                    .setParameter("going", OperationState.GOING)
                    .getResultList();
            Instant now = Instant.now();
            for (HistoryEntry e : open) {
                e.state(OperationState.CANCEL);
                e.error(errorNum, cut(message, TEXT));
                e.stopTime(now);
                s.persist(new ProgressEntry(e.backupId(), e.operation(), now, null, null, null, errorNum,
                        "state: " + OperationState.CANCEL.word() + " (" + message + ")"));
                ended.add(new Abandoned(e.backupId(), e.jobExecutionId()));
            }
        });
        return ended;
    }

    /** An operation {@link #endAbandoned} ended: its backup_id and job execution. */
    public record Abandoned(long backupId, long jobExecutionId) {
    }

    public void error(long backupId, int errorNum, String message) {
        update(backupId, h -> h.error(errorNum, cut(message, TEXT)));
    }

    /** Progress rows {@link #contents} adds: the image's sections (WL#3324's Backup Summary) and its objects. */
    public static final String HEADER = "image header";
    public static final String METADATA = "image metadata";
    public static final String DATA = "image data";
    public static final String SUMMARY = "image summary";
    public static final String DATABASES = "databases";
    public static final String TABLES = "tables";
    public static final String OTHER_OBJECTS = "other objects";

    /**
     * What an image holds: its databases and tables, how many objects of each other kind (by plural noun: "views"),
     * its bytes by section, its rows and engines.
     */
    public record Contents(List<String> databases, int tables, Map<String, Integer> others, long headerBytes,
                           long metadataBytes, long dataBytes, long summaryBytes, long totalBytes, long rows, String engines) {
    }

    /**
     * Sets total_bytes (the image's size), num_objects (databases and tables) and engines, and adds a progress row
     * per image section and per kind of object, in one transaction.
     */
    public void contents(long backupId, Contents c) {
        write(s -> {
            HistoryEntry e = find(s, backupId);
            e.totalBytes(c.totalBytes());
            e.numObjects(c.databases().size() + c.tables() + c.others().values().stream().mapToInt(Integer::intValue).sum());
            e.engines(c.engines());
            Instant now = Instant.now();
            s.persist(new ProgressEntry(backupId, HEADER, now, now, c.headerBytes(), c.headerBytes(), 0, null));
            s.persist(new ProgressEntry(backupId, METADATA, now, now, c.metadataBytes(), c.metadataBytes(), 0, null));
            s.persist(new ProgressEntry(backupId, DATA, now, now, c.dataBytes(), c.dataBytes(), 0, c.rows() + " row(s)"));
            s.persist(new ProgressEntry(backupId, SUMMARY, now, now, c.summaryBytes(), c.summaryBytes(), 0, null));
            s.persist(new ProgressEntry(backupId, DATABASES, now, now, null, (long) c.databases().size(), 0,
                    cut(String.join(",", c.databases()), TEXT)));
            s.persist(new ProgressEntry(backupId, TABLES, now, now, null, (long) c.tables(), 0, null));
            if (!c.others().isEmpty()) {
                StringBuilder notes = new StringBuilder();
                c.others().forEach((kind, n) -> notes.append(notes.length() == 0 ? "" : ", ").append(n).append(' ').append(kind));
                s.persist(new ProgressEntry(backupId, OTHER_OBJECTS, now, now, null,
                        (long) c.others().values().stream().mapToInt(Integer::intValue).sum(), 0, notes.toString()));
            }
        });
    }

    /** Sets the stop time (the start time is set by {@link #init}). */
    public void stopTime(long backupId, Instant stop) {
        update(backupId, h -> h.stopTime(stop));
    }

    public void validityPointTime(long backupId, Instant time) {
        update(backupId, h -> h.validityPointTime(time));
    }

    public void binlogInfo(long backupId, String file, Long position, String gtid) {
        update(backupId, h -> h.binlog(file, position, gtid));
    }

    /** Adds a progress row. */
    public void progress(long backupId, String object, Instant start, Instant stop, Long totalBytes, Long progress,
                         int errorNum, String notes) {
        ProgressEntry p = new ProgressEntry(backupId, cut(object, 512), start, stop, totalBytes, progress, errorNum, cut(notes, TEXT));
        synchronized (this) {
            pending.add(p);
            if (flusher == null) {
                flusher = new Thread(this::flushEvery, "online-backup-history-writer");
                flusher.setDaemon(true);
                flusher.start();
            }
        }
    }

    /**
     * Writes the progress rows not written yet, in one transaction, in the order they were added. Rows a write fails
     * on are lost, as a single row's failed write lost it before; the failure goes to the caller, or when the
     * background writer met it, to the next caller of a write.
     */
    public void flush() {
        synchronized (flushing) {
            List<ProgressEntry> batch = null;
            RuntimeException earlier;
            synchronized (this) {
                earlier = lost;
                lost = null;
                if (!pending.isEmpty()) {
                    batch = pending;
                    pending = new ArrayList<>();
                }
            }
            if (batch != null) {
                List<ProgressEntry> rows = batch;
                sessions.inTransaction(s -> rows.forEach(s::persist));
            }
            if (earlier != null) {
                throw earlier;
            }
        }
    }

    /** The background writer: writes what is pending every {@value #FLUSH_MILLIS} ms, and ends once nothing is. */
    private void flushEvery() {
        while (true) {
            try {
                Thread.sleep(FLUSH_MILLIS);
                flush();
            } catch (InterruptedException e) {
                synchronized (this) {
                    flusher = null;
                }
                return;
            } catch (RuntimeException e) {
                keep(e);
            }
            synchronized (this) {
                if (pending.isEmpty()) {
                    flusher = null;
                    return;
                }
            }
        }
    }

    private synchronized void keep(RuntimeException failure) {
        if (lost == null) {
            lost = failure;
        }
    }

    /**
     * A write of the operation's row: the progress rows added before it are written first; their failure does not
     * keep this write from being made, and is reported after it.
     */
    private void write(Consumer<Session> change) {
        RuntimeException failed = null;
        try {
            flush();
        } catch (RuntimeException e) {
            failed = e;
        }
        sessions.inTransaction(change);
        if (failed != null) {
            throw failed;
        }
    }

    /** A read, after the progress rows added before it are written (a failure there is the next write's to report). */
    private <T> T read(Function<Session, T> query) {
        try {
            flush();
        } catch (RuntimeException e) {
            keep(e);
        }
        return sessions.fromTransaction(query);
    }

    /** Characters a TEXT column surely holds (65,535 bytes, up to 4 per character, with room). */
    private static final int TEXT = 16_000;

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** The {@code limit} most recent operations, newest first. */
    public List<HistoryEntry> recent(int limit) {
        return read(s -> s.createSelectionQuery("from HistoryEntry order by backupId desc", HistoryEntry.class)
                .setMaxResults(limit).getResultList());
    }

    /** The row of operation {@code backupId}, or null. */
    public HistoryEntry entry(long backupId) {
        return read(s -> s.find(HistoryEntry.class, backupId));
    }

    /** The progress rows of operation {@code backupId}, in the order they were added. */
    public List<ProgressEntry> progressOf(long backupId) {
        return read(s -> s.createSelectionQuery("from ProgressEntry where backupId = :id order by id", ProgressEntry.class)
                .setParameter("id", backupId).getResultList());
    }

    /** What {@link #importFrom} copied, and what it found here already. */
    public record Imported(int operations, int progressRows, int alreadyHere) {
    }

    /**
     * Copies the history kept in {@code schema} on the server {@code server} is connected to (where this tool kept it
     * before the repository existed, or {@code --history-on-server}) into these tables, each operation under a new
     * backup_id with its progress rows, in one transaction. An operation already here (same operation, start time,
     * host and image) is skipped, so importing again copies only what is new.
     */
    public Imported importFrom(Connection server, String schema) throws SQLException {
        List<HistoryEntry> rows = new ArrayList<>();
        String q = "`" + schema.replace("`", "``") + "`";
        try (Statement s = server.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + q
                + ".backup_history ORDER BY backup_id")) {
            while (rs.next()) {
                rows.add(HistoryEntry.fromRow(rs));
            }
        }
        Map<Long, List<ProgressEntry>> progress = new java.util.HashMap<>();
        try (Statement s = server.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + q
                + ".backup_progress ORDER BY id")) {
            while (rs.next()) {
                ProgressEntry e = ProgressEntry.fromRow(rs);
                progress.computeIfAbsent(e.backupId(), k -> new ArrayList<>()).add(e);
            }
        }
        return read(s -> {
            int copied = 0;
            int progressRows = 0;
            int here = 0;
            for (HistoryEntry e : rows) {
                boolean present = !s.createSelectionQuery("select 1 from HistoryEntry where operation = :op and startTime = :start"
                                + " and hostOrServerName = :host and backupFile = :file", Integer.class)
                        .setParameter("op", e.operation()).setParameter("start", e.startTime())
                        .setParameter("host", e.hostOrServerName()).setParameter("file", e.backupFile())
                        .setMaxResults(1).getResultList().isEmpty();
                if (present) {
                    here++;
                    continue;
                }
                long old = e.backupId();
                e.newRow();
                s.persist(e);
                s.flush();
                for (ProgressEntry p : progress.getOrDefault(old, List.of())) {
                    s.persist(new ProgressEntry(e.backupId(), p.object(), p.startTime(), p.stopTime(), p.totalBytes(),
                            p.progress(), p.errorNum(), p.notes()));
                    progressRows++;
                }
                copied++;
            }
            return new Imported(copied, progressRows, here);
        });
    }

    /** Which operations {@link #purge} removes: all, those up to a backup_id (inclusive), or those started before a time. */
    public static final class Purge {
        private final String condition;
        private final String name;
        private final Object value;

        private Purge(String condition, String name, Object value) {
            this.condition = condition;
            this.name = name;
            this.value = value;
        }

        public static Purge all() {
            return new Purge("1 = 1", null, null);
        }

        public static Purge upTo(long backupId) {
            return new Purge("h.backupId <= :upTo", "upTo", backupId);
        }

        public static Purge before(Instant time) {
            return new Purge("h.startTime < :before", "before", time);
        }
    }

    /** What {@link #purge} removed, and the backup_id of the running operation it kept (or null). */
    public record Purged(int operations, int progressRows, Long keptRunning) {
    }

    /** The highest backup_id so far, or 0. */
    public long newest() {
        return read(s -> s.createSelectionQuery("select coalesce(max(backupId), 0) from HistoryEntry", Long.class)
                .getSingleResult());
    }

    /**
     * Removes the chosen operations up to backup_id {@code newest} and their progress rows, in one transaction, except
     * the rows of the job executions {@code running} (those holding an operation lock). Read {@code newest} before
     * asking who runs: an operation that starts after that has a higher backup_id, so it is kept too.
     */
    public Purged purge(Purge which, long newest, java.util.Collection<Long> running) {
        return read(s -> {
            List<Long> ids = new ArrayList<>();
            Long kept = null;
            var q = s.createSelectionQuery("select h.backupId, h.jobExecutionId from HistoryEntry h where " + which.condition
                    + " and h.backupId <= :newest order by h.backupId", Object[].class);
            q.setParameter("newest", newest);
            if (which.name != null) {
                q.setParameter(which.name, which.value);
            }
            for (Object[] row : q.getResultList()) {
                if (running.contains((Long) row[1])) {
                    kept = (Long) row[0];
                } else {
                    ids.add((Long) row[0]);
                }
            }
            int progressRows = 0;
            int operations = 0;
            for (int i = 0; i < ids.size(); i += 1000) {
                List<Long> some = ids.subList(i, Math.min(ids.size(), i + 1000));
                progressRows += s.createMutationQuery("delete from ProgressEntry where backupId in (:ids)")
                        .setParameterList("ids", some).executeUpdate();
                operations += s.createMutationQuery("delete from HistoryEntry where backupId in (:ids)")
                        .setParameterList("ids", some).executeUpdate();
            }
            return new Purged(operations, progressRows, kept);
        });
    }

    private void update(long backupId, Consumer<HistoryEntry> change) {
        write(s -> change.accept(find(s, backupId)));
    }

    private static HistoryEntry find(Session s, long backupId) {
        HistoryEntry e = s.find(HistoryEntry.class, backupId);
        if (e == null) {
            throw new IllegalStateException("no history row with backup_id " + backupId);
        }
        return e;
    }
}
