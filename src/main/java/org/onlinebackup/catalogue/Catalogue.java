package org.onlinebackup.catalogue;

import java.util.List;

/**
 * What an image holds: databases, the snapshots that carry table data (one per driver, WL#4060's {@code m_snap[]}),
 * and tables numbered {@code 0..n-1} in catalogue order. Data chunks name tables by that number.
 */
public record Catalogue(List<DatabaseEntry> databases, List<SnapshotEntry> snapshots, List<TableEntry> tables) {

    public Catalogue {
        databases = List.copyOf(databases);
        snapshots = List.copyOf(snapshots);
        tables = List.copyOf(tables);
        for (int i = 0; i < tables.size(); i++) {
            TableEntry t = tables.get(i);
            if (t.number() != i) {
                throw new IllegalArgumentException("table " + t.name() + " has number " + t.number() + ", expected " + i);
            }
            if (t.database() < 0 || t.database() >= databases.size()) {
                throw new IllegalArgumentException("table " + t.name() + " names database " + t.database());
            }
            if (t.snapshot() < 0 || t.snapshot() >= snapshots.size()) {
                throw new IllegalArgumentException("table " + t.name() + " names snapshot " + t.snapshot());
            }
        }
    }

    public DatabaseEntry databaseOf(TableEntry table) {
        return databases.get(table.database());
    }

    /** {@code `db`.`table`}, for messages. */
    public String qualifiedName(TableEntry table) {
        return Identifiers.quote(databaseOf(table).name()) + "." + Identifiers.quote(table.name());
    }
}
