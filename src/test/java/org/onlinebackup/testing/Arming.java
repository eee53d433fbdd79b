package org.onlinebackup.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * What the tests of untrusted images use to run what a restore created, as an attacker hopes it is run, and to see
 * what changed: each statement's every returned value kept, a refusal kept as null; checksums of tables; a
 * connection as another account.
 */
public final class Arming {
    private Arming() {
    }

    /** Runs {@code sql} on {@code conn}, adding every value of every result it returns to {@code returned}. */
    public static void run(Connection conn, String sql, List<String> returned) {
        try (Statement s = conn.createStatement()) {
            boolean rows = s.execute(sql);
            while (rows || s.getUpdateCount() != -1) {
                if (rows) {
                    try (ResultSet rs = s.getResultSet()) {
                        while (rs.next()) {
                            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                                returned.add(rs.getString(i));
                            }
                        }
                    }
                }
                rows = s.getMoreResults();
            }
        } catch (SQLException refused) {
            returned.add(null);
        }
    }

    /** {@code CHECKSUM TABLE ... EXTENDED} of {@code tables}, as one string. */
    public static String checksums(Connection c, String... tables) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("CHECKSUM TABLE " + String.join(", ", tables) + " EXTENDED")) {
            while (rs.next()) {
                b.append(rs.getString(1)).append('=').append(rs.getString(2)).append(' ');
            }
        }
        return b.toString();
    }

    /** A connection to the test server as {@code user}. */
    public static Connection connectAs(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:mariadb://" + TestServer.HOST + ":" + TestServer.PORT + "/", p);
    }
}
