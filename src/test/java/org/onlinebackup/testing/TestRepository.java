package org.onlinebackup.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.onlinebackup.repository.Repository;

/**
 * The repository the tests' jobs keep their bookkeeping in: {@code $OBK_REPOSITORY}, which the build sets to a file
 * under {@code target/} for every test process and the command-line processes they start.
 */
public final class TestRepository {
    private TestRepository() {
    }

    public static Repository.Location location() {
        return Repository.Location.defaultLocation();
    }

    /** A connection to the tests' repository; the caller closes it. */
    public static Connection connect() {
        return Repository.open(location()).connection();
    }

    public static long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The first column of the first row, or null when there is no row. */
    public static String queryString(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
