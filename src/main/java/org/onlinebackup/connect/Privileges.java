package org.onlinebackup.connect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * What the connected account may do, from {@code SHOW GRANTS} (its own grants and those of its current role): global
 * privileges, privileges on databases (their names may be patterns, as in {@code GRANT ... ON `shop\_%`.*}) and on
 * tables. Read once, before an operation starts, so that a missing privilege is one line naming it, not a server
 * error halfway, nor a trigger the server silently hides from an account without TRIGGER.
 */
public final class Privileges {
    private static final Pattern GRANT = Pattern.compile(
            "^GRANT (.+?) ON (?:(?:PROCEDURE|FUNCTION|PACKAGE|PACKAGE BODY) )?(\\S+) TO .*$", Pattern.DOTALL);

    private final String account;
    private final Set<String> global = new HashSet<>();
    private final List<Map.Entry<String, Set<String>>> databases = new ArrayList<>();
    private final Map<String, Set<String>> tables = new HashMap<>();

    private Privileges(String account) {
        this.account = account;
    }

    /** The privileges of the account {@code c} is connected as. */
    public static Privileges of(Connection c) throws SQLException {
        String account;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            String u = rs.getString(1);
            int at = u.lastIndexOf('@');
            account = at < 0 ? "'" + u + "'" : "'" + u.substring(0, at) + "'@'" + u.substring(at + 1) + "'";
        }
        List<String> grants = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                grants.add(rs.getString(1));
            }
        }
        return parse(account, grants);
    }

    /** The privileges {@code grants} (lines of {@code SHOW GRANTS}) give {@code account}. */
    public static Privileges parse(String account, List<String> grants) {
        Privileges p = new Privileges(account);
        for (String g : grants) {
            Matcher m = GRANT.matcher(g.trim());
            if (!m.matches()) {
                continue;
            }
            Set<String> privileges = names(m.group(1));
            if (g.trim().endsWith(" WITH GRANT OPTION")) {
                privileges.add("GRANT OPTION");
            }
            String on = m.group(2);
            if (on.equals("*.*")) {
                p.global.addAll(privileges);
            } else if (on.endsWith(".*")) {
                p.databases.add(Map.entry(unquote(on.substring(0, on.length() - 2)), privileges));
            } else {
                int dot = dot(on);
                if (dot > 0) {
                    String key = key(unquote(on.substring(0, dot)), unquote(on.substring(dot + 1)));
                    p.tables.computeIfAbsent(key, k -> new HashSet<>()).addAll(privileges);
                }
            }
        }
        return p;
    }

    /** The account as {@code 'user'@'host'}. */
    public String account() {
        return account;
    }

    /** Held on every database ({@code ON *.*}). */
    public boolean global(String privilege) {
        return has(global, privilege);
    }

    /** Held on database {@code db}: globally, or on a database pattern that matches it. */
    public boolean onDatabase(String privilege, String db) {
        if (global(privilege)) {
            return true;
        }
        for (Map.Entry<String, Set<String>> e : databases) {
            if (has(e.getValue(), privilege) && matches(e.getKey(), db)) {
                return true;
            }
        }
        return false;
    }

    /** Held on table {@code db.table}: globally, on its database, or on the table itself. */
    public boolean onTable(String privilege, String db, String table) {
        return onDatabase(privilege, db) || has(tables.getOrDefault(key(db, table), Set.of()), privilege);
    }

    private static boolean has(Set<String> held, String privilege) {
        // ALL PRIVILEGES is every privilege but the GRANT OPTION, which a grant gives with WITH GRANT OPTION
        return held.contains(privilege) || !privilege.equals("GRANT OPTION") && (held.contains("ALL PRIVILEGES") || held.contains("ALL"));
    }

    /**
     * A privilege an operation needs: on every database ({@code db} null), on database {@code db}, or on its table
     * {@code table}; {@code why} says what for, as the one-line error gives it.
     */
    public record Need(String privilege, String db, String table, String why) {
        public static Need global(String privilege, String why) {
            return new Need(privilege, null, null, why);
        }

        public static Need onDatabase(String privilege, String db, String why) {
            return new Need(privilege, db, null, why);
        }

        /** Where a GRANT would give it: {@code *.*}, {@code `db`.*} or {@code `db`.`table`}. */
        public String on() {
            return db == null ? "*.*" : quote(db) + "." + (table == null ? "*" : quote(table));
        }

        private static String quote(String name) {
            return "`" + name.replace("`", "``") + "`";
        }
    }

    /** Whether the account holds {@code need}. */
    public boolean holds(Need need) {
        return need.db() == null ? global(need.privilege())
                : need.table() == null ? onDatabase(need.privilege(), need.db()) : onTable(need.privilege(), need.db(), need.table());
    }

    /**
     * Fails with {@link Message#PRIVILEGE_MISSING} on the first of {@code needs} the account lacks: one line naming
     * it, what needs it, and the GRANT that gives it.
     */
    public void require(List<Need> needs) {
        for (Need n : needs) {
            if (!holds(n)) {
                throw missing(n);
            }
        }
    }

    /** The one-line error of a missing privilege. */
    public OnlineBackupException missing(Need n) {
        String grant = n.privilege().equals("GRANT OPTION") ? "USAGE ON " + n.on() + " TO " + account + " WITH GRANT OPTION"
                : n.privilege() + " ON " + n.on() + " TO " + account;
        return new OnlineBackupException(Message.PRIVILEGE_MISSING, account, n.privilege(),
                n.db() == null ? "" : " on " + n.on(), n.why(), grant);
    }

    /** The privilege names of a grant's list: "SELECT, INSERT (`a`, `b`), SHOW VIEW" gives SELECT, INSERT, SHOW VIEW. */
    private static Set<String> names(String list) {
        Set<String> out = new HashSet<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (char ch : list.toCharArray()) {
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(cur.toString().trim().toUpperCase(Locale.ROOT));
                cur.setLength(0);
            } else if (depth == 0) {
                cur.append(ch);
            }
        }
        out.add(cur.toString().trim().toUpperCase(Locale.ROOT));
        // MariaDB's older name for BINLOG MONITOR
        if (out.contains("REPLICATION CLIENT")) {
            out.add("BINLOG MONITOR");
        }
        return out;
    }

    /** The position of the dot between a quoted database and table name, or -1. */
    private static int dot(String qualified) {
        boolean quoted = false;
        for (int i = 0; i < qualified.length(); i++) {
            char ch = qualified.charAt(i);
            if (ch == '`') {
                quoted = !quoted;
            } else if (ch == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** A name as SHOW GRANTS quotes it: `a``b` is a`b; a database pattern's backslashes are shown doubled. */
    private static String unquote(String name) {
        String n = name.startsWith("`") && name.endsWith("`") && name.length() >= 2
                ? name.substring(1, name.length() - 1).replace("``", "`") : name;
        return n.replace("\\\\", "\\");
    }

    /** Whether database {@code db} matches a grant's database pattern: {@code _} any character, {@code %} any run, {@code \} escapes. */
    static boolean matches(String pattern, String db) {
        return matches(pattern, 0, db, 0);
    }

    private static boolean matches(String p, int i, String s, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '%') {
                for (int k = j; k <= s.length(); k++) {
                    if (matches(p, i + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (j >= s.length()) {
                return false;
            }
            if (c == '\\' && i + 1 < p.length()) {
                i++;
                if (p.charAt(i) != s.charAt(j)) {
                    return false;
                }
            } else if (c != '_' && c != s.charAt(j)) {
                return false;
            }
            i++;
            j++;
        }
        return j == s.length();
    }

    private static String key(String db, String table) {
        return db + "\u0000" + table;
    }
}
