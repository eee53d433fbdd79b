package org.onlinebackup.lock;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statements other sessions are running, from {@code information_schema.PROCESSLIST} (the PROCESS privilege
 * shows every user's), told apart by their first keyword: DDL, writes, the rest.
 */
final class RunningStatements {
    private static final Set<String> DDL = Set.of("ALTER", "CREATE", "DROP", "RENAME", "TRUNCATE", "OPTIMIZE", "REPAIR");
    private static final Set<String> DML = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "LOAD", "CALL");
    /** The state of a statement queued behind the backup lock: it holds nothing yet. */
    static final String WAITING_FOR_BACKUP_LOCK = "Waiting for backup lock";

    private RunningStatements() {
    }

    /** One running statement: its connection id, how long it has run, its state and its text. */
    record Running(long id, double timeMs, String state, String statement) {
        boolean isDdl() {
            return DDL.contains(keyword(statement));
        }

        boolean isWrite() {
            String k = keyword(statement);
            return DML.contains(k) || DDL.contains(k);
        }

        boolean waitsForBackupLock() {
            return WAITING_FOR_BACKUP_LOCK.equalsIgnoreCase(state);
        }

        /** Whether it waits for a metadata lock ("Waiting for table metadata lock", "... schema metadata lock"...). */
        boolean waitsForMetadataLock() {
            return state != null && state.toLowerCase(Locale.ROOT).contains("metadata lock");
        }

        /** {@code id 12 (3.4 s): ALTER TABLE t ...}, the statement cut at 80 characters. */
        String describe() {
            return String.format(Locale.ROOT, "id %d (%.1f s): %s", id, timeMs / 1000, shortened(statement));
        }
    }

    /** The statements of every session but the caller's. */
    static List<Running> list(Connection c) throws SQLException {
        List<Running> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ID, TIME_MS, STATE, INFO FROM information_schema.PROCESSLIST"
                     + " WHERE ID <> CONNECTION_ID() AND INFO IS NOT NULL AND COMMAND <> 'Sleep'")) {
            while (rs.next()) {
                out.add(new Running(rs.getLong(1), rs.getDouble(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    static String describe(List<Running> statements) {
        return statements.stream().map(Running::describe).collect(Collectors.joining("; "));
    }

    /**
     * {@code statements} described with what each waits for: a statement waiting for a metadata lock is followed by
     * the open transactions that began before its wait, the sessions that can hold that lock (the server names no
     * holder without its METADATA_LOCK_INFO plugin); a session under LOCK TABLES can hold it too.
     */
    static String describeWaits(Connection c, List<Running> statements) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Running r : statements) {
            if (!r.waitsForMetadataLock()) {
                out.add(r.describe());
                continue;
            }
            List<String> holders = openTransactions(c, r);
            out.add(r.describe() + ", which waits for a metadata lock held by " + (holders.isEmpty()
                    ? "a session under LOCK TABLES or a statement on a table that is not InnoDB"
                    : "one of the open transactions " + String.join(", ", holders)));
        }
        return String.join("; ", out);
    }

    /**
     * The transactions of other sessions than {@code waiter}'s and the caller's open since before it began (to the
     * second before: the server gives a transaction's start in whole seconds).
     */
    private static List<String> openTransactions(Connection c, Running waiter) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t.trx_mysql_thread_id, TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), p.INFO"
                     + " FROM information_schema.INNODB_TRX t"
                     + " LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id"
                     + " WHERE t.trx_mysql_thread_id NOT IN (CONNECTION_ID(), " + waiter.id() + ")"
                     + " AND TIMESTAMPDIFF(MICROSECOND, t.trx_started, NOW()) >= " + Math.round(waiter.timeMs() * 1000 - 1_000_000)
                     + " ORDER BY t.trx_started LIMIT 5")) {
            while (rs.next()) {
                String doing = rs.getString(3) == null ? "idle" : "running " + shortened(rs.getString(3));
                out.add(String.format(Locale.ROOT, "id %d (open %d s, %s)", rs.getLong(1), rs.getLong(2), doing));
            }
        }
        return out;
    }

    /** A statement on one line, cut at 80 characters. */
    private static String shortened(String statement) {
        String s = statement.replaceAll("\\s+", " ").trim();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** The first keyword of a statement, upper case, after blanks, comments and opening parentheses. */
    static String keyword(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (Character.isWhitespace(ch) || ch == '(') {
                i++;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (sql.startsWith("--", i) || ch == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }
}
