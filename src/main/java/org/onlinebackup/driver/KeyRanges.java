package org.onlinebackup.driver;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.TableEntry;

/**
 * Splits a large table into key ranges that can be read, and later restored, apart: by the first column of its
 * primary key, or else of a unique key whose columns are all NOT NULL, when that column is an integer. The range of
 * values between its smallest and largest value is cut into equal parts, as many as the table's estimated size
 * needs at {@code target} bytes a part (at most {@link #MAX_RANGES}); the first part has no lower bound and the last
 * no upper bound, so every row falls in exactly one range whatever the bounds. Other tables (no such key, or a key
 * that is not an integer) are one range: the rows of a key that is not a number cannot be cut evenly without
 * reading the key first. So is a table versioned by transaction id, whose history a restore replays in commit
 * order from all its rows at once.
 */
public final class KeyRanges {
    public static final int MAX_RANGES = 1024;
    private static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");

    private KeyRanges() {
    }

    /** The ranges of {@code table}, whose size the server estimates at {@code estimatedBytes}. */
    public static List<KeyRange> of(Connection c, Catalogue catalogue, TableEntry table, long estimatedBytes, long target)
            throws SQLException {
        int parts = (int) Math.min(MAX_RANGES, (estimatedBytes + target - 1) / Math.max(1, target));
        if (parts < 2 || table.versioning() == TableEntry.Versioning.TRANSACTION) {
            return List.of(KeyRange.WHOLE);
        }
        String column = keyColumn(c, catalogue.databaseOf(table).name(), table.name());
        if (column == null) {
            return List.of(KeyRange.WHOLE);
        }
        String q = Identifiers.quote(column);
        BigInteger min;
        BigInteger max;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MIN(" + q + "), MAX(" + q + ") FROM " + catalogue.qualifiedName(table))) {
            rs.next();
            if (rs.getString(1) == null) {
                return List.of(KeyRange.WHOLE);
            }
            min = new BigInteger(rs.getString(1));
            max = new BigInteger(rs.getString(2));
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        if (span.compareTo(BigInteger.valueOf(parts)) < 0) {
            parts = span.intValue();
        }
        if (parts < 2) {
            return List.of(KeyRange.WHOLE);
        }
        List<KeyRange> out = new ArrayList<>(parts);
        String lower = null;
        for (int i = 0; i < parts; i++) {
            String upper = i == parts - 1 ? null
                    : min.add(span.multiply(BigInteger.valueOf(i + 1)).divide(BigInteger.valueOf(parts))).toString();
            out.add(new KeyRange(i, column, lower, upper));
            lower = upper;
        }
        return out;
    }

    /** The first column of the primary key, else of a unique key of NOT NULL columns, if it is an integer; else null. */
    private static String keyColumn(Connection c, String db, String table) throws SQLException {
        String sql = "SELECT s.INDEX_NAME, s.COLUMN_NAME, c.DATA_TYPE, s.SEQ_IN_INDEX,"
                + " SUM(c.IS_NULLABLE = 'YES') OVER (PARTITION BY s.INDEX_NAME) AS nullable"
                + " FROM information_schema.STATISTICS s JOIN information_schema.COLUMNS c"
                + " ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME"
                + " WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0"
                + " ORDER BY s.INDEX_NAME <> 'PRIMARY', s.INDEX_NAME, s.SEQ_IN_INDEX";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(4) == 1 && rs.getInt(5) == 0) {
                        return INTEGERS.contains(rs.getString(3).toLowerCase(Locale.ROOT)) ? rs.getString(2) : null;
                    }
                }
            }
        }
        return null;
    }
}
