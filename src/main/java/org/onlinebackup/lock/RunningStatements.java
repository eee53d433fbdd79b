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

        /** {@code id 12 (3.4 s): ALTER TABLE t ...}, the statement cut at 80 characters. */
        String describe() {
            String s = statement.replaceAll("\\s+", " ").trim();
            if (s.length() > 80) {
                s = s.substring(0, 77) + "...";
            }
            return String.format(Locale.ROOT, "id %d (%.1f s): %s", id, timeMs / 1000, s);
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
