package org.onlinebackup.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of a test's own, for what the shared server cannot do (binlog on, restarts): a fresh datadir
 * under {@code target/} made by {@code mariadb-install-db}, {@code mariadbd} on a free port with the given extra
 * options, and the account {@code obk}/{@code obk-pw} with every privilege. {@link #close()} stops it and removes
 * the datadir.
 */
public final class PrivateServer implements AutoCloseable {
    public static final String USER = "obk";
    public static final String PASSWORD = "obk-pw";

    private final Path dir;
    private final int port;
    private final List<String> command;
    private Process process;

    private PrivateServer(Path dir, int port, List<String> command, Process process) {
        this.dir = dir;
        this.port = port;
        this.command = command;
        this.process = process;
    }

    public static PrivateServer start(String name, String... options) throws Exception {
        Path dir = Path.of("target", "private-servers", TestServer.uniqueName(name)).toAbsolutePath();
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        run(dir.resolve("install.log"), "mariadb-install-db", "--no-defaults", "--user=" + System.getProperty("user.name"),
                "--datadir=" + data, "--auth-root-authentication-method=normal");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--user=" + System.getProperty("user.name"),
                "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"),
                "--pid-file=" + dir.resolve("pid"), "--local-infile=1"));
        cmd.addAll(List.of(options));
        PrivateServer server = new PrivateServer(dir, port, List.copyOf(cmd), launch(dir, cmd));
        try {
            server.awaitReady("root", "");
            try (Connection c = server.connect("root", "")) {
                TestServer.execute(c, "CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
                        "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'127.0.0.1' WITH GRANT OPTION");
            }
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    private static Process launch(Path dir, List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
    }

    private void awaitReady(String user, String password) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = connect(user, password)) {
                return;
            } catch (SQLException e) {
                if (!process.isAlive() || System.nanoTime() > until) {
                    throw new IllegalStateException("private server did not start; see " + dir.resolve("server.log"), e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Shuts the server down (as SIGTERM does: every connection is closed) and starts it again on the same data. */
    public void restart() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("private server did not shut down; see " + dir.resolve("server.log"));
        }
        process = launch(dir, command);
        awaitReady(USER, PASSWORD);
    }

    private static void run(Path log, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed; see " + log);
        }
    }

    /** A connection as another account of this server. */
    public Connection connect(String user, String password) throws SQLException {
        return connect(user, password, "");
    }

    public int port() {
        return port;
    }

    private Connection connect(String user, String password, String urlParameters) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/?allowLocalInfile=true" + urlParameters, props);
    }

    public Connection connect() throws SQLException {
        return connect(USER, PASSWORD);
    }

    /** A connection with Connector/J's {@code urlParameters} (each with its leading {@code &}), TLS ones say. */
    public Connection connect(String urlParameters) throws SQLException {
        return connect(USER, PASSWORD, urlParameters);
    }

    /** Runs the CLI in this process: {@code command}, this server's connection options, then {@code args}. */
    public Cli.Result cli(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(cliOptions());
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    /**
     * Restores {@code image}'s database {@code db} as {@code db_c}, checks it equals {@code source}
     * ({@link Definitions}), and drops both.
     */
    public void assertRestoresEqual(Path image, String db, Map<String, String> source) throws Exception {
        Cli.Result restored = cli("restore", "--from", image.toString(), "--rename", db + "=" + db + "_c");
        if (restored.code() != 0) {
            throw new AssertionError("restore failed: " + restored);
        }
        try (Connection c = connect()) {
            Definitions.assertSame(Definitions.of(c, db + "_c", "src"), source);
            TestServer.drop(c, db, db + "_c");
        }
    }

    /** The connection options of the CLI for this server. */
    public List<String> cliOptions() {
        return cliOptions(USER, PASSWORD);
    }

    /** The connection options of the CLI for this server, as another account. */
    public List<String> cliOptions(String user, String password) {
        return new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--user", user,
                "--password=" + password));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
