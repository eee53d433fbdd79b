package org.onlinebackup.catalogue.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.DefinitionContext;
import org.onlinebackup.catalogue.EventEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.RoutineEntry;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.SequenceEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.TriggerEntry;
import org.onlinebackup.catalogue.ViewEntry;
import org.onlinebackup.catalogue.sql.SelectionCheck;
import org.onlinebackup.catalogue.sql.SqlLexer;
import org.onlinebackup.catalogue.sql.SqlSyntaxException;
import org.onlinebackup.catalogue.sql.Token;
import org.onlinebackup.connect.ServerConnections;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * Reads the catalogue of databases from a server: each database with its CREATE DATABASE statement; its base and
 * system-versioned tables with their CREATE TABLE statements and columns; its sequences, views, triggers, procedures,
 * functions, packages and events with the statements {@code SHOW CREATE} writes and the session they were created in.
 * Every statement is as the server writes it. What the image cannot carry, and what a definition needs from outside
 * the image (a database it names, a foreign key to a table not backed up), becomes a note of the catalogue.
 */
public final class ServerCatalogueReader {
    /** The driver name of the single snapshot of a catalogue just read. */
    public static final String UNASSIGNED = "unassigned";

    /** Databases that are never backed up or restored. */
    public static final Set<String> SYSTEM_DATABASES = Set.of("mysql", "information_schema", "performance_schema", "sys");

    private final Connection connection;
    private final List<Long> estimatedBytes = new ArrayList<>();
    private final List<Long> estimatedRows = new ArrayList<>();

    public ServerCatalogueReader(Connection connection) {
        this.connection = connection;
    }

    /** Every database on the server but the system ones and {@code exclude}, in name order. */
    public List<String> userDatabases(Set<String> exclude) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String db : allDatabases()) {
            if (!SYSTEM_DATABASES.contains(db) && !exclude.contains(db)) {
                out.add(db);
            }
        }
        return out;
    }

    private List<String> allDatabases() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The names in {@code names} that are databases on the server, in the given order. */
    public List<String> existing(List<String> names) throws SQLException {
        Map<String, List<String>> found = perDatabase("SELECT SCHEMA_NAME", "information_schema.SCHEMATA", "SCHEMA_NAME",
                "SCHEMA_NAME", names, rs -> rs.getString(1));
        return names.stream().filter(n -> found.getOrDefault(n, List.of()).contains(n)).toList();
    }

    /** The names in {@code names} that are not databases on the server. */
    public List<String> missing(List<String> names) throws SQLException {
        List<String> present = existing(names);
        return names.stream().filter(n -> !present.contains(n)).toList();
    }

    /** An object on the server: the noun of its kind ({@code table}, {@code view}, {@code procedure}...) and its name. */
    public record ServerObject(String kind, String name) {
    }

    /** Every table, view, sequence, routine, trigger and event of database {@code db} on the server. */
    public List<ServerObject> objectsOf(String db) throws SQLException {
        List<ServerObject> out = new ArrayList<>();
        String[] queries = {
            "SELECT CASE TABLE_TYPE WHEN 'VIEW' THEN 'view' WHEN 'SEQUENCE' THEN 'sequence' ELSE 'table' END, TABLE_NAME"
                    + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
            "SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY 1, 2",
            "SELECT 'trigger', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY 2",
            "SELECT 'event', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY 2",
        };
        for (String q : queries) {
            try (PreparedStatement ps = connection.prepareStatement(q)) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ServerObject(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        return out;
    }

    /** The names of the collations and of the character sets the server has, in lower case. */
    public Set<String> collationsAndCharsets() throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT CONCAT('collation ', LOWER(COLLATION_NAME)) FROM information_schema.COLLATIONS"
                     + " UNION SELECT CONCAT('character set ', LOWER(CHARACTER_SET_NAME)) FROM information_schema.CHARACTER_SETS")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Whether an account or role exists: {@code user} at {@code host} (a role has an empty host). */
    public boolean accountExists(String user, String host) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?")) {
            ps.setString(1, user);
            ps.setString(2, host);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
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
     * (see {@code DriverChain.assign}). Sequences have no state yet: {@link #sequenceStates} reads it at the
     * validity point.
     */
    public Catalogue read(List<String> databases) throws SQLException {
        return read(databases, Selection.EVERYTHING);
    }

    /**
     * The catalogue of what {@code selection} selects in {@code databases}: objects it leaves out are not read at all.
     * A view kept while what it reads is left out is refused (the restore could not create it); a foreign key or a
     * trigger's table left out is a note.
     */
    public Catalogue read(List<String> databases, Selection selection) throws SQLException {
        List<DatabaseEntry> dbs = new ArrayList<>();
        List<TableEntry> tables = new ArrayList<>();
        List<SchemaObject> objects = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> leftOut = new HashSet<>();
        Map<String, List<String[]>> charsets = perDatabase("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME",
                "information_schema.SCHEMATA", "SCHEMA_NAME", "SCHEMA_NAME", databases, rs -> new String[] {rs.getString(1), rs.getString(2)});
        Map<String, List<TableRow>> tablesByDb = tablesOf(databases);
        Map<String, Columns> columnsByDb = columnsOf(databases);
        List<String> withObjects = databases.stream().filter(selection::databaseObject).toList();
        Map<String, List<RoutineRow>> routinesByDb = routineRows(withObjects);
        Map<String, List<EventRow>> eventsByDb = eventRows(withObjects);
        for (int d = 0; d < databases.size(); d++) {
            String db = databases.get(d);
            dbs.add(database(db, charsets.getOrDefault(db, List.of())));
            use(db);
            Columns columns = columnsByDb.getOrDefault(db, Columns.none());
            for (TableRow t : tablesByDb.getOrDefault(db, List.of())) {
                String what = Identifiers.quote(db) + "." + Identifiers.quote(t.name);
                if (!selection.table(db, t.name)) {
                    leftOut.add(what);
                    continue;
                }
                switch (t.type) {
                    case "BASE TABLE", "SYSTEM VERSIONED" -> {
                        estimatedBytes.add(t.bytes);
                        estimatedRows.add(t.rows);
                        tables.add(table(tables.size(), d, db, t, columns, notes));
                    }
                    case "SEQUENCE" -> objects.add(new SequenceEntry(d, t.name,
                            showCreate("SHOW CREATE SEQUENCE " + Identifiers.quote(t.name), 2, "sequence " + what), 0, 0));
                    case "VIEW" -> objects.add(view(d, t.name, what));
                    default -> notes.add("not in the image: " + t.type.toLowerCase(Locale.ROOT) + " " + what
                            + " (a kind of table this version cannot carry)");
                }
            }
            objects.addAll(routines(d, db, routinesByDb.getOrDefault(db, List.of()), notes));
            objects.addAll(triggers(d, db).stream().filter(tr -> selection.table(db, tr.table())).toList());
            objects.addAll(events(d, db, eventsByDb.getOrDefault(db, List.of())));
        }
        Catalogue catalogue = new Catalogue(dbs, List.of(new SnapshotEntry(UNASSIGNED, true)), tables, objects, List.of(),
                List.of(), selection);
        BiPredicate<String, String> isLeftOut = (db, name) -> leftOut.contains(Identifiers.quote(db) + "." + Identifiers.quote(name));
        for (SchemaObject o : objects) {
            if (o instanceof ViewEntry v) {
                Optional<String> read = SelectionCheck.leftOutRead(v, catalogue.databaseOf(v).name(), isLeftOut);
                if (read.isPresent()) {
                    throw new OnlineBackupException(Message.SELECTION_BREAKS_VIEW, catalogue.describe(v), read.get());
                }
            } else if (!leftOut.isEmpty() && !(o instanceof SequenceEntry)) {
                SelectionCheck.mayUseLeftOut(o, catalogue.databaseOf(o).name(), isLeftOut).ifPresent(name ->
                        notes.add(catalogue.describe(o) + " may use " + name + ", which the selection leaves out"));
            }
        }
        notes.addAll(outsideReferences(catalogue, databases));
        notes.addAll(foreignKeysOutside(databases, selection));
        return new Catalogue(dbs, catalogue.snapshots(), tables, objects, List.of(), notes, selection);
    }

    /**
     * The tables, views and sequences of {@code databases} that {@code selection} selects, each as
     * {@code {database, name}}.
     */
    public List<String[]> selectedTables(List<String> databases, Selection selection) throws SQLException {
        List<String[]> out = new ArrayList<>();
        Map<String, List<TableRow>> tables = tablesOf(databases);
        for (String db : databases) {
            for (TableRow t : tables.getOrDefault(db, List.of())) {
                if (selection.table(db, t.name)) {
                    out.add(new String[] {db, t.name});
                }
            }
        }
        return out;
    }

    private void use(String db) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("USE " + Identifiers.quote(db));
        }
    }

    /** Database {@code db}, whose SCHEMATA row (character set, collation) is {@code schemata}: none if it is gone. */
    private DatabaseEntry database(String db, List<String[]> schemata) throws SQLException {
        if (schemata.isEmpty()) {
            throw new SQLException("Unknown database '" + db + "'", "42000", 1049);
        }
        return new DatabaseEntry(db, schemata.get(0)[0], schemata.get(0)[1],
                showCreate("SHOW CREATE DATABASE " + Identifiers.quote(db), 2, "database " + Identifiers.quote(db)));
    }

    /** Reads one row of a listing. */
    @FunctionalInterface
    private interface RowReader<R> {
        R read(ResultSet rs) throws SQLException;
    }

    /** How many databases one listing query names at most. */
    private static final int DATABASES_PER_QUERY = 500;

    /**
     * The rows of an information_schema listing for many databases at once, by database, in {@code order} within
     * each: one query for up to {@value #DATABASES_PER_QUERY} databases, not one per database (the server scans
     * mysql.proc or mysql.event once for each such query: 2 ms a database for the routines alone). {@code select}
     * lists the columns {@code reader} reads; the database's column is added after them.
     */
    private <R> Map<String, List<R>> perDatabase(String select, String from, String schemaColumn, String order,
                                                 List<String> databases, RowReader<R> reader) throws SQLException {
        Map<String, List<R>> out = new HashMap<>();
        for (int start = 0; start < databases.size(); start += DATABASES_PER_QUERY) {
            List<String> part = databases.subList(start, Math.min(databases.size(), start + DATABASES_PER_QUERY));
            try (PreparedStatement ps = connection.prepareStatement(select + ", " + schemaColumn + " FROM " + from
                    + " WHERE " + schemaColumn + " IN (" + String.join(", ", Collections.nCopies(part.size(), "?"))
                    + ") ORDER BY " + schemaColumn + ", " + order)) {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, part.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    int schema = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        out.computeIfAbsent(requested(rs.getString(schema), part), k -> new ArrayList<>()).add(reader.read(rs));
                    }
                }
            }
        }
        return out;
    }

    /** The name in {@code requested} that the server's {@code found} answers: the same, or the same but for case. */
    private static String requested(String found, List<String> requested) {
        if (requested.contains(found)) {
            return found;
        }
        return requested.stream().filter(found::equalsIgnoreCase).findFirst().orElse(found);
    }

    private record TableRow(String name, String type, String engine, long bytes, long rows) {
    }

    private Map<String, List<TableRow>> tablesOf(List<String> databases) throws SQLException {
        return perDatabase("SELECT TABLE_NAME, TABLE_TYPE, ENGINE, DATA_LENGTH, TABLE_ROWS", "information_schema.TABLES",
                "TABLE_SCHEMA", "TABLE_NAME", databases,
                rs -> new TableRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
    }

    /**
     * A base table. A system-versioned one carries its row start and row end columns: explicit ones are listed by
     * information_schema (generated as ROW START / ROW END), implicit ones are hidden columns named
     * {@code row_start} and {@code row_end}. Stamped with times, they travel with the rows, so the history does too;
     * stamped with transaction ids, they cannot be loaded into another server, and the image keeps the current rows.
     */
    private TableEntry table(int number, int d, String db, TableRow t, Columns columns, List<String> notes) throws SQLException {
        String what = Identifiers.quote(db) + "." + Identifiers.quote(t.name);
        String create = showCreate("SHOW CREATE TABLE " + Identifiers.quote(t.name), 2, "table " + what);
        List<ColumnEntry> cols = columns.byTable.getOrDefault(t.name, List.of());
        if (!t.type.equals("SYSTEM VERSIONED")) {
            return new TableEntry(number, d, t.name, t.engine, 0, create, cols);
        }
        if (columns.byTransaction.contains(t.name)) {
            notes.add("table " + what + " is versioned by transaction id: a restore replays its history one transaction"
                    + " per original transaction, in commit order, stamped with the restoring server's transaction ids and times");
            return new TableEntry(number, d, t.name, t.engine, 0, create, cols, TableEntry.Versioning.TRANSACTION);
        }
        List<ColumnEntry> all = new ArrayList<>(cols);
        if (!columns.explicitPeriod.contains(t.name)) {
            all.add(new ColumnEntry("row_start", "timestamp", "timestamp(6)", null, null, true, ColumnEntry.Role.ROW_START));
            all.add(new ColumnEntry("row_end", "timestamp", "timestamp(6)", null, null, true, ColumnEntry.Role.ROW_END));
        }
        return new TableEntry(number, d, t.name, t.engine, 0, create, all, TableEntry.Versioning.TIMESTAMP);
    }

    /**
     * The columns of a database's tables. Generated columns are not carried (the server computes them again), but
     * the row start and row end of a system-versioned table: they travel with the rows, so the history does too. A
     * table whose implicit, hidden row start and row end are not listed gets them by name ({@code row_start},
     * {@code row_end}); one stamped with transaction ids is listed in {@code byTransaction}.
     */
    private record Columns(Map<String, List<ColumnEntry>> byTable, Set<String> explicitPeriod, Set<String> byTransaction) {
        static Columns none() {
            return new Columns(Map.of(), Set.of(), Set.of());
        }
    }

    /** A row of information_schema.COLUMNS. */
    private record ColumnRow(String table, String name, String dataType, String columnType, String charset,
                             String collation, boolean generated, String expression) {
    }

    private Map<String, Columns> columnsOf(List<String> databases) throws SQLException {
        Map<String, List<ColumnRow>> rows = perDatabase("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE,"
                + " CHARACTER_SET_NAME, COLLATION_NAME, IS_GENERATED, GENERATION_EXPRESSION", "information_schema.COLUMNS",
                "TABLE_SCHEMA", "TABLE_NAME, ORDINAL_POSITION", databases,
                rs -> new ColumnRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), "ALWAYS".equalsIgnoreCase(rs.getString(7)), rs.getString(8)));
        Map<String, Columns> out = new HashMap<>();
        rows.forEach((db, list) -> out.put(db, columns(list)));
        return out;
    }

    private static Columns columns(List<ColumnRow> rows) {
        Columns out = new Columns(new LinkedHashMap<>(), new HashSet<>(), new HashSet<>());
        for (ColumnRow c : rows) {
            boolean period = c.generated() && ("ROW START".equals(c.expression()) || "ROW END".equals(c.expression()));
            if (period) {
                out.explicitPeriod.add(c.table());
                if (!c.dataType().equalsIgnoreCase("timestamp")) {
                    out.byTransaction.add(c.table());
                }
            }
            ColumnEntry.Role role = !period ? ColumnEntry.Role.DATA
                    : "ROW START".equals(c.expression()) ? ColumnEntry.Role.ROW_START : ColumnEntry.Role.ROW_END;
            out.byTable.computeIfAbsent(c.table(), k -> new ArrayList<>()).add(new ColumnEntry(c.name(), c.dataType(),
                    c.columnType(), c.charset(), c.collation(), !c.generated() || period, role));
        }
        return out;
    }

    private ViewEntry view(int d, String name, String what) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE VIEW " + Identifiers.quote(name))) {
            if (!rs.next() || rs.getString(2) == null) {
                throw unreadable("view " + what);
            }
            return new ViewEntry(d, name, rs.getString(2), new DefinitionContext(null, rs.getString(3), rs.getString(4), null, null));
        }
    }

    /** A row of information_schema.ROUTINES. */
    private record RoutineRow(String name, String type, DefinitionContext context) {
    }

    private Map<String, List<RoutineRow>> routineRows(List<String> databases) throws SQLException {
        return perDatabase("SELECT ROUTINE_NAME, ROUTINE_TYPE, SQL_MODE, CHARACTER_SET_CLIENT, COLLATION_CONNECTION,"
                + " DATABASE_COLLATION", "information_schema.ROUTINES", "ROUTINE_SCHEMA", "ROUTINE_TYPE, ROUTINE_NAME",
                databases, rs -> new RoutineRow(rs.getString(1), rs.getString(2),
                        new DefinitionContext(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), null)));
    }

    private List<RoutineEntry> routines(int d, String db, List<RoutineRow> rows, List<String> notes) throws SQLException {
        List<RoutineEntry> out = new ArrayList<>();
        for (RoutineRow r : rows) {
            ObjectKind kind = ObjectKind.routine(r.type());
            String what = Identifiers.quote(db) + "." + Identifiers.quote(r.name());
            if (kind == null) {
                notes.add("not in the image: " + r.type().toLowerCase(Locale.ROOT) + " " + what
                        + " (a kind of routine this version cannot carry)");
                continue;
            }
            String create = showCreate("SHOW CREATE " + kind.keyword() + " " + Identifiers.quote(r.name()), 3,
                    kind.noun() + " " + what);
            out.add(new RoutineEntry(kind, d, r.name(), create, r.context()));
        }
        return out;
    }

    /**
     * The triggers of {@code db}, by table, timing, event and action order. Read with {@code SHOW TRIGGERS}, which
     * lists each table's triggers of one timing and event in their action order: on the server, a query of
     * information_schema.TRIGGERS took ten times as long (7 ms against 0.7 ms for a database of five tables, the most
     * of a small database's catalogue).
     */
    private List<TriggerEntry> triggers(int d, String db) throws SQLException {
        record Listed(String name, String table, String timing, String event, int order, DefinitionContext context) {
        }
        List<Listed> listed = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SHOW TRIGGERS FROM " + Identifiers.quote(db))) {
            while (rs.next()) {
                String table = rs.getString(3);
                String timing = rs.getString(5);
                String event = rs.getString(2);
                int order = positions.merge(table + "\u0000" + timing + "\u0000" + event, 1, Integer::sum);
                listed.add(new Listed(rs.getString(1), table, timing, event, order,
                        new DefinitionContext(rs.getString(7), rs.getString(9), rs.getString(10), rs.getString(11), null)));
            }
        }
        listed.sort(Comparator.comparing(Listed::table).thenComparing(Listed::timing).thenComparing(Listed::event)
                .thenComparingInt(Listed::order));
        List<TriggerEntry> out = new ArrayList<>();
        for (Listed t : listed) {
            String create = showCreate("SHOW CREATE TRIGGER " + Identifiers.quote(t.name()), 3,
                    "trigger " + Identifiers.quote(db) + "." + Identifiers.quote(t.name()));
            out.add(new TriggerEntry(d, t.name(), t.table(), t.timing(), t.event(), t.order(), create, t.context()));
        }
        return out;
    }

    /** A row of information_schema.EVENTS. */
    private record EventRow(String name, EventEntry.Status status, DefinitionContext context) {
    }

    private Map<String, List<EventRow>> eventRows(List<String> databases) throws SQLException {
        return perDatabase("SELECT EVENT_NAME, STATUS, SQL_MODE, TIME_ZONE, CHARACTER_SET_CLIENT, COLLATION_CONNECTION,"
                + " DATABASE_COLLATION", "information_schema.EVENTS", "EVENT_SCHEMA", "EVENT_NAME", databases,
                rs -> new EventRow(rs.getString(1), switch (rs.getString(2).toUpperCase(Locale.ROOT)) {
                    case "ENABLED" -> EventEntry.Status.ENABLED;
                    case "SLAVESIDE_DISABLED" -> EventEntry.Status.SLAVESIDE_DISABLED;
                    default -> EventEntry.Status.DISABLED;
                }, new DefinitionContext(rs.getString(3), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(4))));
    }

    private List<EventEntry> events(int d, String db, List<EventRow> rows) throws SQLException {
        List<EventEntry> out = new ArrayList<>();
        for (EventRow e : rows) {
            String create = showCreate("SHOW CREATE EVENT " + Identifiers.quote(e.name()), 4,
                    "event " + Identifiers.quote(db) + "." + Identifiers.quote(e.name()));
            out.add(new EventEntry(d, e.name(), create, e.status(), e.context()));
        }
        return out;
    }

    /**
     * Notes for definitions that name a database of the server that is not in the image: a view reading it, a
     * routine or trigger writing to it, a table default using a sequence in it. Restoring such an object needs that
     * database on the target.
     */
    private List<String> outsideReferences(Catalogue catalogue, List<String> selected) throws SQLException {
        Set<String> outside = new HashSet<>(allDatabases());
        outside.removeAll(selected);
        List<String> notes = new ArrayList<>();
        for (SchemaObject o : catalogue.tables()) {
            note(catalogue, o, outside, notes);
        }
        for (SchemaObject o : catalogue.objects()) {
            note(catalogue, o, outside, notes);
        }
        return notes;
    }

    private static void note(Catalogue catalogue, SchemaObject o, Set<String> outside, List<String> notes) {
        Set<String> named = new LinkedHashSet<>();
        Set<String> own = new HashSet<>();
        catalogue.schemaObjects()
                .filter(x -> x.database() == o.database()).forEach(x -> own.add(x.name()));
        try {
            List<Token> t = SqlLexer.tokenize(o.createStatement(), null);
            for (int k = 0; k + 2 < t.size(); k++) {
                boolean threeParts = k + 3 < t.size() && t.get(k + 3).isSymbol(".");
                if (t.get(k).isName() && t.get(k + 1).isSymbol(".") && (k == 0 || !t.get(k - 1).isSymbol("."))
                        && outside.contains(t.get(k).value()) && (threeParts || !own.contains(t.get(k).value()))) {
                    named.add(t.get(k).value());
                }
            }
        } catch (SqlSyntaxException e) {
            return;
        }
        if (!named.isEmpty()) {
            boolean table = o.kind() == ObjectKind.TABLE || o.kind() == ObjectKind.SEQUENCE;
            notes.add(catalogue.describe(o) + " names database(s) " + Identifiers.quoteAll(List.copyOf(named))
                    + ", not in the image: restore it where they exist" + (table
                    ? ", from a signed image (--sign-key; an untrusted image's tables may not name them)"
                    : "; restored from an image that is not signed (--sign-key) it may use them only with restore"
                    + " --allow-access " + String.join(",", named)));
        }
    }

    private List<String> foreignKeysOutside(List<String> selected, Selection selection) throws SQLException {
        List<String> notes = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UNIQUE_CONSTRAINT_SCHEMA, REFERENCED_TABLE_NAME"
                        + " FROM information_schema.REFERENTIAL_CONSTRAINTS ORDER BY 1, 2, 3")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (selected.contains(rs.getString(1)) && selection.table(rs.getString(1), rs.getString(2))
                            && !(selected.contains(rs.getString(4)) && selection.table(rs.getString(4), rs.getString(5)))) {
                        notes.add("foreign key " + Identifiers.quote(rs.getString(3)) + " of table "
                                + Identifiers.quote(rs.getString(1)) + "." + Identifiers.quote(rs.getString(2))
                                + " refers to " + Identifiers.quote(rs.getString(4)) + "." + Identifiers.quote(rs.getString(5))
                                + ", not in the image");
                    }
                }
            }
        }
        return notes;
    }

    /**
     * Each sequence of the catalogue with its state read now: the next value not yet cached and its cycle count.
     * Read at the validity point, a value is never below one the backed-up rows may hold.
     */
    public Catalogue sequenceStates(Catalogue catalogue) throws SQLException {
        List<SchemaObject> objects = new ArrayList<>();
        for (SchemaObject o : catalogue.objects()) {
            if (o instanceof SequenceEntry s) {
                try (Statement st = connection.createStatement();
                     ResultSet rs = st.executeQuery("SELECT next_not_cached_value, cycle_count FROM " + catalogue.qualifiedName(s))) {
                    rs.next();
                    objects.add(s.withState(rs.getLong(1), rs.getLong(2)));
                }
            } else {
                objects.add(o);
            }
        }
        return catalogue.withObjects(objects);
    }

    /**
     * The definition {@code sql} shows of {@code what}. A server error names the object, so a backup that cannot read
     * one (a MERGE table over tables that changed, a view over a dropped table) says which.
     */
    private String showCreate(String sql, int column, String what) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next() || rs.getString(column) == null) {
                throw unreadable(what);
            }
            return rs.getString(column);
        } catch (SQLException e) {
            if (ServerConnections.connectionLost(e)) {
                throw e;
            }
            throw new OnlineBackupException(e, Message.SERVER_ERROR, e.getErrorCode(), e.getSQLState(),
                    "reading the definition of " + what, ServerConnections.serverMessage(e));
        }
    }

    private static OnlineBackupException unreadable(String what) {
        return new OnlineBackupException(Message.DEFINITION_UNREADABLE, what);
    }
}
