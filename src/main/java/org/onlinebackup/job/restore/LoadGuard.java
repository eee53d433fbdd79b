package org.onlinebackup.job.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.StopSignal;

/**
 * Bounds the table loads of a restore. A {@code LOAD DATA LOCAL INFILE} streams its file from this process: when the
 * server ends the loader's session ({@code KILL}, a shutdown) the loader may stay blocked for ever writing to a socket
 * that nobody reads, and a stop would otherwise wait for the server to take in and roll back the rest of a large load.
 * One daemon thread, on a connection of its own, looks every {@value #POLL_MILLIS} ms: on a stop it aborts every load
 * in flight at once (the server rolls their transactions back by itself); every second it asks the server which of the
 * loaders' sessions still live, and aborts a load whose session the server ended, or every load when its own
 * connection is lost too. An aborted load fails at once, and says why ({@link Watch#cause()}). An operation part.
 */
final class LoadGuard implements AutoCloseable {
    static final long POLL_MILLIS = 200;
    private static final int CHECK_EVERY = 5;

    /** Why a load was aborted. */
    enum Cause { STOPPED, ENDED_BY_SERVER }

    private final Operation op;
    private final List<Watch> watched = new CopyOnWriteArrayList<>();
    private final Map<Connection, Long> sessions = new ConcurrentHashMap<>();
    private final Thread thread;
    private Connection control;
    private volatile boolean closed;

    private LoadGuard(Operation op) {
        this.op = op;
        this.thread = new Thread(this::run, "online-backup-load-guard");
        thread.setDaemon(true);
    }

    /** The guard of {@code op}'s loads, started on first use. */
    static LoadGuard of(Operation op) {
        return op.part(LoadGuard.class, () -> {
            LoadGuard g = new LoadGuard(op);
            g.thread.start();
            return g;
        });
    }

    /** A load in flight on {@code connection}, guarded until closed. */
    final class Watch implements AutoCloseable {
        private final Connection connection;
        private final long sessionId;
        private volatile Cause cause;

        private Watch(Connection connection, long sessionId) {
            this.connection = connection;
            this.sessionId = sessionId;
        }

        /** Why the guard aborted this load, or null when it did not. */
        Cause cause() {
            return cause;
        }

        private void abort(Cause why) {
            if (cause == null) {
                cause = why;
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException e) {
                    ServerConnections.closeQuietly(connection);
                }
            }
        }

        @Override
        public void close() {
            watched.remove(this);
        }
    }

    /** Guards the load about to run on {@code connection}. */
    Watch watch(Connection connection) throws SQLException {
        Long id = sessions.get(connection);
        if (id == null) {
            // a partition loads all its tables on one connection: its session id is asked for once
            id = ServerConnections.connectionId(connection);
            sessions.put(connection, id);
        }
        Watch w = new Watch(connection, id);
        watched.add(w);
        if (StopSignal.of(op).requested()) {
            w.abort(Cause.STOPPED);
        }
        return w;
    }

    private void run() {
        int tick = 0;
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (watched.isEmpty()) {
                continue;
            }
            if (StopSignal.of(op).requested()) {
                watched.forEach(w -> w.abort(Cause.STOPPED));
                continue;
            }
            if (++tick % CHECK_EVERY == 0) {
                // the loads asked about, and only those: one that began meanwhile was not asked about
                List<Watch> asked = List.copyOf(watched);
                Set<Long> living = living(asked);
                asked.stream().filter(w -> living == null || !living.contains(w.sessionId))
                        .forEach(w -> w.abort(Cause.ENDED_BY_SERVER));
            }
        }
    }

    /** The sessions of {@code loads} that the server still runs, or null when it cannot be asked. */
    private Set<Long> living(List<Watch> loads) {
        String ids = loads.stream().map(w -> Long.toString(w.sessionId)).distinct().collect(Collectors.joining(","));
        if (ids.isEmpty()) {
            return Set.of();
        }
        try {
            if (control == null || control.isClosed()) {
                control = ServerConnections.open(op.address());
            }
            Set<Long> out = new HashSet<>();
            try (Statement s = control.createStatement(); ResultSet rs = s.executeQuery("SELECT ID FROM"
                    + " information_schema.PROCESSLIST WHERE ID IN (" + ids + ") AND COMMAND <> 'Killed'")) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            ServerConnections.closeQuietly(control);
            control = null;
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        ServerConnections.closeQuietly(control);
    }
}
