package org.onlinebackup.job.restore;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.driver.TableLoad;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v3.DataChunk;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.job.common.Faults;
import org.onlinebackup.job.common.Operation;
import org.onlinebackup.job.common.StopSignal;
import org.onlinebackup.job.common.TableProgress;
import org.onlinebackup.lock.Breakpoint;

/**
 * Loads one table of the image, the same way in the prepare and the data step: its chunks streamed from the image
 * through the index into one {@link TableLoad#loadAll}, each chunk told to the watcher as it goes; the ledger learns
 * the database was changed just before the server may keep a row, the history gets the table's progress row once
 * it is in. A stop ends the load at the next chunk with {@link org.onlinebackup.feedback.OperationStopped}, the table
 * rolled back (or, for an engine without transactions, left with the rows the server took).
 */
final class TableLoads {
    /** What happens after a restore lost a lock it needs. */
    static final String LOCK_LOST_OUTCOME = "the restore stops here; restart it (online-backup restart) once nothing"
            + " else runs on the server";

    private TableLoads() {
    }

    static void load(Operation op, Connection connection, Catalogue catalogue, Map<String, String> targets, int table)
            throws SQLException, IOException {
        try {
            loadTable(op, connection, catalogue, targets, table);
        } catch (OutOfMemoryError e) {
            throw OnlineBackupException.outOfMemory(e, "to load table "
                    + catalogue.qualifiedName(catalogue.tables().get(table)));
        }
    }

    private static void loadTable(Operation op, Connection connection, Catalogue catalogue, Map<String, String> targets,
            int table) throws SQLException, IOException {
        TableEntry t = catalogue.tables().get(table);
        String sourceName = catalogue.databaseOf(t).name() + "." + t.name();
        Faults.at(op, "table:" + sourceName);
        op.breakpoints().hit(Breakpoint.RESTORE_TABLE_DATA);
        ImageReader image = op.image();
        String database = targets.get(catalogue.databaseOf(t).name());
        RestoreLedger ledger = op.part(RestoreLedger.class);
        TableLoad load = new TableLoad(connection, RestorePrepareBatchlet.targetName(catalogue, targets, t), t);
        long[] bytes = new long[1];
        StopSignal stop = StopSignal.of(op);
        if (ledger.earlierExecution() && takenUp(op, load, catalogue, t, image.summary().tables().get(table).rows())) {
            return;
        }
        TableProgress progress = perTable(op);
        progress.begin(table);
        // a restore that lost its operation lock stops before it loads more: another operation may run
        op.ensureLocksHeld("restore", TableLoads.LOCK_LOST_OUTCOME);
        LoadGuard.Watch watch = LoadGuard.of(op).watch(connection);
        try (watch; ImageReader.Chunks chunks = image.chunks(table)) {
            long rows = load.loadAll(new TableLoad.Source() {
                private long sequence;

                @Override
                public DataChunk next() {
                    stop.check();
                    if (Faults.armed(op)) {
                        Faults.at(op, "chunk:" + sourceName + ":" + sequence++);
                    }
                    return chunks.next();
                }

                @Override
                public long offset() {
                    return chunks.lastOffset();
                }
            }, c -> {
                op.progress().read(c.rows(), c.payloadLength());
                bytes[0] += c.payloadLength();
                pause(op);
            }, () -> {
                if (image.summary().tables().get(table).rows() > 0) {
                    ledger.loaded(database);
                }
            });
            progress.add(table, rows, bytes[0], true);
        } catch (RuntimeException e) {
            if (watch.cause() == LoadGuard.Cause.STOPPED) {
                // the guard cut the load off for the stop: the stop is what happened, not a lost connection
                stop.check();
            }
            throw e;
        }
    }

    /**
     * On a restart, a table the data step's checkpoints do not count as loaded may have been loaded all the same
     * (committed just before the interruption) or in part: it is kept if it holds the image's rows from one load that
     * committed whole, and is emptied and loaded again otherwise.
     */
    private static boolean takenUp(Operation op, TableLoad load, Catalogue catalogue, TableEntry t, long rows) {
        TableLoad.Found found = load.takeUp(rows);
        String name = catalogue.qualifiedName(t);
        switch (found) {
            case TAKEN_UP -> {
                String note = "kept: loaded whole before the interruption, " + rows + " row(s)";
                op.log().note("Table " + name + " was loaded whole (" + rows + " rows) before the interruption: kept,"
                        + " not loaded again");
                Instant now = Instant.now();
                op.report((r, id) -> r.progress(id, "table " + name, now, now, 0L, 0L, 0, note));
                op.progress().tableDone(name, rows, 0);
            }
            case EMPTIED -> op.log().note("Table " + name + " was loaded in part before the interruption: emptied,"
                    + " loaded again");
            case EMPTY -> {
                // not loaded yet: loaded now
            }
        }
        return found == TableLoad.Found.TAKEN_UP;
    }

    private static void pause(Operation op) {
        try {
            op.breakpoints().pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    /** The restore counts progress by whole tables. */
    private static TableProgress perTable(Operation op) {
        int[] ones = new int[op.catalogue().tables().size()];
        Arrays.fill(ones, 1);
        return TableProgress.of(op, ones);
    }
}
