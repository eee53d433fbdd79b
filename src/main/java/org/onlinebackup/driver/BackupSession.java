package org.onlinebackup.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** One driver's part of one backup; the phases and their order are described on {@link Driver}. */
public interface BackupSession {

    /** Phase prepare: open connections; commits flow. */
    void prepare() throws SQLException;

    /** Phase lock: reach the validity point while commits are blocked server-wide. Quick, never waits on users. */
    void lock() throws SQLException;

    /** Phase unlock: commits flow again. */
    void unlock() throws SQLException;

    /** The connections the data step reads this session's tables on, after {@link #lock()}. */
    List<Connection> channels();

    /** Phase finish of one channel: its tables are read. */
    void finish(int channel) throws SQLException;

    /** Releases everything; safe in any phase and more than once; never throws. */
    void cancel();
}
