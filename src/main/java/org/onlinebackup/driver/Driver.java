package org.onlinebackup.driver;

import java.sql.SQLException;

import org.onlinebackup.catalogue.TableEntry;

/**
 * A backup driver (WL#4060's backup engine): it carries the tables it accepts through a backup and says how a
 * restore loads them. The drivers of a backup are asked in {@link DriverChain} order; the tables a driver accepts
 * form its snapshot in the image catalogue, where its {@link #name()} is recorded so a restore finds it again.
 *
 * <h2>Protocol of a backup</h2>
 * The backup calls a driver's {@link BackupSession} in these phases, in this order:
 * <ol>
 * <li><b>init</b>: {@link #backup(BackupContext)} creates the session for the tables the driver accepted. Metadata
 *     is frozen already: the DDL blocker is held from before the catalogue was read until the backup ends.</li>
 * <li><b>prepare</b>: {@link BackupSession#prepare()} opens connections and does whatever may take time. Commits
 *     flow.</li>
 * <li><b>lock</b>: {@link BackupSession#lock()} is called while commits are blocked server-wide, one driver after
 *     the other; when the last one returns, every driver is at the validity point. It must be quick and must not
 *     wait on user activity, because every writer on the server waits while it runs.</li>
 * <li><b>unlock</b>: {@link BackupSession#unlock()} is called once commits flow again, to let go of what only the
 *     validity point needed.</li>
 * <li><b>data</b>: the data step reads the session's tables on its {@link BackupSession#channels()}, each table on
 *     one channel, channels in parallel.</li>
 * <li><b>finish</b>: {@link BackupSession#finish(int)} once per channel, as soon as that channel's tables are read;
 *     the session releases what it held for them (transactions, table locks).</li>
 * <li><b>cancel</b>: {@link BackupSession#cancel()} at any point after init when the backup fails or is stopped:
 *     release everything, never throw.</li>
 * </ol>
 * Restore needs no session: the tables of a driver that {@link #carriesData()} are loaded row chunk by row chunk,
 * at the moment {@link #restoreOrder()} says.
 *
 * <h2>Adding a driver</h2>
 * Implement this interface and place it in {@link DriverChain#builtIn()} before the drivers whose tables it should
 * take over; fallbacks (drivers that accept any engine) come last.
 */
public interface Driver {

    /** When a restore loads the tables of a driver. */
    enum RestoreOrder {
        /** Definitions only: nothing to load. */
        NONE,
        /** Loaded right after the tables are created, before the restore blocks DDL (the server's backup lock
         *  would block writes to these engines). */
        BEFORE_DDL_BLOCKER,
        /** Loaded in the data step, with DDL blocked. */
        UNDER_DDL_BLOCKER
    }

    /** The name recorded in the image catalogue; never changes once released. */
    String name();

    /** Whether this driver takes {@code table}; asked in chain order, the first driver that accepts it gets it. */
    boolean accepts(TableEntry table);

    /** Whether the image holds rows of this driver's tables. */
    boolean carriesData();

    RestoreOrder restoreOrder();

    /** Creates the session of a backup for the tables this driver accepted (phase init). */
    BackupSession backup(BackupContext context) throws SQLException;
}
