package org.onlinebackup.feedback;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live progress of a running operation, for whoever watches it in this process: the CLI's progress bar or its JSON
 * lines. A watcher registers itself and passes the token it gets as a job parameter; the job's listeners call it
 * from their threads (partitions call {@link #read} concurrently). Calls are cheap and must not block: once per
 * phase, per table and per block of rows read, never per row.
 */
public interface ProgressListener {
    /** Listens to nothing: the operation of a job started without a watcher (JobOperator, WildFly). */
    ProgressListener NONE = new ProgressListener() {
    };

    /** The operation began; {@code backupId} is its history row (-1 without history). */
    default void started(String operation, long executionId, long backupId) {
    }

    /** A phase (job step) begins. */
    default void phase(String name) {
    }

    /** The data to move: exact for a restore (from the image), the server's estimates for a backup. */
    default void planned(int tables, long rows, long bytes, boolean estimated) {
    }

    /** A block of rows was read from the server (backup) or from the image (restore). */
    default void read(long rows, long bytes) {
    }

    /** A table's last rows were written to the image (backup) or loaded into the server (restore). */
    default void tableDone(String table, long rows, long bytes) {
    }

    /** The operation waits for another session: what for, and how long at most. */
    default void waiting(String what) {
    }

    default void warning(String message) {
    }

    /** The watchers of this process, by the token passed as a job parameter. */
    final class Registry {
        private static final Map<String, ProgressListener> WATCHING = new ConcurrentHashMap<>();

        private Registry() {
        }

        /** Registers a watcher; returns its token. */
        public static String register(ProgressListener l) {
            String token = UUID.randomUUID().toString();
            WATCHING.put(token, l);
            return token;
        }

        /** The watcher of {@code token}, or {@link #NONE}. */
        public static ProgressListener lookup(String token) {
            return token == null ? NONE : WATCHING.getOrDefault(token, NONE);
        }

        public static void unregister(String token) {
            WATCHING.remove(token);
        }
    }
}
