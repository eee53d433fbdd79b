package org.onlinebackup.repository;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded repository's connections: SQLite in write-ahead-log mode, kept open between uses (opening one reads
 * the file's schema and sets its pragmas: a backup's thousand checkpoints paid that a thousand times). Its own class,
 * so that a deployment without SQLite (an application server, whose repository is a data source) never loads it.
 */
final class Embedded implements DataSource {
    static final int BUSY_TIMEOUT_MILLIS = 30_000;
    private static final int IDLE = 8;

    private final SQLiteDataSource files;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(IDLE);

    private Embedded(SQLiteDataSource files) {
        this.files = files;
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
        return new Embedded(ds);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = idle.poll();
        if (c == null || c.isClosed()) {
            c = files.getConnection();
        }
        return lent(c);
    }

    /** {@code c}, whose close() gives it back, in auto-commit, for the next user. */
    private Connection lent(Connection c) {
        boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            if (!closed[0]) {
                                closed[0] = true;
                                giveBack(c);
                            }
                            return null;
                        }
                        case "isClosed" -> {
                            return closed[0] || c.isClosed();
                        }
                        case "unwrap" -> {
                            return ((Class<?>) args[0]).isInstance(proxy) ? proxy : c.unwrap((Class<?>) args[0]);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        default -> {
                            if (closed[0]) {
                                throw new SQLException("connection closed");
                            }
                            try {
                                return method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    private void giveBack(Connection c) throws SQLException {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            if (idle.offer(c)) {
                return;
            }
        } catch (SQLException e) {
            // a connection that cannot be reset is not lent again
        }
        c.close();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // SQLite logs nothing through a DataSource
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // a file: there is no login
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
