package org.onlinebackup.repository;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded repository's connections: SQLite in write-ahead-log mode. Its own class, so that a deployment without
 * SQLite (an application server, whose repository is a data source) never loads it.
 */
final class Embedded {
    static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private Embedded() {
    }

    static DataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // after a crash of the process nothing committed is lost; after one of the machine the last transactions
        // may be: checkpoints and history rows, which a restart does not need (it looks at what is there)
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // every transaction takes the write lock as it begins: two never deadlock upgrading a read to a write
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        config.setDateClass(SQLiteConfig.DateClass.INTEGER.getValue());
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }
}
