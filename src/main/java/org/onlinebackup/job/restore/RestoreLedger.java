package org.onlinebackup.job.restore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.repository.Repository;

/**
 * What a restore has done to the server, kept in the repository's {@code restore_ledger} under its JBeret job
 * instance, so that every execution of that instance (a restart, in this process or another, also after kill -9)
 * knows it: the databases it dropped to replace them, those it created, those it loaded rows
 * into, and whether its {@code prepare} step had created everything that holds the data. A database it replaced or
 * loaded into is written before the change, so the ledger may claim more of those than was done, never less; a
 * database it created is written once its CREATE succeeded, so a restart never takes for its own (and drops) a
 * database someone else created in between.
 *
 * <p>It tells a restart which databases are its own (they exist because of this restore, not in spite of it), and
 * the report of a restore that does not complete what it changed: a database it created and loaded nothing into can
 * be removed again without loss; every other database it touched is named as changed. The rows go when the restore
 * completes or is abandoned.
 */
public final class RestoreLedger implements AutoCloseable {
    private static final String REPLACED = "replaced";
    private static final String CREATED = "created";
    private static final String LOADED = "loaded";
    private static final String PREPARED = "prepared";
    private static final String ACCOUNT = "account";

    private final Repository repository;
    private final Connection connection;
    private final long instance;
    private final boolean earlier;
    private final Set<String> replaced = new LinkedHashSet<>();
    private final Set<String> created = new LinkedHashSet<>();
    private final Set<String> loaded = new LinkedHashSet<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private final Set<String> steps = new LinkedHashSet<>();
    private final Set<String> accounts = new LinkedHashSet<>();

    private RestoreLedger(Repository repository, Connection connection, long instance) throws SQLException {
        this.repository = repository;
        this.connection = connection;
        this.instance = instance;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT kind, name FROM restore_ledger WHERE job_instance_id = ? ORDER BY seq")) {
            ps.setLong(1, instance);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(2);
                    switch (rs.getString(1)) {
                        case REPLACED -> replaced.add(name);
                        case CREATED -> created.add(name);
                        case LOADED -> loaded.add(name);
                        case PREPARED -> steps.add(PREPARED);
                        case ACCOUNT -> accounts.add(name);
                        default -> {
                            // a kind written by a newer version: nothing this one acts on
                        }
                    }
                }
            }
        }
        earlier = !steps.isEmpty() || !replaced.isEmpty() || !created.isEmpty() || !accounts.isEmpty();
    }

    /** Opens the ledger of a restore's job instance on a connection of its own. */
    static RestoreLedger open(Repository repository, long jobInstance) {
        Connection c = repository.connection();
        try {
            return new RestoreLedger(repository, c, jobInstance);
        } catch (SQLException e) {
            ServerConnections.closeQuietly(c);
            throw repository.error(e, "reading the restore ledger");
        }
    }

    /** Removes the ledger of a job instance (abandoned); returns the databases it names as changed. */
    public static List<String> forget(Repository repository, long jobInstance) {
        try (Connection c = repository.connection()) {
            List<String> changed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT name FROM restore_ledger"
                    + " WHERE job_instance_id = ? AND kind IN ('" + REPLACED + "', '" + LOADED + "') ORDER BY name")) {
                ps.setLong(1, jobInstance);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changed.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM restore_ledger WHERE job_instance_id = ?")) {
                ps.setLong(1, jobInstance);
                ps.executeUpdate();
            }
            return changed;
        } catch (SQLException e) {
            throw repository.error(e, "removing the restore ledger of job instance " + jobInstance);
        }
    }

    private synchronized void record(Set<String> set, String kind, String name) {
        if (set.contains(name)) {
            return;
        }
        // seq: the order facts were recorded in, across every execution of the restore
        try (PreparedStatement ps = connection.prepareStatement(repository.dialect().insertIgnore()
                + " INTO restore_ledger (job_instance_id, kind, name, seq) SELECT ?, ?, ?, COALESCE(MAX(seq), 0) + 1"
                + " FROM restore_ledger WHERE job_instance_id = ?")) {
            ps.setLong(1, instance);
            ps.setString(2, kind);
            ps.setString(3, name);
            ps.setLong(4, instance);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record in the restore ledger that " + kind + " " + name + ": "
                    + ServerConnections.serverMessage(e), e);
        }
        set.add(name);
    }

    /** An earlier execution of this restore changed the server: this one is a restart that takes it up. */
    boolean earlierExecution() {
        return earlier;
    }

    void replaced(String db) {
        record(replaced, REPLACED, db);
    }

    synchronized boolean wasReplaced(String db) {
        return replaced.contains(db);
    }

    void created(String db) {
        record(created, CREATED, db);
        removed.remove(db);
    }

    void loaded(String db) {
        record(loaded, LOADED, db);
    }

    synchronized boolean wasLoaded(String db) {
        return loaded.contains(db);
    }

    /** The databases that exist because of this restore: created, or dropped and created again. */
    synchronized Set<String> owned() {
        Set<String> out = new LinkedHashSet<>(replaced);
        out.addAll(created);
        return out;
    }

    /** The {@code prepare} step has created everything that holds the data. */
    void prepared() {
        record(steps, PREPARED, PREPARED);
    }

    synchronized boolean wasPrepared() {
        return steps.contains(PREPARED);
    }

    /** A database this restore created and then removed again, having loaded nothing into it. */
    synchronized void removed(String db) {
        removed.add(db);
    }

    /** Databases that existed and were dropped, or that rows were loaded into: they are not as they were. */
    synchronized List<String> changed() {
        Set<String> out = new LinkedHashSet<>(replaced);
        out.addAll(loaded);
        return List.copyOf(out);
    }

    /** Databases this restore created and loaded nothing into: removing them loses nothing. */
    synchronized List<String> createdEmpty() {
        return created.stream().filter(db -> !loaded.contains(db) && !replaced.contains(db) && !removed.contains(db)).toList();
    }

    synchronized boolean touched() {
        return !replaced.isEmpty() || !created.isEmpty() || !accounts.isEmpty();
    }

    /**
     * An account or role (quoted) that this restore created: it did not exist before. Written once its CREATE
     * succeeded, so no account someone else made is ever taken for this restore's.
     */
    void accountCreated(String quoted) {
        record(accounts, ACCOUNT, quoted);
    }

    /** The accounts and roles this restore (any execution of it) created, in the order recorded. */
    synchronized List<String> createdAccounts() {
        return List.copyOf(accounts);
    }

    /** The restore completed: its ledger goes. */
    void forget() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM restore_ledger WHERE job_instance_id = ?")) {
            ps.setLong(1, instance);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        ServerConnections.closeQuietly(connection);
    }
}
