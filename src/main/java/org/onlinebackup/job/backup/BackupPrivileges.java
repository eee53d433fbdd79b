package org.onlinebackup.job.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.connect.Privileges;
import org.onlinebackup.connect.Privileges.Need;
import org.onlinebackup.job.common.JobParams;

/**
 * The privileges a backup needs (docs/privileges.md), checked before it starts, by what the backup is asked to do. Only
 * read privileges; nothing that writes. A missing one fails the backup with one line naming it and the GRANT that
 * gives it, before any lock or file; one the server would not have reported at all (it hides triggers and events
 * from an account without TRIGGER or EVENT) cannot silently leave objects out.
 */
final class BackupPrivileges {
    private BackupPrivileges() {
    }

    /** Fails with {@code OBK-1036} on the first privilege needed that the account lacks. */
    static void check(Connection c, List<String> databases, Properties p) throws SQLException {
        Privileges.of(c).require(needs(c, databases, p));
    }

    /**
     * Fails with {@code OBK-1036} unless the account has SELECT on each of {@code databases}: the server shows a
     * database only to an account with a privilege on it, so one it does not show may exist.
     */
    static void checkSelect(Connection c, List<String> databases) throws SQLException {
        Privileges.of(c).require(databases.stream().map(BackupPrivileges::select).toList());
    }

    private static Need select(String db) {
        return Need.onDatabase("SELECT", db, "the backup reads its tables and definitions");
    }

    static List<Need> needs(Connection c, List<String> databases, Properties p) throws SQLException {
        List<Need> out = new ArrayList<>();
        boolean data = !JobParams.selection(p).noData();
        // three queries for all the databases, not three per database: a backup of a thousand databases asks once
        Set<String> withViews = schemas(c, "SELECT DISTINCT TABLE_SCHEMA FROM information_schema.TABLES"
                + " WHERE TABLE_TYPE = 'VIEW' AND TABLE_SCHEMA IN (%s)", databases);
        Set<String> withOtherEngines = data ? schemas(c, "SELECT DISTINCT TABLE_SCHEMA FROM information_schema.TABLES"
                + " WHERE TABLE_TYPE = 'BASE TABLE' AND ENGINE IS NOT NULL AND ENGINE <> 'InnoDB' AND TABLE_SCHEMA IN (%s)",
                databases) : Set.of();
        Set<String> withRoutines = schemas(c, "SELECT DISTINCT ROUTINE_SCHEMA FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA IN (%s)", databases);
        for (String db : databases) {
            out.add(select(db));
            if (withViews.contains(db)) {
                out.add(Need.onDatabase("SHOW VIEW", db, "the backup reads its views' definitions"));
            }
            out.add(Need.onDatabase("TRIGGER", db, "the server shows its triggers only to an account with it"));
            out.add(Need.onDatabase("EVENT", db, "the server shows its events only to an account with it"));
            if (withOtherEngines.contains(db)) {
                out.add(Need.onDatabase("LOCK TABLES", db, "the backup holds its tables that are not transactional"
                        + " (MyISAM, Aria, ...) at the validity point with LOCK TABLES ... READ"));
            }
            if (withRoutines.contains(db)) {
                out.add(new Need("SELECT", "mysql", "proc", "the server shows the bodies of the routines of "
                        + Identifiers.quote(db) + " only to their definer or to an account with it"));
            }
        }
        out.add(Need.global("RELOAD", "the backup blocks DDL and, for an instant, commits at its validity point"
                + " (BACKUP STAGE, FLUSH TABLES WITH READ LOCK)"));
        if (binlogOn(c)) {
            out.add(Need.global("BINLOG MONITOR", "the backup records the binary log position of its validity point"));
        }
        if (JobParams.flag(p, JobParams.USERS)) {
            out.add(Need.onDatabase("SELECT", "mysql", "--users reads the accounts and their grants"));
        }
        return out;
    }

    /** The schemas of {@code databases} that {@code sql} (its {@code IN (%s)} given them) returns. */
    private static Set<String> schemas(Connection c, String sql, List<String> databases) throws SQLException {
        if (databases.isEmpty()) {
            return Set.of();
        }
        String marks = String.join(", ", Collections.nCopies(databases.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement(String.format(sql, marks))) {
            for (int i = 0; i < databases.size(); i++) {
                ps.setString(i + 1, databases.get(i));
            }
            Set<String> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static boolean binlogOn(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@log_bin")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }
}
