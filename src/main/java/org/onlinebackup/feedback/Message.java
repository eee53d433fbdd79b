package org.onlinebackup.feedback;

/**
 * Every message a user can see, with a stable id ({@code OBK-nnnn}) that tests and scripts match on.
 * Ids are never reused: 1xxx parameters and connection, 2xxx image, 3xxx backup, 4xxx restore, 9xxx internal.
 */
public enum Message {
    USAGE(1000, "%s"),
    SERVER_UNREACHABLE(1001, "cannot connect to the MariaDB server at %s: %s"),
    ACCESS_DENIED(1002, "access denied for user '%s' at %s: wrong user name or password%s"),
    UNKNOWN_DATABASE(1003, "unknown database %s"),
    ONLY_SYSTEM_DATABASES(1004, "nothing to back up: %s %s system database(s), which are never backed up"),
    NO_DATABASES(1005, "nothing to back up: the server has no database other than the system databases"),
    OPTION_FILE(1006, "cannot read option file %s: %s"),
    SERVER_ERROR(1007, "server error %d (%s) during %s: %s"),
    SYSTEM_DATABASE(1008, "%s %s system database(s), which are never backed up"),
    MISSING_PARAMETER(1009, "missing parameter: %s"),
    INTERRUPTED(1010, "operation has been interrupted"),
    OPERATION_RUNNING(1011, "another backup or restore is running on this server (%s); only one runs at a time"),
    LOCK_TIMEOUT_DDL(1012, "cannot block DDL: still waiting after %d s for %s; retry when it has ended, or raise --lock-timeout"),
    LOCK_TIMEOUT_WRITES(1013, "cannot take the validity point: still waiting after %d s for long write statement(s) to end: %s; retry later, or raise --lock-timeout"),

    IMAGE_MISSING(2001, "image %s does not exist"),
    IMAGE_UNREADABLE(2002, "cannot read image %s: %s"),
    NOT_AN_IMAGE(2003, "%s is not an online-backup image (it does not start with the image magic)"),
    IMAGE_TRUNCATED(2004, "image %s is truncated: %s"),
    IMAGE_CORRUPT(2005, "image %s is corrupt at byte offset %d: %s"),
    IMAGE_CHUNK_CORRUPT(2006, "image %s is corrupt: data chunk %d of table %s at byte offset %d fails its CRC32C check"),
    IMAGE_VERSION(2007, "image %s has format version %d; this tool reads version %d"),
    IMAGE_DIRECTORY_MISSING(2008, "cannot write image %s: directory %s does not exist"),
    IMAGE_EXISTS(2009, "image %s already exists; choose another name or remove it first"),
    IMAGE_WORK_EXISTS(2010, "a backup to %s is running or was interrupted: its work directory %s exists%s; restart or abandon"
            + " that backup (online-backup history names its job execution), or remove the directory if no backup is running"),
    IMAGE_WRITE(2011, "cannot write image %s: %s"),
    IMAGE_DRIVER_UNKNOWN(2012, "image %s needs the backup driver '%s', which this version of the tool does not have"),
    DEFINITION_REFUSED(2013, "the statement of %s in the image is refused: it %s"),
    DISK_FULL(2014, "cannot write %s: the file system is full (no space left on the device); free space, then start again"),
    DISK_QUOTA(2015, "cannot write %s: this user's disk quota is exceeded; free space or raise the quota, then start again"),
    READ_ONLY(2016, "cannot write %s: the file system is read-only"),
    KEY_INVALID(2018, "cannot use the key of %s: %s"),
    IMAGE_KEY_NEEDED(2019, "image %s is encrypted: give its key with --key-file FILE or the environment variable OBK_KEY"),
    IMAGE_KEY_WRONG(2020, "image %s was encrypted with another key: this key's check does not match the image's"),
    IMAGE_FORGED(2021, "image %s has been altered: %s fails its authentication (AES-GCM tag) with the right key"),
    IMAGE_SEAL_BROKEN(2023, "image %s has been altered since key %s signed it: %s does not match the signature"),
    IMAGE_NOT_AUTHENTICATED(2024, "image %s is not authenticated by %s: %s; it is refused"),
    IMAGE_CHUNK_TOO_LARGE(2022, "image %s: data chunk %d of table %s at byte offset %d declares %d bytes of rows, more than"
            + " the %d bytes this process can hold for one chunk (a backup writes chunks of about 1 MiB, larger only for a"
            + " single row that large)%s"),
    DEVICE_ERROR(2017, "cannot read or write %s: the device reported an input/output error; check the disk"),
    REPO_MISSING(2025, "no backup repository at %s: the directory does not exist (a backup into it makes it)"),
    NOT_A_REPO(2026, "%s is not a backup repository: it holds other files and no obk-repository manifest; give a new or"
            + " empty directory, or a repository a backup made"),
    REPO_UNUSABLE(2027, "cannot use backup repository %s: %s"),
    REPO_NO_IMAGE(2028, "backup repository %s holds no image to restore%s"),
    STREAM_UNSUPPORTED(2029, "%s -: an image cannot be written to standard output or read from standard input yet; give"
            + " a file, or a backup repository (for a file named -, write ./-)"),

    BACKUP_FAILED(3001, "backup failed: %s"),
    ROW_TOO_LARGE(3002, "row of table %s is %d bytes, larger than the %d bytes a data chunk can carry"),
    BACKUP_TABLE(3003, "backup of table %s failed: server error %d: %s"),
    DEFINITION_UNREADABLE(3004, "cannot read the definition of %s: the server shows it only to its definer or to an account with"
            + " SELECT on mysql.proc (routines), TRIGGER (triggers) or EVENT (events) privileges"),
    ARCHIVE_CONNECTION(3005, "cannot archive the binary log of %s: %s"),
    ARCHIVE_BINLOG_OFF(3006, "the binary log of %s is off: there is nothing to archive (start the server with log_bin on)"),
    ARCHIVE_GAP(3007, "the binlog archive of server %s ends at %s and the server cannot send what follows (%s): the events"
            + " in between are lost to the archive; nothing was written"),
    ARCHIVE_LOST(3008, "lost the replication connection to %s and could not connect again within %d s (%s); the archive"
            + " ends at %s, where the next archive run takes up"),
    ARCHIVE_BUSY(3009, "another archive run is writing %s: one run per server and repository"),
    ARCHIVE_FAILED(3010, "binlog archive of %s failed at %s: %s"),

    DATABASE_EXISTS(4001, "database(s) %s already exist on the server; restore with --overwrite to replace them, or under another name with --rename"),
    RESTORE_LOAD(4002, "restore of table %s failed: %s"),
    RESTORE_FAILED(4003, "restore failed: %s"),
    RESTORE_UNKNOWN_DATABASE(4004, "the image holds no database %s (it holds %s)"),
    OBJECTS_WOULD_BE_LOST(4005, "--overwrite would drop what the image does not hold: %s; nothing was changed; add --drop-extra"
            + " to drop it too, or restore under another name with --rename"),
    COLLATION_MISSING(4006, "the server lacks %s, which the image needs (%s); nothing was changed"),
    RESTORE_OBJECT(4007, "restore of %s failed: server error %d: %s"),
    RESTORE_NEEDS_DATABASE(4008, "definitions of the image read database(s) %s, which this restore does not create and the server"
            + " does not have; nothing was changed; restore them too (--databases)"),
    RESTART_DATABASE_GONE(4009, "cannot take up the interrupted restore: database(s) %s, which it had loaded rows into, no"
            + " longer exist; abandon it (online-backup abandon) and restore again"),
    RESTORE_DEFINER(4010, "cannot set up account %s, which the definitions of the untrusted image run as: server error %d: %s;"
            + " the restoring account needs CREATE USER and the GRANT OPTION on the restored databases; or sign the image"
            + " (backup --sign-key) and restore it with --trust-key, as recorded"),
    FUNCTIONS_REFUSED(4012, "the server would refuse function(s) %s (error 1418): with the binary log on and"
            + " log_bin_trust_function_creators off, it creates no function that is not declared DETERMINISTIC, NO SQL or"
            + " READS SQL DATA; nothing was changed; SET GLOBAL log_bin_trust_function_creators = 1 for the restore"),
    UNTRUSTED_ACCOUNTS_EXIST(4011, "the image is untrusted (%s) and --users would grant privileges and roles to account(s)"
            + " that exist on the server already: %s; nothing was changed; restore without --users, or sign the image"
            + " (backup --sign-key) and restore it with --trust-key"),

    HISTORY_SCHEMA_NEWER(1014, "the history tables in schema %s are version %d, newer than this tool's %d; use a newer online-backup"),
    HISTORY_UNAVAILABLE(1015, "history not recorded: %s"),
    HISTORY_NONE(1016, "no history in %s: %s"),
    HISTORY_NOT_FOUND(1017, "no operation with backup_id %d in the history of %s"),
    PROTECTED_DATABASE(1018, "%s: the system schemas (mysql, information_schema, performance_schema, sys) and the schema of"
            + " the history on the server (%s) are never backed up or restored"),
    RENAME_INVALID(1019, "cannot rename %s: %s"),
    ABANDONED(1021, "operation has been interrupted: the process running it ended without finishing it (killed, or its"
            + " connection to the server was lost); found by the next operation"),
    STOP_UNKNOWN(1022, "no job execution %d in the job repository (%s)"),
    STOP_NOT_RUNNING(1023, "job execution %d is not running: it is %s"),
    LOCK_LOST(1024, "the %s lost its %s: its server connection was killed or dropped, so %s; %s"),
    RESTART_COMPLETED(1025, "job execution %d completed: there is nothing to %s"),
    RESTART_NEVER_STARTED(1038, "job execution %d never started (%s): there is nothing to %s; run the %s again"),
    RESTART_NOT_LATEST(1026, "job execution %d was restarted already, as job execution %d: restart or abandon that one"),
    RESTART_RUNNING(1027, "job execution %d is running (%s): stop it first (online-backup stop %d)"),
    RESTART_ABANDONED(1028, "job execution %d was abandoned: it cannot be restarted; start a new backup or restore"),
    NOT_AN_OPERATION(1029, "job execution %d is a '%s' job, not a backup or restore"),
    SELECTION_MATCHES_NOTHING(1032, "%s matches no table, view or sequence %s"),
    SELECTION_BREAKS_VIEW(1033, "the selection keeps %s but leaves out %s, which it reads: the server cannot create the view"
            + " without it; select both, or leave the view out too with --exclude-tables"),
    SELECTION_EMPTY(1034, "nothing selected: %s leaves out every database of %s"),
    REPOSITORY_FAILED(1035, "%s: %s"),
    HISTORY_ON_SERVER_REFUSED(1037, "--history-on-server refused on %s: %s; nothing was done; the history is kept in the"
            + " repository in any case (online-backup history)"),
    PRIVILEGE_MISSING(1036, "account %s lacks the %s privilege%s: %s; nothing was done; grant it: GRANT %s"),
    TLS_FAILED(1031, "TLS with the MariaDB server at %s failed: %s"),
    CONNECTION_LOST(1030, "lost a connection to the MariaDB server %s: %s (killed on the server, or the server went away)"),
    OUT_OF_MEMORY(1020, "not enough memory %s: the Java heap of %d MiB is full; run again with a larger heap (the"
            + " launcher's OBK_HEAP, for example OBK_HEAP=1g)"),

    INTERNAL(9001, "internal error: %s"),
    INJECTED_FAULT(9002, "injected fault at %s (job parameter fault, for tests)");

    private final int id;
    private final String format;

    Message(int id, String format) {
        this.id = id;
        this.format = format;
    }

    /** The number of the id, as stored in the history's error_num. */
    public int number() {
        return id;
    }

    public String id() {
        return String.format("OBK-%04d", id);
    }

    /** The one-line text of this message with its arguments, prefixed by its id. */
    public String format(Object... args) {
        return id() + " " + String.format(format, args);
    }
}
