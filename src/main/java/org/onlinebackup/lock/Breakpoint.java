package org.onlinebackup.lock;

/**
 * The names of the breakpoints (WL#3324's, plus the restore's named the same way), and where each one sits.
 * docs/jobs.md lists them for DBAs.
 */
public final class Breakpoint {
    private Breakpoint() {
    }

    /** BACKUP, step init: at the start of the operation. */
    public static final String BACKUP_COMMAND = "backup_command";
    /** BACKUP, step prepare: before the catalogue is read (WL#3324: before write_meta_data()). */
    public static final String BACKUP_META = "backup_meta";
    /** BACKUP, step validity-point: at its start, before the drivers are initialised (before write_table_data()). */
    public static final String BACKUP_DATA = "backup_data";
    /** BACKUP, step validity-point: INITIALIZE phase, before the snapshot connections are opened. */
    public static final String DATA_INIT = "data_init";
    /** BACKUP, step validity-point: PREPARE phase, connections open, before the snapshot starts. */
    public static final String DATA_PREPARE = "data_prepare";
    /** BACKUP, step validity-point: SYNC phase, just before the validity point. */
    public static final String DATA_LOCK = "data_lock";
    /** Consistent snapshot: after the snapshot has started, before any row is read. */
    public static final String BACKUP_CS_LOCKED = "backup_cs_locked";
    /** BACKUP, step validity-point: after the validity point, every lock released. */
    public static final String DATA_UNLOCK = "data_unlock";
    /** Consistent snapshot, step data: before each table is opened for reading. */
    public static final String BACKUP_CS_OPEN_TABLES = "backup_cs_open_tables";
    /** Consistent snapshot, step data: after the first block of each table is read, while reading it. */
    public static final String BACKUP_CS_READING = "backup_cs_reading";
    /** BACKUP, step finish: FINISH phase, before the snapshots end. */
    public static final String DATA_FINISH = "data_finish";
    /** BACKUP, step finish: after the image is published. */
    public static final String BACKUP_DONE = "backup_done";

    /** RESTORE, step init: at the start of the operation. */
    public static final String RESTORE_COMMAND = "restore_command";
    /** RESTORE, step prepare: before databases and tables are created. */
    public static final String RESTORE_META = "restore_meta";
    /** RESTORE, step data: before the first chunk is loaded. */
    public static final String RESTORE_DATA = "restore_data";
    /** RESTORE, step data: before the first chunk of each table is loaded. */
    public static final String RESTORE_TABLE_DATA = "restore_table_data";
    /** RESTORE, step finish: after the last row is loaded. */
    public static final String RESTORE_DONE = "restore_done";
}
