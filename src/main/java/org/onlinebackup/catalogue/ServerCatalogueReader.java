package org.onlinebackup.catalogue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the catalogue of databases from a server: database character sets and CREATE DATABASE statements, base
 * tables with their CREATE TABLE statements as the server writes them, and columns. Objects an image cannot carry
 * yet (views, triggers, routines, events, sequences, system-versioned tables) are counted as skipped so the caller
 * can say so.
 */
public final class ServerCatalogueReader {
    /** Databases that are never backed up. */
    /** The driver name of the single snapshot of a catalogue just read. */
    public static final String UNASSIGNED = "unassigned";

    public static final Set<String> SYSTEM_DATABASES = Set.of("mysql", "information_schema", "performance_schema", "sys");

    private final Connection connection;
    private final List<String> skipped = new ArrayList<>();
    private final List<Long> estimatedBytes = new ArrayList<>();
    private final List<Long> estimatedRows = new ArrayList<>();

    public ServerCatalogueReader(Connection connection) {
        this.connection = connection;
    }

    /** Every database on the server but the system ones and {@code exclude}, in name order. */
    public List<String> userDatabases(Set<String> exclude) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            while (rs.next()) {
                String db = rs.getString(1);
                if (!SYSTEM_DATABASES.contains(db) && !exclude.contains(db)) {
                    out.add(db);
                }
            }
        }
        return out;
    }

    /** The names in {@code names} that are databases on the server, in the given order. */
    public List<String> existing(List<String> names) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            for (String n : names) {
                ps.setString(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }

    /** The names in {@code names} that are not databases on the server. */
    public List<String> missing(List<String> names) throws SQLException {
        List<String> present = existing(names);
        return names.stream().filter(n -> !present.contains(n)).toList();
    }

    /** Descriptions of the objects that were not read, e.g. "view `db`.`v`". */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** The server's estimate of each table's data size (DATA_LENGTH), by table number, after {@link #read}. */
    public long[] estimatedBytes() {
        return estimatedBytes.stream().mapToLong(Long::longValue).toArray();
    }

    /** The server's estimate of each table's row count (TABLE_ROWS), by table number, after {@link #read}. */
    public long[] estimatedRows() {
        return estimatedRows.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The catalogue of {@code databases}, with every table in one snapshot whose driver is not chosen yet
     * (see {@code DriverChain.assign}).
     */
    public Catalogue read(List<String> databases) throws SQLException {
        List<DatabaseEntry> dbs = new ArrayList<>();
        List<TableEntry> tables = new ArrayList<>();
        for (int d = 0; d < databases.size(); d++) {
            String db = databases.get(d);
            dbs.add(database(db));
            Map<String, BaseTable> baseTables = tablesOf(db);
            Map<String, List<ColumnEntry>> columns = columnsOf(db);
            for (Map.Entry<String, BaseTable> t : baseTables.entrySet()) {
                estimatedBytes.add(t.getValue().bytes());
                estimatedRows.add(t.getValue().rows());
                tables.add(new TableEntry(tables.size(), d, t.getKey(), t.getValue().engine(), 0,
                        showCreate("SHOW CREATE TABLE " + Identifiers.quote(db) + "." + Identifiers.quote(t.getKey()), 2),
                        columns.getOrDefault(t.getKey(), List.of())));
            }
            countOther(db);
        }
        return new Catalogue(dbs, List.of(new SnapshotEntry(UNASSIGNED, true)), tables);
    }

    private DatabaseEntry database(String db) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("Unknown database '" + db + "'", "42000", 1049);
                }
                return new DatabaseEntry(db, rs.getString(1), rs.getString(2),
                        showCreate("SHOW CREATE DATABASE " + Identifiers.quote(db), 2));
            }
        }
    }

    private record BaseTable(String engine, long bytes, long rows) {
    }

    /** Base tables of {@code db}, engines and sizes, in name order; other table kinds are recorded as skipped. */
    private Map<String, BaseTable> tablesOf(String db) throws SQLException {
        Map<String, BaseTable> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, DATA_LENGTH, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String type = rs.getString(2);
                    String what = Identifiers.quote(db) + "." + Identifiers.quote(name);
                    switch (type) {
                        case "BASE TABLE" -> out.put(name, new BaseTable(rs.getString(3), rs.getLong(4), rs.getLong(5)));
                        case "VIEW" -> skipped.add("view " + what);
                        case "SEQUENCE" -> skipped.add("sequence " + what);
                        case "SYSTEM VERSIONED" -> skipped.add("system-versioned table " + what);
                        default -> skipped.add(type.toLowerCase() + " " + what);
                    }
                }
            }
        }
        return out;
    }

    private Map<String, List<ColumnEntry>> columnsOf(String db) throws SQLException {
        Map<String, List<ColumnEntry>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, IS_GENERATED"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ColumnEntry(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            !"ALWAYS".equalsIgnoreCase(rs.getString(7))));
                }
            }
        }
        return out;
    }

    private void countOther(String db) throws SQLException {
        String[][] queries = {
            {"trigger", "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?"},
            {"routine", "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?"},
            {"event", "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?"},
        };
        for (String[] q : queries) {
            try (PreparedStatement ps = connection.prepareStatement(q[1])) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        skipped.add(q[0] + " " + Identifiers.quote(db) + "." + Identifiers.quote(rs.getString(1)));
                    }
                }
            }
        }
    }

    private String showCreate(String sql, int column) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(sql + " returned nothing");
            }
            return rs.getString(column);
        }
    }
}
