package org.onlinebackup.catalogue.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.sql.SqlLexer;
import org.onlinebackup.catalogue.sql.Token;

/**
 * Reads the accounts and roles that hold privileges on some databases: those with a database, table, column or
 * routine privilege there, and the roles granted to them. Each keeps its CREATE USER statement (CREATE ROLE for a
 * role) and, of what SHOW GRANTS lists, the grants on those databases, the roles it is granted among them, and
 * its default role. Global privileges ({@code ON *.*}) and proxy grants stay out: they concern the whole server,
 * and are noted. Reading them needs SELECT on the {@code mysql} schema.
 */
public final class AccountReader {
    private final Connection connection;
    private final List<String> notes = new ArrayList<>();

    public AccountReader(Connection connection) {
        this.connection = connection;
    }

    /** What the accounts read could not carry. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public List<AccountEntry> read(List<String> databases) throws SQLException {
        Map<String, String[]> accounts = new LinkedHashMap<>();
        String in = String.join(",", databases.stream().map(Identifiers::literal).toList());
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT User, Host FROM mysql.db WHERE Db IN (" + in + ")"
                     + " UNION SELECT User, Host FROM mysql.tables_priv WHERE Db IN (" + in + ")"
                     + " UNION SELECT User, Host FROM mysql.columns_priv WHERE Db IN (" + in + ")"
                     + " UNION SELECT User, Host FROM mysql.procs_priv WHERE Db IN (" + in + ") ORDER BY 1, 2")) {
            while (rs.next()) {
                accounts.put(rs.getString(1) + "@" + rs.getString(2), new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        Deque<String[]> todo = new ArrayDeque<>(accounts.values());
        while (!todo.isEmpty()) {
            String[] a = todo.pop();
            try (PreparedStatement ps = connection.prepareStatement("SELECT Role FROM mysql.roles_mapping WHERE User = ? AND Host = ?")) {
                ps.setString(1, a[0]);
                ps.setString(2, a[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String[] role = {rs.getString(1), ""};
                        if (accounts.putIfAbsent(role[0] + "@", role) == null) {
                            todo.push(role);
                        }
                    }
                }
            }
        }
        List<AccountEntry> out = new ArrayList<>();
        for (String[] a : accounts.values()) {
            boolean role = isRole(a[0], a[1]);
            AccountEntry probe = new AccountEntry(a[0], a[1], role, "", List.of());
            String create = role ? "CREATE ROLE " + probe.quoted() : showCreateUser(probe);
            out.add(new AccountEntry(a[0], a[1], role, create, grants(probe, Set.copyOf(databases), accounts)));
        }
        return out;
    }

    private boolean isRole(String user, String host) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT is_role FROM mysql.user WHERE User = ? AND Host = ?")) {
            ps.setString(1, user);
            ps.setString(2, host);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "Y".equalsIgnoreCase(rs.getString(1));
            }
        }
    }

    private String showCreateUser(AccountEntry a) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE USER " + a.quoted())) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The grants of {@code a} on {@code databases}, its roles among {@code accounts}, and its default role. */
    private List<String> grants(AccountEntry a, Set<String> databases, Map<String, String[]> accounts) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS FOR " + a.quoted())) {
            while (rs.next()) {
                String grant = rs.getString(1);
                List<Token> t = SqlLexer.tokenize(grant, null);
                int on = indexOf(t, "ON");
                if (t.get(0).is("SET") || (on < 0 && indexOf(t, "TO") == 2)) {
                    String role = t.get(0).is("SET") ? t.get(3).value() : t.get(1).value();
                    if (role.equalsIgnoreCase("NONE") || accounts.containsKey(role + "@")) {
                        out.add(grant);
                    }
                } else if (t.size() > 1 && t.get(1).is("PROXY")) {
                    notes.add("the proxy grant of " + a.quoted() + " is not in the image");
                } else if (on >= 0) {
                    int db = on + 1;
                    while (db < t.size() && (t.get(db).is("TABLE") || t.get(db).is("PROCEDURE") || t.get(db).is("FUNCTION")
                            || t.get(db).is("PACKAGE") || t.get(db).is("BODY"))) {
                        db++;
                    }
                    if (db < t.size() && t.get(db).isSymbol("*")) {
                        if (!t.get(1).is("USAGE")) {
                            notes.add("the global privileges of " + a.quoted() + " (ON *.*) are not in the image");
                        }
                    } else if (db < t.size() && databases.contains(t.get(db).value())) {
                        out.add(grant);
                    }
                }
            }
        }
        return out;
    }

    private static int indexOf(List<Token> t, String word) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }
}
