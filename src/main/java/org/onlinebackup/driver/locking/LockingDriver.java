package org.onlinebackup.driver.locking;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.BackupContext;
import org.onlinebackup.driver.BackupSession;
import org.onlinebackup.driver.Driver;

/**
 * The locking driver, the fallback for engines without consistent reads (MyISAM, Aria, MEMORY, CSV, ARCHIVE...):
 * at the validity point, while commits are blocked, it takes {@code LOCK TABLES ... READ} on all its tables on one
 * connection of its own, so they stay as they were at that moment until it has read them. Writers to those tables
 * wait until its channel finishes; readers do not.
 *
 * @see <a href="https://mariadb.com/kb/en/lock-tables/">LOCK TABLES</a>
 */
public final class LockingDriver implements Driver {
    public static final String NAME = "locking";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(TableEntry table) {
        return true;
    }

    @Override
    public boolean carriesData() {
        return true;
    }

    @Override
    public RestoreOrder restoreOrder() {
        return RestoreOrder.BEFORE_DDL_BLOCKER;
    }

    @Override
    public BackupSession backup(BackupContext context) {
        return new Session(context);
    }

    private static final class Session implements BackupSession {
        private final BackupContext context;
        private final List<Connection> connection = new ArrayList<>(1);

        Session(BackupContext context) {
            this.context = context;
        }

        @Override
        public void prepare() throws SQLException {
            connection.add(ServerConnections.open(context.address()));
        }

        @Override
        public void lock() throws SQLException {
            StringJoiner tables = new StringJoiner(", ", "LOCK TABLES ", "");
            for (TableEntry t : context.tables()) {
                tables.add(context.catalogue().qualifiedName(t) + " READ");
            }
            try (Statement s = connection.get(0).createStatement()) {
                s.execute(tables.toString());
            }
        }

        @Override
        public void unlock() {
            // the table locks stay until the tables are read
        }

        @Override
        public List<Connection> channels() {
            return List.copyOf(connection);
        }

        @Override
        public void finish(int channel) throws SQLException {
            try (Statement s = connection.get(channel).createStatement()) {
                s.execute("UNLOCK TABLES");
            }
        }

        @Override
        public void cancel() {
            ServerConnections.closeQuietly(connection);
        }
    }
}
