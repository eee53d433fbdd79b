package org.onlinebackup.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which objects of its databases a backup carries, or a restore creates: the options {@code --tables},
 * {@code --exclude-tables}, {@code --exclude-databases} and {@code --no-data} as given, and the rule they make.
 * <ul>
 * <li>A table pattern is {@code database.name}; a database pattern is a name. In an unquoted part, {@code *} matches
 * any run of characters and {@code ?} one character, {@code \} takes the next character as it is; a part in
 * backquotes is a name as it is ({@code ``} for a backquote). Names match as the server stores them, case and all.</li>
 * <li>Tables, views and sequences share the server's table namespace, and the table patterns select among all three.
 * A trigger goes with its table.</li>
 * <li>{@code tables} empty means whole databases: every table-namespace object not excluded, with the routines and
 * events of the database. With {@code tables}, only the objects it names are carried: routines and events
 * belong to a database as a whole and come only with whole databases.</li>
 * <li>{@code noData}: the definitions, and no rows.</li>
 * </ul>
 * An image records the selection it was made with; the catalogue, not the selection, says what the image holds.
 */
public final class Selection {

    /** Whole databases, with their rows: what a backup without selection options carries. */
    public static final Selection EVERYTHING = new Selection(List.of(), List.of(), List.of(), false);

    private final List<String> tables;
    private final List<String> excludeTables;
    private final List<String> excludeDatabases;
    private final boolean noData;
    private final List<NamePattern> include;
    private final List<NamePattern> exclude;
    private final List<NamePattern> excludeDbs;

    /** An {@code IllegalArgumentException} says which pattern is not one, and how to write it. */
    public Selection(List<String> tables, List<String> excludeTables, List<String> excludeDatabases, boolean noData) {
        this.tables = List.copyOf(tables);
        this.excludeTables = List.copyOf(excludeTables);
        this.excludeDatabases = List.copyOf(excludeDatabases);
        this.noData = noData;
        include = this.tables.stream().map(NamePattern::table).toList();
        exclude = this.excludeTables.stream().map(NamePattern::table).toList();
        excludeDbs = this.excludeDatabases.stream().map(NamePattern::database).toList();
    }

    public List<String> tables() {
        return tables;
    }

    public List<String> excludeTables() {
        return excludeTables;
    }

    public List<String> excludeDatabases() {
        return excludeDatabases;
    }

    public boolean noData() {
        return noData;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selection s && s.tables.equals(tables) && s.excludeTables.equals(excludeTables)
                && s.excludeDatabases.equals(excludeDatabases) && s.noData == noData;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tables, excludeTables, excludeDatabases, noData);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Whether this selects whole databases with their rows, as a backup without selection options does. */
    public boolean isEverything() {
        return equals(EVERYTHING);
    }

    /** Whether whole databases are carried: no {@code tables} given. */
    public boolean wholeDatabases() {
        return tables.isEmpty();
    }

    /** Whether a database of that name is not excluded. */
    public boolean database(String db) {
        return excludeDbs.stream().noneMatch(p -> p.matches(null, db));
    }

    /** Whether the table, view or sequence {@code db.name} is selected. */
    public boolean table(String db, String name) {
        return database(db)
                && (include.isEmpty() || include.stream().anyMatch(p -> p.matches(db, name)))
                && exclude.stream().noneMatch(p -> p.matches(db, name));
    }

    /** Whether a routine, package or event of {@code db} is selected: only with whole databases. */
    public boolean databaseObject(String db) {
        return database(db) && wholeDatabases();
    }

    /** Whether an object of database {@code db} is selected, by the rule above. */
    public boolean object(String db, SchemaObject o) {
        if (o.kind().inTableNamespace()) {
            return table(db, o.name());
        }
        if (o instanceof TriggerEntry t) {
            return table(db, t.table());
        }
        return databaseObject(db);
    }

    /** Whether some pattern of {@code tables} could match a table of {@code db}. */
    public boolean mayHoldTables(String db) {
        return database(db) && (include.isEmpty() || include.stream().anyMatch(p -> p.databaseMatches(db)));
    }

    /** The patterns of {@code tables} that match none of {@code names} (each {@code {database, name}}). */
    public List<String> unmatched(List<String[]> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < include.size(); i++) {
            NamePattern p = include.get(i);
            if (names.stream().noneMatch(n -> p.matches(n[0], n[1]))) {
                out.add(tables.get(i));
            }
        }
        return out;
    }

    /** The selection as the options that made it, for {@code list}, the log and the history; empty for everything. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!tables.isEmpty()) {
            parts.add("--tables " + String.join(",", tables));
        }
        if (!excludeTables.isEmpty()) {
            parts.add("--exclude-tables " + String.join(",", excludeTables));
        }
        if (!excludeDatabases.isEmpty()) {
            parts.add("--exclude-databases " + String.join(",", excludeDatabases));
        }
        if (noData) {
            parts.add("--no-data");
        }
        return String.join(" ", parts);
    }

    /**
     * Splits a comma-separated list of patterns; a comma inside backquotes belongs to the name. Empty items are
     * dropped.
     */
    public static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (c == '\\' && !quoted && i + 1 < list.length()) {
                cur.append(c);
                c = list.charAt(++i);
            } else if (c == ',' && !quoted) {
                add(out, cur);
                continue;
            }
            cur.append(c);
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().trim();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }

    /** One pattern, compiled: a database part and, for a table pattern, a name part. */
    record NamePattern(Pattern database, Pattern name) {

        static NamePattern table(String text) {
            List<Pattern> parts = parts(text);
            if (parts.size() != 2) {
                throw new IllegalArgumentException("'" + text + "' is not a table pattern: write database.table"
                        + " (* and ? are wildcards; `my.db`.`t` quotes a name with a dot)");
            }
            return new NamePattern(parts.get(0), parts.get(1));
        }

        static NamePattern database(String text) {
            List<Pattern> parts = parts(text);
            if (parts.size() != 1) {
                throw new IllegalArgumentException("'" + text + "' is not a database pattern: write a name"
                        + " (* and ? are wildcards; `my.db` quotes a name with a dot)");
            }
            return new NamePattern(parts.get(0), null);
        }

        boolean databaseMatches(String db) {
            return database.matcher(db).matches();
        }

        /** For a database pattern, {@code db} is null and {@code name} the database. */
        boolean matches(String db, String objectName) {
            return name == null ? database.matcher(objectName).matches()
                    : database.matcher(db).matches() && name.matcher(objectName).matches();
        }

        /** The dot-separated parts of a pattern, each as a regular expression; empty parts are refused. */
        private static List<Pattern> parts(String text) {
            List<Pattern> out = new ArrayList<>();
            StringBuilder regex = new StringBuilder();
            int length = 0;
            int i = 0;
            while (i <= text.length()) {
                char c = i < text.length() ? text.charAt(i) : '.';
                if (c == '.') {
                    if (length == 0) {
                        return List.of();
                    }
                    out.add(Pattern.compile(regex.toString(), Pattern.DOTALL));
                    regex.setLength(0);
                    length = 0;
                    i++;
                    if (i == text.length()) {
                        return List.of();
                    }
                    continue;
                }
                if (c == '`' && length == 0) {
                    int end = i + 1;
                    StringBuilder name = new StringBuilder();
                    while (true) {
                        if (end >= text.length()) {
                            return List.of();
                        }
                        if (text.charAt(end) == '`') {
                            if (end + 1 < text.length() && text.charAt(end + 1) == '`') {
                                name.append('`');
                                end += 2;
                                continue;
                            }
                            break;
                        }
                        name.append(text.charAt(end++));
                    }
                    if (name.length() == 0 || (end + 1 < text.length() && text.charAt(end + 1) != '.')) {
                        return List.of();
                    }
                    regex.append(Pattern.quote(name.toString()));
                    length = name.length();
                    i = end + 1;
                    continue;
                }
                if (c == '\\' && i + 1 < text.length()) {
                    regex.append(Pattern.quote(String.valueOf(text.charAt(i + 1))));
                    i += 2;
                } else if (c == '*') {
                    regex.append(".*");
                    i++;
                } else if (c == '?') {
                    regex.append('.');
                    i++;
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                    i++;
                }
                length++;
            }
            return out;
        }
    }
}
