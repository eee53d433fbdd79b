package org.onlinebackup.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.onlinebackup.history.HistorySchema;

/**
 * Creates the repository's tables where they are missing, all in one transaction: JBeret's job repository (in
 * SQLite; elsewhere JBeret makes it), the history and progress tables, the restore ledger, the schedule claims and the operation lock's holders. Processes
 * that start together find them complete or create them one after the other.
 */
final class RepositorySchema {
    private RepositorySchema() {
    }

    static void ensure(Repository r) {
        Dialect d = r.dialect();
        try (Connection c = r.dataSource().getConnection()) {
            if (present(c)) {
                return;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                if (d == Dialect.SQLITE) {
                    // JBeret has no DDL for SQLite and would not find ours: the tables are made here. In a server's
                    // database, JBeret (in Java SE) or the application server's batch subsystem makes its own.
                    for (String sql : jberet(d)) {
                        s.execute(sql);
                    }
                }
                s.execute("CREATE TABLE IF NOT EXISTS restore_ledger (job_instance_id BIGINT NOT NULL,"
                        + " kind VARCHAR(16) NOT NULL, name VARCHAR(400) NOT NULL, seq BIGINT NOT NULL DEFAULT 0,"
                        + " PRIMARY KEY (job_instance_id, kind, name))"
                        + d.tableOptions("Online Backup: what each restore did to its server, until it completes or is abandoned"));
                s.execute("CREATE TABLE IF NOT EXISTS schedule_firing (schedule VARCHAR(64) NOT NULL, opening " + d.time()
                        + " NOT NULL, node VARCHAR(255) NOT NULL, execution_id BIGINT NULL, claimed_at " + d.time()
                        + " NOT NULL, PRIMARY KEY (schedule, opening))"
                        + d.tableOptions("Online Backup: which node ran each scheduled window"));
                s.execute("CREATE TABLE IF NOT EXISTS running_operation (server VARCHAR(255) NOT NULL,"
                        + " connection_id BIGINT NOT NULL, job_execution_id BIGINT NOT NULL, operation VARCHAR(512) NOT NULL,"
                        + " started " + d.time() + " NOT NULL, host VARCHAR(255) NOT NULL, pid BIGINT NOT NULL,"
                        + " PRIMARY KEY (server, connection_id))"
                        + d.tableOptions("Online Backup: the operation holding the operation lock of each server"));
            }
            HistorySchema.ensure(c, d);
            c.commit();
        } catch (SQLException e) {
            throw r.error(e, "creating its tables");
        }
    }

    /** The tables exist already: the usual case, one query. */
    private static boolean present(Connection c) {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM history_schema_version WHERE id = 1")) {
            return rs.next() && rs.getInt(1) == HistorySchema.VERSION && tablesPresent(s);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean tablesPresent(Statement s) throws SQLException {
        s.executeQuery("SELECT 1 FROM running_operation WHERE 1 = 0").close();
        s.executeQuery("SELECT 1 FROM schedule_firing WHERE 1 = 0").close();
        s.executeQuery("SELECT 1 FROM restore_ledger WHERE 1 = 0").close();
        return true;
    }

    /** JBeret's DDL for the dialect, statement by statement. */
    private static String[] jberet(Dialect d) {
        try (InputStream in = RepositorySchema.class.getClassLoader().getResourceAsStream(d.jberetDdl())) {
            if (in == null) {
                throw new IllegalStateException("resource " + d.jberetDdl() + " is missing");
            }
            String ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            return java.util.Arrays.stream(ddl.split("!!")).map(String::trim).filter(x -> !x.isEmpty()).toArray(String[]::new);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + d.jberetDdl(), e);
        }
    }
}
