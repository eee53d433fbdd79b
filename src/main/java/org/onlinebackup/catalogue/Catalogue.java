package org.onlinebackup.catalogue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What an image holds: databases, the snapshots that carry table data (one per driver, WL#4060's {@code m_snap[]}),
 * tables numbered {@code 0..n-1} in catalogue order (data chunks name tables by that number), the other objects of
 * the databases (sequences, routines, views, triggers, events), the accounts and roles that hold privileges on them,
 * notes: what the backup found it could not carry, or that depends on something outside the image; and the
 * {@link Selection} the backup was made with.
 */
public record Catalogue(List<DatabaseEntry> databases, List<SnapshotEntry> snapshots, List<TableEntry> tables,
                        List<SchemaObject> objects, List<AccountEntry> accounts, List<String> notes, Selection selection) {

    public Catalogue {
        databases = List.copyOf(databases);
        snapshots = List.copyOf(snapshots);
        tables = List.copyOf(tables);
        objects = List.copyOf(objects);
        accounts = List.copyOf(accounts);
        notes = List.copyOf(notes);
        Objects.requireNonNull(selection, "selection");
        Set<String> seen = new HashSet<>();
        for (DatabaseEntry d : databases) {
            unique(seen, "database " + d.name(), d.name());
        }
        for (int i = 0; i < tables.size(); i++) {
            TableEntry t = tables.get(i);
            if (t.number() != i) {
                throw new IllegalArgumentException("table " + t.name() + " has number " + t.number() + ", expected " + i);
            }
            if (t.snapshot() < 0 || t.snapshot() >= snapshots.size()) {
                throw new IllegalArgumentException("table " + t.name() + " names snapshot " + t.snapshot());
            }
        }
        for (SchemaObject o : Stream.<SchemaObject>concat(tables.stream(), objects.stream()).toList()) {
            if (o.database() < 0 || o.database() >= databases.size()) {
                throw new IllegalArgumentException(o.kind().noun() + " " + o.name() + " names database " + o.database());
            }
            unique(seen, namespace(o) + " " + o.database() + " " + o.name(), o.name());
        }
        for (SchemaObject o : objects) {
            if (o instanceof TableEntry) {
                throw new IllegalArgumentException("table " + o.name() + " is listed among the other objects");
            }
            if (o instanceof TriggerEntry tr && tables.stream().noneMatch(t -> t.database() == tr.database() && t.name().equals(tr.table()))) {
                throw new IllegalArgumentException("trigger " + tr.name() + " is on " + tr.table() + ", which is not a table of its database");
            }
        }
        for (AccountEntry a : accounts) {
            unique(seen, "account " + a.quoted(), a.quoted());
        }
    }

    /** A catalogue of whole databases. */
    public Catalogue(List<DatabaseEntry> databases, List<SnapshotEntry> snapshots, List<TableEntry> tables,
                     List<SchemaObject> objects, List<AccountEntry> accounts, List<String> notes) {
        this(databases, snapshots, tables, objects, accounts, notes, Selection.EVERYTHING);
    }

    /** A catalogue of databases and tables only. */
    public Catalogue(List<DatabaseEntry> databases, List<SnapshotEntry> snapshots, List<TableEntry> tables) {
        this(databases, snapshots, tables, List.of(), List.of(), List.of());
    }

    /** Names that share a namespace: tables, views and sequences are all tables to the server. */
    private static String namespace(SchemaObject o) {
        if (o.kind().inTableNamespace()) {
            return "table";
        }
        return switch (o.kind()) {
            case PACKAGE, PACKAGE_BODY -> o.kind().name().toLowerCase(Locale.ROOT) + " " + o.name().toLowerCase(Locale.ROOT);
            case PROCEDURE, FUNCTION, EVENT, TRIGGER -> o.kind().noun() + " " + o.name().toLowerCase(Locale.ROOT);
            default -> o.kind().noun();
        };
    }

    private static void unique(Set<String> seen, String key, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an entry has an empty name");
        }
        if (!seen.add(key)) {
            throw new IllegalArgumentException(key.replaceAll(" \\d+ ", " ") + " is listed twice");
        }
    }

    public DatabaseEntry databaseOf(SchemaObject object) {
        return databases.get(object.database());
    }

    /** {@code `db`.`table`}, for messages. */
    public String qualifiedName(SchemaObject object) {
        return Identifiers.quote(databaseOf(object).name()) + "." + Identifiers.quote(object.name());
    }

    /** How messages name an entry: {@code view `db`.`v`}, {@code user `u`@`%`}, {@code database `d`}. */
    public String describe(CatalogueEntry entry) {
        String name;
        if (entry instanceof SchemaObject o) {
            name = qualifiedName(o);
        } else if (entry instanceof AccountEntry a) {
            name = a.quoted();
        } else {
            name = Identifiers.quote(entry.name());
        }
        return entry.kind().noun() + " " + name;
    }

    /** The objects of the databases: the tables, then the other objects. */
    public Stream<SchemaObject> schemaObjects() {
        return Stream.concat(tables.stream(), objects.stream());
    }

    /** Every entry: databases, tables, the other objects, accounts. */
    public Stream<CatalogueEntry> entries() {
        return Stream.of(databases.stream(), tables.stream(), objects.stream(), accounts.stream())
                .flatMap(s -> s.map(e -> (CatalogueEntry) e));
    }

    /** The catalogue with other snapshots and tables (a driver assignment), the rest kept. */
    public Catalogue withTables(List<SnapshotEntry> newSnapshots, List<TableEntry> newTables) {
        return new Catalogue(databases, newSnapshots, newTables, objects, accounts, notes, selection);
    }

    /** The catalogue with these accounts and further notes, the rest kept. */
    public Catalogue withAccounts(List<AccountEntry> newAccounts, List<String> moreNotes) {
        return new Catalogue(databases, snapshots, tables, objects, newAccounts,
                Stream.concat(notes.stream(), moreNotes.stream()).toList(), selection);
    }

    /** The catalogue with other objects (sequences with their values, say), the rest kept. */
    public Catalogue withObjects(List<SchemaObject> newObjects) {
        return new Catalogue(databases, snapshots, tables, newObjects, accounts, notes, selection);
    }
}
