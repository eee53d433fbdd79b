package org.onlinebackup.connect;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLException;
import javax.sql.DataSource;

import org.mariadb.jdbc.MariaDbDataSource;
import org.mariadb.jdbc.MariaDbPoolDataSource;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * Opens connections to the server, turning connection failures into one-line errors: unreachable server, access
 * denied. Every session gets {@code time_zone = '+00:00'} so that TIMESTAMP values travel unchanged, and an
 * {@code sql_mode} under which SHOW CREATE output and restores are the same on every server.
 */
public final class ServerConnections {
    /** SHOW CREATE output in its plain form; on restore, 0 stays 0 in AUTO_INCREMENT columns, engines are never substituted. */
    public static final String SESSION_SQL_MODE = "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION";

    private static final Logger LOG = Logger.getLogger(ServerConnections.class.getName());
    private static final int ER_ACCESS_DENIED = 1045;
    private static final int ER_DBACCESS_DENIED = 1044;
    private static final int ER_BAD_DB = 1049;
    /** What {@link #classify} is told while a connection is being opened. */
    private static final String CONNECT = "connect";

    static {
        // Connector/J logs to the console unless told to use java.util.logging, which the CLI sends to its log file.
        if (System.getProperty("mariadb.logging.fallback") == null) {
            System.setProperty("mariadb.logging.fallback", "JDK");
        }
    }

    private ServerConnections() {
    }

    public static Connection open(ServerAddress address) {
        return open(address, null);
    }

    public static Connection open(ServerAddress address, String database) {
        if (address.viaDataSource()) {
            try {
                Connection c = DataSourceConnections.open(address.dataSource(), database);
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION time_zone = '+00:00', sql_mode = '" + SESSION_SQL_MODE + "'");
                }
                return c;
            } catch (SQLException e) {
                throw classify(e, address, CONNECT);
            }
        }
        Properties p = new Properties();
        p.setProperty("user", address.user());
        p.setProperty("password", new String(Credentials.passwordFor(address)));
        try {
            Connection c = DriverManager.getConnection(address.jdbcUrl(database), p);
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION time_zone = '+00:00', sql_mode = '" + SESSION_SQL_MODE + "'");
            }
            return c;
        } catch (SQLException e) {
            throw classify(e, address, CONNECT);
        }
    }

    /**
     * Creates database {@code name} if it does not exist. Only when missing: even CREATE DATABASE IF NOT EXISTS waits
     * for the DDL blocker of a running backup, which would hold {@code stop} or {@code history} in another process
     * until that backup ended.
     */
    public static void createDatabaseIfMissing(Connection c, String name) throws SQLException {
        if (databaseExists(c, name)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(name));
        }
    }

    /** Whether database {@code name} exists (one the account can see). */
    public static boolean databaseExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A DataSource on {@code database} for the JDBC job repository, with the registered password. */
    public static DataSource dataSource(ServerAddress address, String database) {
        if (address.viaDataSource()) {
            return DataSourceConnections.dataSource(address.dataSource(), database);
        }
        try {
            MariaDbDataSource ds = new MariaDbDataSource(address.jdbcUrl(database));
            ds.setUser(address.user());
            ds.setPassword(new String(Credentials.passwordFor(address)));
            return ds;
        } catch (SQLException e) {
            throw classify(e, address, CONNECT);
        }
    }

    /**
     * The application server's data source of {@code address}, whose connections go back to its pool when closed:
     * only for what leaves nothing in a session (the repository's tables), never for an operation's connections.
     */
    public static DataSource applicationServerPool(ServerAddress address) {
        try {
            return DataSourceConnections.lookup(address.dataSource());
        } catch (SQLException e) {
            throw classify(e, address, CONNECT);
        }
    }

    /** A small connection pool on {@code database}, with the registered password, for the history tables. */
    public static DataSource pooledDataSource(ServerAddress address, String database) {
        return pooledDataSource(address, database, 4);
    }

    /** A pool of at most {@code maxSize} connections on {@code database}, with the registered password. */
    public static DataSource pooledDataSource(ServerAddress address, String database, int maxSize) {
        if (address.viaDataSource()) {
            return DataSourceConnections.dataSource(address.dataSource(), database);
        }
        try {
            MariaDbPoolDataSource ds = new MariaDbPoolDataSource();
            ds.setUser(address.user());
            ds.setPassword(new String(Credentials.passwordFor(address)));
            ds.setUrl(address.jdbcUrl(database) + "&maxPoolSize=" + maxSize + "&minPoolSize=0");
            return ds;
        } catch (SQLException e) {
            throw classify(e, address, CONNECT);
        }
    }

    /**
     * A one-line error for a failed server operation. A connection that fails while it is opened ({@code during}
     * "connect") is an unreachable server; one lost later (killed on the server, the server restarted) says so.
     */
    public static OnlineBackupException classify(SQLException e, ServerAddress address, String during) {
        int code = e.getErrorCode();
        if (code == ER_ACCESS_DENIED || code == ER_DBACCESS_DENIED || code == 1698) {
            // the server refuses a connection without TLS under require_secure_transport with this same error
            return new OnlineBackupException(e, Message.ACCESS_DENIED, address.user(), address.where(),
                    address.tls().enabled() || address.viaSocket() ? ""
                            : ", or the server accepts only TLS connections (require_secure_transport): connect with --ssl");
        }
        SSLException tls = sslCause(e);
        if (tls != null) {
            return new OnlineBackupException(e, Message.TLS_FAILED, address.where(), tlsReason(tls.getMessage(), address));
        }
        if (String.valueOf(e.getMessage()).contains("hostname verification failed")) {
            return new OnlineBackupException(e, Message.TLS_FAILED, address.where(), tlsReason(e.getMessage(), address));
        }
        boolean connecting = CONNECT.equals(during);
        if (connecting && (e instanceof SQLNonTransientConnectionException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08")))) {
            return new OnlineBackupException(e, Message.SERVER_UNREACHABLE, address.where(), serverMessage(e));
        }
        if (!connecting && connectionLost(e)) {
            return lost(e, "at " + address.where() + " during " + during);
        }
        if (code == ER_BAD_DB) {
            return new OnlineBackupException(e, Message.UNKNOWN_DATABASE, serverMessage(e));
        }
        return new OnlineBackupException(e, Message.SERVER_ERROR, code, e.getSQLState(), during, serverMessage(e));
    }

    private static SSLException sslCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SSLException s) {
                return s;
            }
        }
        return null;
    }

    /** Why TLS failed, in the terms of the options that decide it. */
    private static String tlsReason(String message, ServerAddress address) {
        String m = String.valueOf(message);
        if (m.contains("PKIX path") || m.contains("certification path")) {
            Tls tls = address.tls();
            String cas = tls.ca() != null && tls.capath() != null ? "the CAs of --ssl-ca " + tls.ca() + " and --ssl-capath " + tls.capath()
                    : tls.ca() != null ? "the CA of --ssl-ca " + tls.ca()
                    : tls.capath() != null ? "a CA of --ssl-capath " + tls.capath()
                    : "a CA Java trusts (give the server's CA with --ssl-ca)";
            return "its certificate is not signed by " + cas;
        }
        int named = m.indexOf("doesn't correspond to certificate");
        if (named >= 0) {
            int end = m.indexOf(']', named);
            return "its certificate does not name the host " + address.host() + " (it names "
                    + m.substring(named + "doesn't correspond to certificate ".length(), end < 0 ? m.length() : end + 1)
                    + "); connect by a name the certificate carries, or check the CA only (--ssl-ca without"
                    + " --ssl-verify-server-cert)";
        }
        return m;
    }

    /**
     * Whether {@code e} says the connection itself is gone: killed on the server (ER_CONNECTION_KILLED), the server
     * gone away or lost (2006, 2013), the socket closed or broken under the driver.
     */
    public static boolean connectionLost(SQLException e) {
        int code = e.getErrorCode();
        if (code == 1927 || code == 2006 || code == 2013 || e instanceof SQLNonTransientConnectionException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** OBK-1030 for a connection lost {@code where} (for example "while reading table `db`.`t`"). */
    public static OnlineBackupException lost(SQLException e, String where) {
        return new OnlineBackupException(e, Message.CONNECTION_LOST, where, serverMessage(e));
    }

    /** Closes connections, ignoring errors: used when giving up, where the first error is the one to report. */
    public static void closeQuietly(Collection<Connection> connections) {
        for (Connection c : connections) {
            closeQuietly(c);
        }
    }

    public static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing a connection", e);
        }
    }

    /** The connection id the server gave {@code c}. */
    public static long connectionId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The server's message of {@code e}, without the driver's connection prefix. */
    public static String serverMessage(SQLException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = e.getMessage() == null ? t.toString() : e.getMessage();
        return m.replaceAll("^\\(conn=\\d+\\) ", "");
    }
}
