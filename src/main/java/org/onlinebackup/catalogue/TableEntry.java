package org.onlinebackup.catalogue;

import java.util.List;

/**
 * A base table: its number in the catalogue, the index of its database and of its snapshot, engine, the CREATE TABLE
 * statement as the server wrote it, and its columns in table order.
 */
public record TableEntry(int number, int database, String name, String engine, int snapshot,
                         String createStatement, List<ColumnEntry> columns) {

    public TableEntry {
        columns = List.copyOf(columns);
    }

    /** The columns whose values data chunks carry, in the order they are carried (generated columns are not). */
    public List<ColumnEntry> dataColumns() {
        return columns.stream().filter(ColumnEntry::inData).toList();
    }
}
