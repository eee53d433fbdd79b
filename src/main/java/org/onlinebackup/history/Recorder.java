package org.onlinebackup.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
 * row and returns its backup_id; the other methods update that row or add progress rows. The reading side
 * ({@link #recent}, {@link #entry}, {@link #progressOf}) and {@link #purge} serve the CLI's
 * {@code history}, {@code show} and {@code purge}. Every call is its own short transaction, so what is written is
 * visible at once to other sessions and survives the process.
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

    /**
     * The recorder of {@code schema} on the server at {@code address} for reading and purging: the tables must
     * exist already (they are upgraded if older), so looking at the history never creates it.
     */
    public static Recorder existing(ServerAddress address, String schema) {
        try (Connection c = ServerConnections.open(address)) {
            HistoryReader.requireTables(c, address, schema);
        } catch (SQLException e) {
            throw ServerConnections.classify(e, address, "looking for the history tables in schema " + schema);
        }
        return of(address, schema);
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

    /**
     * Ends, as cancelled with {@code errorNum} and {@code message}, the operations of these server connections
     * that the history still shows as going on: their process died without ending them.
     */
    public List<Abandoned> endAbandoned(List<Long> connectionIds, int errorNum, String message) {
        if (connectionIds.isEmpty()) {
            return List.of();
        }
        List<Abandoned> ended = new ArrayList<>();
        sessions.inTransaction(s -> {
            List<HistoryEntry> open = s.createSelectionQuery("from HistoryEntry where connectionId in :ids and state in :going",
                    HistoryEntry.class).setParameter("ids", connectionIds)
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
        sessions.inTransaction(s -> {
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
        sessions.inTransaction(s -> s.persist(p));
    }

    /** Characters a TEXT column surely holds (65,535 bytes, up to 4 per character, with room). */
    private static final int TEXT = 16_000;

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** The {@code limit} most recent operations, newest first. */
    public List<HistoryEntry> recent(int limit) {
        return sessions.fromTransaction(s -> s.createSelectionQuery("from HistoryEntry order by backupId desc", HistoryEntry.class)
                .setMaxResults(limit).getResultList());
    }

    /** The row of operation {@code backupId}, or null. */
    public HistoryEntry entry(long backupId) {
        return sessions.fromTransaction(s -> s.find(HistoryEntry.class, backupId));
    }

    /** The progress rows of operation {@code backupId}, in the order they were added. */
    public List<ProgressEntry> progressOf(long backupId) {
        return sessions.fromTransaction(s -> s.createSelectionQuery("from ProgressEntry where backupId = :id order by id", ProgressEntry.class)
                .setParameter("id", backupId).getResultList());
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
        return sessions.fromTransaction(s -> s.createSelectionQuery("select coalesce(max(backupId), 0) from HistoryEntry", Long.class)
                .getSingleResult());
    }

    /**
     * Removes the chosen operations up to backup_id {@code newest} and their progress rows, in one transaction, except
     * the row of the operation running on server connection {@code runningConnection} (null: none runs). Read
     * {@code newest} before asking who runs: an operation that starts after that has a higher backup_id, so it is
     * kept too.
     */
    public Purged purge(Purge which, long newest, Long runningConnection) {
        return sessions.fromTransaction(s -> {
            List<Long> ids = new ArrayList<>();
            Long kept = null;
            var q = s.createSelectionQuery("select h.backupId, h.connectionId from HistoryEntry h where " + which.condition
                    + " and h.backupId <= :newest order by h.backupId", Object[].class);
            q.setParameter("newest", newest);
            if (which.name != null) {
                q.setParameter(which.name, which.value);
            }
            for (Object[] row : q.getResultList()) {
                if (runningConnection != null && runningConnection.equals(row[1])) {
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
