package org.onlinebackup.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a database is, as the server shows it, for comparing a database with its restored copy: the SHOW CREATE
 * output of the database and of every table, sequence, view, routine, trigger and event (all columns but creation
 * times), each trigger's action order and each event's status, every sequence's state, and the rows of every table
 * (history rows included, invisible and period columns included), each value as hex.
 */
public final class Definitions {
    private Definitions() {
    }

    /** Everything about {@code db}, keyed by {@code "kind name"}; {@code db}'s name in the text is replaced by {@code as}. */
    public static Map<String, String> of(Connection c, String db, String as) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        String q = quote(db);
        out.put("database", row(c, "SHOW CREATE DATABASE " + q, 2));
        try (Statement s = c.createStatement()) {
            s.execute("USE " + q);
        }
        for (String[] t : rows(c, "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", db)) {
            switch (t[1]) {
                case "VIEW" -> out.put("view " + t[0], row(c, "SHOW CREATE VIEW " + quote(t[0]), 2, 3, 4));
                case "SEQUENCE" -> {
                    out.put("sequence " + t[0], row(c, "SHOW CREATE SEQUENCE " + quote(t[0]), 2));
                    out.put("sequence state " + t[0], row(c, "SELECT * FROM " + quote(t[0]), 1, 2, 3, 4, 5, 6, 7, 8));
                }
                default -> {
                    out.put("table " + t[0], row(c, "SHOW CREATE TABLE " + quote(t[0]), 2));
                    out.put("rows " + t[0], String.join("\n", data(c, db, t[0], t[1].equals("SYSTEM VERSIONED"))));
                }
            }
        }
        for (String[] r : rows(c, "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?", db)) {
            out.put(r[0].toLowerCase() + " " + r[1], row(c, "SHOW CREATE " + r[0] + " " + quote(r[1]), 2, 3, 4, 5, 6));
        }
        for (String[] r : rows(c, "SELECT TRIGGER_NAME, ACTION_ORDER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", db)) {
            out.put("trigger " + r[0], row(c, "SHOW CREATE TRIGGER " + quote(r[0]), 2, 3, 4, 5, 6) + "\norder " + r[1]);
        }
        for (String[] r : rows(c, "SELECT EVENT_NAME, STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?", db)) {
            out.put("event " + r[0], row(c, "SHOW CREATE EVENT " + quote(r[0]), 2, 3, 4, 5, 6, 7) + "\nstatus " + r[1]);
        }
        try (Statement s = c.createStatement()) {
            s.execute("USE mysql");
        }
        if (!db.equals(as)) {
            out.replaceAll((k, v) -> v.replace(quote(db), quote(as)).replace(db, as));
        }
        return out;
    }

    /** Fails naming each object whose definition or rows differ, is missing or is extra. */
    public static void assertSame(Map<String, String> actual, Map<String, String> expected) {
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        soft.assertThat(actual.keySet()).as("objects").containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (actual.containsKey(e.getKey())) {
                soft.assertThat(actual.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        soft.assertAll();
    }

    /**
     * Every row of a table as hex values in column order (hidden period columns last), sorted. A table versioned by
     * transaction id shows every version, with its row start and row end as the rank of their commit among the
     * table's commits (current: "now"): the same history has the same ranks whatever its transaction ids.
     */
    private static List<String> data(Connection c, String db, String table, boolean versioned) throws SQLException {
        List<String> columns = new ArrayList<>();
        boolean explicitPeriod = false;
        boolean byTransaction = false;
        String qualified = quote(db) + "." + quote(table);
        for (String[] col : rows(c, "SELECT COLUMN_NAME, IS_GENERATED, GENERATION_EXPRESSION, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = '" + table.replace("'", "''") + "' ORDER BY ORDINAL_POSITION", db)) {
            boolean period = "ROW START".equals(col[2]) || "ROW END".equals(col[2]);
            explicitPeriod |= period;
            if (period && !col[3].equals("timestamp")) {
                byTransaction = true;
                columns.add("-(SELECT commit_id FROM mysql.transaction_registry WHERE transaction_id = " + qualified + "."
                        + quote(col[0]) + ")");
            } else {
                columns.add("HEX(" + quote(col[0]) + ")");
            }
        }
        if (versioned && !explicitPeriod) {
            columns.add("HEX(row_start)");
            columns.add("HEX(row_end)");
        }
        String all = versioned ? " FOR SYSTEM_TIME ALL" : "";
        List<String[]> raw = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + qualified + all)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] r = new String[n];
                for (int i = 1; i <= n; i++) {
                    r[i - 1] = rs.getString(i);
                }
                raw.add(r);
            }
        }
        java.util.TreeSet<Long> commits = new java.util.TreeSet<>();
        for (String[] r : raw) {
            for (int i = 0; i < r.length; i++) {
                if (columns.get(i).startsWith("-(") && r[i] != null) {
                    commits.add(-Long.parseLong(r[i]));
                }
            }
        }
        List<Long> ranks = new ArrayList<>(commits);
        List<String> out = new ArrayList<>();
        for (String[] r : raw) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String v = r[i];
                if (columns.get(i).startsWith("-(")) {
                    v = v == null ? "now" : "commit " + ranks.indexOf(-Long.parseLong(v));
                }
                b.append(i > 0 ? "|" : "").append(v);
            }
            out.add(b.toString());
        }
        out.sort(null);
        return out;
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static List<String[]> rows(Connection c, String sql, String db) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.contains("ORDER BY") ? sql : sql + " ORDER BY 1, 2")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] r = new String[n];
                    for (int i = 0; i < n; i++) {
                        r[i] = rs.getString(i + 1);
                    }
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The given columns of the one row {@code sql} returns, one per line, with each column's label. */
    private static String row(Connection c, String sql, int... columns) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(sql + " returned nothing");
            }
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder b = new StringBuilder();
            for (int col : columns) {
                b.append(b.length() == 0 ? "" : "\n").append(md.getColumnLabel(col)).append(": ").append(rs.getString(col));
            }
            return b.toString();
        }
    }
}
