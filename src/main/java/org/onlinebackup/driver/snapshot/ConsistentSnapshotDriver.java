package org.onlinebackup.driver.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.driver.BackupContext;
import org.onlinebackup.driver.BackupSession;
import org.onlinebackup.driver.Driver;

/**
 * The consistent-snapshot driver, for transactional engines with multi-version reads (InnoDB): at the validity
 * point it starts a REPEATABLE READ, read-only transaction {@code WITH CONSISTENT SNAPSHOT} on each of its N
 * connections. Commits are blocked while it does so, so the N snapshots see the same committed state and the data
 * step can read N tables at once. Writers are not held: once commits flow again they go on, and the snapshots keep
 * seeing the validity point.
 *
 * @see <a href="https://mariadb.com/kb/en/start-transaction/">START TRANSACTION WITH CONSISTENT SNAPSHOT</a>
 */
public final class ConsistentSnapshotDriver implements Driver {
    public static final String NAME = "consistent-snapshot";
    private static final Set<String> ENGINES = Set.of("innodb");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(TableEntry table) {
        return table.engine() != null && ENGINES.contains(table.engine().toLowerCase());
    }

    @Override
    public boolean carriesData() {
        return true;
    }

    @Override
    public RestoreOrder restoreOrder() {
        return RestoreOrder.UNDER_DDL_BLOCKER;
    }

    @Override
    public BackupSession backup(BackupContext context) {
        return new Session(context);
    }

    private static final class Session implements BackupSession {
        private final BackupContext context;
        private final List<Connection> connections = new ArrayList<>();

        Session(BackupContext context) {
            this.context = context;
        }

        @Override
        public void prepare() throws SQLException {
            int n = Math.min(context.parallel(), context.tables().size());
            for (int i = 0; i < n; i++) {
                Connection c = ServerConnections.open(context.address());
                connections.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
            }
        }

        @Override
        public void lock() throws SQLException {
            for (Connection c : connections) {
                try (Statement s = c.createStatement()) {
                    s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                }
            }
        }

        @Override
        public void unlock() {
            // the snapshots need nothing held once they are open
        }

        @Override
        public List<Connection> channels() {
            return List.copyOf(connections);
        }

        @Override
        public void finish(int channel) throws SQLException {
            try (Statement s = connections.get(channel).createStatement()) {
                s.execute("COMMIT");
            }
        }

        @Override
        public void cancel() {
            ServerConnections.closeQuietly(connections);
        }
    }
}
