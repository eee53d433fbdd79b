package org.onlinebackup.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The MariaDB server the integration tests use: {@code OBK_TEST_HOST}, {@code OBK_TEST_PORT}, {@code OBK_TEST_USER},
 * {@code OBK_TEST_PASSWORD}, by default the account {@code .ci/setup-server} creates.
 */
public final class TestServer {
    public static final String HOST = env("OBK_TEST_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("OBK_TEST_PORT", "3306"));
    public static final String USER = env("OBK_TEST_USER", "obk_test");
    public static final String PASSWORD = env("OBK_TEST_PASSWORD", "obk-test-pw");

    private TestServer() {
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? def : v;
    }

    public static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        Connection c = DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + PORT + "/?allowLocalInfile=true", p);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION time_zone = '+00:00'");
        }
        return c;
    }

    /** The connection options of the CLI for this server. */
    public static List<String> cliOptions() {
        return new ArrayList<>(List.of("--host", HOST, "--port", Integer.toString(PORT), "--user", USER,
                "--password=" + PASSWORD));
    }

    /** A database name no other test uses: {@code obk_<prefix>_<random>}. */
    public static String uniqueName(String prefix) {
        return ("obk_" + prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36))
                .toLowerCase(Locale.ROOT);
    }

    public static void execute(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    public static String queryString(Connection c, String sql, int column) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(column) : null;
        }
    }

    public static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static boolean databaseExists(Connection c, String db) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Drops the databases, also when foreign keys of one refer to another. */
    public static void drop(Connection c, String... dbs) throws SQLException {
        execute(c, "SET SESSION foreign_key_checks = 0");
        for (String db : dbs) {
            execute(c, "DROP DATABASE IF EXISTS `" + db.replace("`", "``") + "`");
        }
    }
}
