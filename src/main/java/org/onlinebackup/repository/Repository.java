package org.onlinebackup.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.connect.Tls;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * Where this tool keeps its bookkeeping: an embedded SQLite file ({@code ~/.online-backup/repository.db} by default,
 * or {@code $OBK_REPOSITORY}), a database on a MariaDB server ({@code mariadb://user@host:port/database}, the password
 * registered in memory like a server's), or an application server's data source ({@code java:...}). Never the server
 * being backed up unless the user names it. Its location holds no secret, so it travels in job parameters.
 *
 * <p>An embedded repository is safe for several processes of one account at once: SQLite's write-ahead log lets
 * readers go on beside the one writer, every transaction takes the write lock when it begins (so two never deadlock
 * upgrading a read), and a writer waits for another at most {@value Embedded#BUSY_TIMEOUT_MILLIS} ms.
 */
public final class Repository {
    public static final String ENVIRONMENT = "OBK_REPOSITORY";

    private static final Map<String, Repository> OPEN = new ConcurrentHashMap<>();

    private final Location location;
    private final DataSource dataSource;

    private Repository(Location location, DataSource dataSource) {
        this.location = location;
        this.dataSource = dataSource;
    }

    /** Where a repository is, parsed from what the user or a job parameter gave. */
    public record Location(String text, Dialect dialect, Path file, ServerAddress server, String database) {
        /** The repository {@code text} names; the default one when it is null or blank. */
        public static Location parse(String text) {
            if (text == null || text.isBlank()) {
                return defaultLocation();
            }
            String t = text.trim();
            if (t.startsWith("java:")) {
                return new Location(t, Dialect.MARIADB, null, ServerAddress.ofDataSource(t), null);
            }
            if (t.toLowerCase(Locale.ROOT).startsWith("mariadb://")) {
                return server(t);
            }
            if (t.contains("://")) {
                throw new OnlineBackupException(Message.USAGE, "--repository " + t + ": give a file (the embedded"
                        + " repository), mariadb://USER@HOST:PORT/DATABASE, or an application server's java: data source");
            }
            Path file = Path.of(t).toAbsolutePath().normalize();
            return new Location(file.toString(), Dialect.SQLITE, file, null, null);
        }

        private static Location server(String t) {
            String rest = t.substring("mariadb://".length());
            int question = rest.indexOf('?');
            Tls tls = question < 0 ? Tls.OFF : tls(t, rest.substring(question + 1));
            rest = question < 0 ? rest : rest.substring(0, question);
            int slash = rest.indexOf('/');
            String database = slash < 0 ? "" : rest.substring(slash + 1);
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            if (database.isBlank() || database.contains("/") || database.contains("?")) {
                throw new OnlineBackupException(Message.USAGE, "--repository " + t + ": name the database, as in"
                        + " mariadb://USER@HOST:PORT/DATABASE (the password comes from OBK_REPOSITORY_PASSWORD or the"
                        + " option file's repository-password, never the command line)");
            }
            int at = authority.lastIndexOf('@');
            String user = at < 0 ? null : authority.substring(0, at);
            String hostPort = at < 0 ? authority : authority.substring(at + 1);
            if (user != null && user.contains(":")) {
                throw new OnlineBackupException(Message.USAGE, "--repository: no password in the location; give it in"
                        + " OBK_REPOSITORY_PASSWORD or the option file's repository-password");
            }
            int colon = hostPort.lastIndexOf(':');
            int port = ServerAddress.DEFAULT_PORT;
            String host = hostPort;
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                try {
                    port = Integer.parseInt(hostPort.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new OnlineBackupException(Message.USAGE, "--repository " + t + ": the port is not a number");
                }
            }
            return new Location(t, Dialect.MARIADB, null, new ServerAddress(host, port, null, user, tls), database);
        }

        /**
         * TLS to a shared repository, from the location's query: the clients' option names, {@code ssl},
         * {@code ssl-ca=FILE}, {@code ssl-capath=DIR}, {@code ssl-cert=FILE}, {@code ssl-key=FILE} and
         * {@code ssl-verify-server-cert}, joined by {@code &}. The location travels whole to every process and job that
         * uses the repository, so its TLS goes with it.
         */
        private static Tls tls(String t, String query) {
            boolean on = false;
            boolean verify = false;
            Map<String, String> files = new HashMap<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? null : pair.substring(eq + 1);
                switch (name) {
                    case "ssl" -> on = value == null || !value.equals("0");
                    case "ssl-verify-server-cert" -> verify = value == null || !value.equals("0");
                    case "ssl-ca", "ssl-capath", "ssl-cert", "ssl-key" -> {
                        if (value == null || value.isBlank()) {
                            throw new OnlineBackupException(Message.USAGE, "--repository " + t + ": " + name + " needs a file, as in "
                                    + name + "=/etc/mysql/ca.pem");
                        }
                        files.put(name, value);
                    }
                    default -> throw new OnlineBackupException(Message.USAGE, "--repository " + t + ": unknown parameter '"
                            + name + "'; a shared repository takes ssl, ssl-ca, ssl-capath, ssl-cert, ssl-key and"
                            + " ssl-verify-server-cert");
                }
            }
            return new Tls(on, files.get("ssl-ca"), verify, files.get("ssl-capath"), files.get("ssl-cert"), files.get("ssl-key"));
        }

        /** {@code $OBK_REPOSITORY}, or {@code ~/.online-backup/repository.db} ({@code $HOME}, as the clients find it). */
        public static Location defaultLocation() {
            String env = System.getenv(ENVIRONMENT);
            if (env != null && !env.isBlank()) {
                return parse(env);
            }
            String home = System.getenv("HOME");
            Path dir = Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".online-backup");
            return parse(dir.resolve("repository.db").toString());
        }

        public boolean embedded() {
            return dialect == Dialect.SQLITE;
        }

        /** How messages name it: "repository /home/dba/.online-backup/repository.db". */
        @Override
        public String toString() {
            return "repository " + text;
        }
    }

    /**
     * The repository at {@code location}, its tables created or brought up to date first. One per location and
     * process. For a server's, the password must be registered already.
     */
    public static Repository open(Location location) {
        return OPEN.computeIfAbsent(location.text(), k -> {
            Repository r = new Repository(location, dataSource(location));
            RepositorySchema.ensure(r);
            if (location.embedded()) {
                restrict(location.file());
            }
            return r;
        });
    }

    /**
     * The repository at {@code location} for looking only: an embedded file, or a server's database, must exist
     * already ({@code OBK-1016} otherwise), so looking at history never creates one.
     */
    public static Repository existing(Location location) {
        if (!OPEN.containsKey(location.text()) && !exists(location)) {
            throw new OnlineBackupException(Message.HISTORY_NONE, location,
                    "no backup or restore has run with it (see --repository)");
        }
        return open(location);
    }

    private static boolean exists(Location location) {
        if (location.embedded()) {
            return Files.exists(location.file());
        }
        if (location.database() == null) {
            return true;
        }
        try (Connection c = ServerConnections.open(location.server())) {
            return ServerConnections.databaseExists(c, location.database());
        } catch (SQLException e) {
            throw onServer(location, ServerConnections.classify(e, location.server(), "looking for its database"));
        } catch (OnlineBackupException e) {
            throw onServer(location, e);
        }
    }

    private static DataSource dataSource(Location location) {
        if (!location.embedded() && location.server().viaDataSource()) {
            // the application server's pool as it is: the repository leaves nothing in a session (no lock, no
            // variable), so its connections go back to the pool; an operation's own connections never do
            return ServerConnections.applicationServerPool(location.server());
        }
        if (!location.embedded()) {
            if (location.database() != null) {
                try (Connection c = ServerConnections.open(location.server())) {
                    ServerConnections.createDatabaseIfMissing(c, location.database());
                } catch (SQLException e) {
                    throw onServer(location, ServerConnections.classify(e, location.server(), "creating its database"));
                } catch (OnlineBackupException e) {
                    throw onServer(location, e);
                }
            }
            return ServerConnections.pooledDataSource(location.server(), location.database(), 8);
        }
        Path dir = location.file().getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new OnlineBackupException(e, Message.REPOSITORY_FAILED, location, "cannot create its directory " + dir
                    + ": " + e.getMessage());
        }
        return Embedded.dataSource(location.file());
    }

    public Location location() {
        return location;
    }

    public Dialect dialect() {
        return location.dialect();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A connection of its own, in auto-commit; the caller closes it. */
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw error(e, "connect");
        }
    }

    /** A one-line error for a failed statement on the repository while {@code doing}. */
    public OnlineBackupException error(SQLException e, String doing) {
        if (!location.embedded()) {
            return onServer(location, ServerConnections.classify(e, location.server(), doing + " in " + location));
        }
        return new OnlineBackupException(e, Message.REPOSITORY_FAILED, location, e.getMessage() + ", while " + doing);
    }

    /**
     * A server's error as the repository's: it names the repository (an operation reaches two servers, and the
     * error must say which one failed), and TLS to it is asked for in its location, not with the connection options.
     */
    private static OnlineBackupException onServer(Location location, OnlineBackupException e) {
        if (location.server().viaDataSource()) {
            return e;
        }
        String why = e.getMessage().replaceFirst("^OBK-\\d{4} ", "")
                .replace("connect with --ssl", "ask for TLS in the location: ?ssl-ca=FILE&ssl-verify-server-cert (or ?ssl)");
        return new OnlineBackupException(e, Message.REPOSITORY_FAILED, location, why);
    }

    /** The file holds history and job parameters: its owner's only, as the image files are. */
    private static void restrict(Path file) {
        try {
            for (Path p : new Path[] {file, Path.of(file + "-wal"), Path.of(file + "-shm")}) {
                if (Files.exists(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a file system without POSIX permissions: the directory (0700) still keeps others out
        }
    }
}
