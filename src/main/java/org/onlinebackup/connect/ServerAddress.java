package org.onlinebackup.connect;

/**
 * Where and as whom to connect: TCP host and port, or a Unix socket, with what TLS, and whether the protocol is
 * compressed ({@code --compress}); or, in an application server, a JNDI data source ({@code dataSource}) that says
 * all of that and holds the password itself. Holds no secret, so it can travel in job parameters and history rows.
 */
public record ServerAddress(String host, int port, String socket, String user, Tls tls, boolean compress, String dataSource) {

    public static final int DEFAULT_PORT = 3306;

    /** An address reached without TLS. */
    public ServerAddress(String host, int port, String socket, String user) {
        this(host, port, socket, user, Tls.OFF);
    }

    /** An address reached without compression. */
    public ServerAddress(String host, int port, String socket, String user, Tls tls) {
        this(host, port, socket, user, tls, false);
    }

    /** An address reached directly, not through a data source. */
    public ServerAddress(String host, int port, String socket, String user, Tls tls, boolean compress) {
        this(host, port, socket, user, tls, compress, null);
    }

    /** The server behind the JNDI data source {@code jndiName} of the application server. */
    public static ServerAddress ofDataSource(String jndiName) {
        return new ServerAddress(null, 0, null, "(data source)", Tls.OFF, false, jndiName);
    }

    public ServerAddress {
        if (tls == null) {
            tls = Tls.OFF;
        }
        if (host == null || host.isBlank()) {
            host = "localhost";
        }
        if (port <= 0) {
            port = DEFAULT_PORT;
        }
        if (socket != null && socket.isBlank()) {
            socket = null;
        }
        if (user == null || user.isBlank()) {
            user = System.getProperty("user.name", "root");
        }
        if (dataSource != null && dataSource.isBlank()) {
            dataSource = null;
        }
    }

    /** Whether connections come from an application server's data source. */
    public boolean viaDataSource() {
        return dataSource != null;
    }

    public boolean viaSocket() {
        return socket != null;
    }

    /** {@code host:port} or {@code socket path}, for messages. */
    public String where() {
        return viaDataSource() ? "data source " + dataSource : viaSocket() ? "socket " + socket : host + ":" + port;
    }

    /** The key under which the password of this address is kept in memory. */
    public String credentialKey() {
        return user + "@" + (viaDataSource() ? "jndi:" + dataSource : viaSocket() ? "unix:" + socket : host + ":" + port);
    }

    public String jdbcUrl(String database) {
        String db = database == null ? "" : database;
        String base = viaSocket()
                ? "jdbc:mariadb://localhost/" + db + "?localSocket=" + socket + "&"
                : "jdbc:mariadb://" + hostForUrl() + ":" + port + "/" + db + "?";
        return base + "allowLocalInfile=true&useServerPrepStmts=false&connectTimeout=10000" + tls.urlParameters()
                + (compress ? "&useCompression=true" : "");
    }

    private String hostForUrl() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
