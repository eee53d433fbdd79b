package org.onlinebackup.lock;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.sql.SqlLexer;
import org.onlinebackup.catalogue.sql.SqlSyntaxException;
import org.onlinebackup.catalogue.sql.Token;

/**
 * Which tables changed between two validity points, as the server's binary log proves it, or nothing when it cannot
 * be proven. The proof reads every event between the two binlog positions ({@code SHOW BINLOG EVENTS}):
 * <ul>
 * <li>a row event names its table in the Table_map event before it: that table changed;</li>
 * <li>transaction boundaries, GTIDs, annotations of row events, rotations, format descriptions, checkpoints and
 *     GTID lists change nothing;</li>
 * <li>a statement (Query event) changes nothing only if it ends or starts a transaction, or is a
 *     {@code CREATE TABLE IF NOT EXISTS} of a table in the repository schema (this tool's own tables);</li>
 * <li>anything else (a statement-based write, DDL, an event this list does not know) proves nothing.</li>
 * </ul>
 * Nothing is proven either when the binlog is off, either position is unknown or gone, the server filters what it
 * logs ({@code binlog_do_db}, {@code binlog_ignore_db}), or there are more than {@value #MAX_EVENTS} events to read.
 * What no proof can see: writes of sessions that turned {@code sql_log_bin} off.
 */
public final class BinlogChanges {
    static final int MAX_EVENTS = 5_000_000;
    private static final int PAGE = 10_000;
    private static final Pattern TABLE_MAP = Pattern.compile("^table_id: \\d+ \\((.*)\\)$");
    private static final Set<String> NEUTRAL = Set.of("Gtid", "Xid", "Format_desc", "Gtid_list", "Binlog_checkpoint",
            "Rotate", "Annotate_rows", "Start_encryption", "Stop");

    private final Set<String> tables = new HashSet<>();
    private String unprovable;

    private BinlogChanges() {
    }

    /** The outcome: the tables that changed, as {@code db.table} (unquoted), or why nothing is proven. */
    public record Result(Optional<Set<String>> changed, String unprovable) {
        static Result proven(Set<String> tables) {
            return new Result(Optional.of(Set.copyOf(tables)), null);
        }

        static Result none(String why) {
            return new Result(Optional.empty(), why);
        }
    }

    /** Reads the events from {@code fromFile:fromPosition} up to {@code toFile:toPosition}. */
    public static Result between(Connection c, String fromFile, long fromPosition, String toFile, long toPosition,
            String repositorySchema) throws SQLException {
        if (fromFile == null || toFile == null) {
            return Result.none("the binary log was off at one of the validity points");
        }
        List<String> files = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                if (!rs.next()) {
                    return Result.none("the binary log is off");
                }
                String doDb = rs.getString(3);
                String ignoreDb = rs.getString(4);
                if ((doDb != null && !doDb.isBlank()) || (ignoreDb != null && !ignoreDb.isBlank())) {
                    return Result.none("the server filters what it writes to the binary log (binlog_do_db, binlog_ignore_db)");
                }
            }
            try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) {
                    files.add(rs.getString(1));
                }
            }
        }
        int first = files.indexOf(fromFile);
        int last = files.indexOf(toFile);
        if (first < 0 || last < first) {
            return Result.none("binary log " + fromFile + " of the earlier validity point is gone");
        }
        BinlogChanges scan = new BinlogChanges();
        long events = 0;
        for (int f = first; f <= last && scan.unprovable == null; f++) {
            String file = files.get(f);
            long from = f == first ? fromPosition : 4;
            boolean more = true;
            while (more && scan.unprovable == null) {
                more = false;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS IN "
                        + Identifiers.literal(file) + " FROM " + from + " LIMIT " + PAGE)) {
                    while (rs.next()) {
                        long pos = rs.getLong("Pos");
                        if (f == last && pos >= toPosition) {
                            return scan.result();
                        }
                        if (++events > MAX_EVENTS) {
                            return Result.none("more than " + MAX_EVENTS + " events in the binary log between the validity points");
                        }
                        scan.event(rs.getString("Event_type"), rs.getString("Info"), repositorySchema);
                        from = rs.getLong("End_log_pos");
                        more = true;
                    }
                }
            }
        }
        return scan.result();
    }

    private Result result() {
        return unprovable == null ? Result.proven(tables) : Result.none(unprovable);
    }

    private void event(String type, String info, String repositorySchema) {
        if (NEUTRAL.contains(type) || type.endsWith("_rows") || type.endsWith("_rows_v1") || type.endsWith("_rows_compressed_v1")
                || type.endsWith("_rows_compressed")) {
            return;
        }
        if (type.equals("Table_map")) {
            Matcher m = TABLE_MAP.matcher(info == null ? "" : info.trim());
            if (m.matches()) {
                tables.add(m.group(1));
            } else {
                unprovable = "a table map event whose table cannot be read: " + info;
            }
            return;
        }
        if (type.equals("Query") && harmless(info == null ? "" : info, repositorySchema)) {
            return;
        }
        unprovable = "the binary log has a " + type + " event that may change any table: " + shorten(info);
    }

    /** A statement that ends or starts a transaction, or creates one of the repository's tables if it is missing. */
    static boolean harmless(String info, String repositorySchema) {
        List<Token> t;
        try {
            t = SqlLexer.tokenize(info, null);
        } catch (SqlSyntaxException e) {
            return false;
        }
        int i = 0;
        String db = null;
        if (t.size() >= 3 && t.get(0).is("use") && t.get(1).isName() && t.get(2).isSymbol(";")) {
            db = t.get(1).value();
            i = 3;
        }
        if (i >= t.size()) {
            return true;
        }
        Token first = t.get(i);
        if (first.is("BEGIN") || first.is("COMMIT") || first.is("ROLLBACK") || first.is("XA")
                || first.is("SAVEPOINT") || first.is("RELEASE")) {
            return true;
        }
        if (!(t.size() > i + 5 && first.is("CREATE") && t.get(i + 1).is("TABLE") && t.get(i + 2).is("IF")
                && t.get(i + 3).is("NOT") && t.get(i + 4).is("EXISTS") && t.get(i + 5).isName())) {
            return false;
        }
        boolean qualified = t.size() > i + 7 && t.get(i + 6).isSymbol(".") && t.get(i + 7).isName();
        return repositorySchema.equals(qualified ? t.get(i + 5).value() : db);
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
