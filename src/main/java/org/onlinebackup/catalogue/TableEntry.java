package org.onlinebackup.catalogue;

import java.util.List;

/**
 * A base table: its number in the catalogue, the index of its database and of its snapshot, engine, the CREATE TABLE
 * statement as the server wrote it, its columns in table order, and its system versioning. The columns of a
 * system-versioned table include its row start and row end columns, also when they are implicit and hidden.
 */
public record TableEntry(int number, int database, String name, String engine, int snapshot,
                         String createStatement, List<ColumnEntry> columns, Versioning versioning) implements SchemaObject {

    /** Whether and how a table keeps the history of its rows. */
    public enum Versioning {
        NONE,
        /** {@code WITH SYSTEM VERSIONING}, rows stamped with times: the image carries current and history rows. */
        TIMESTAMP,
        /**
         * Transaction-precise versioning: rows stamped with the server's transaction ids, which only that server's
         * transaction registry can read. The image carries every row with the commit order of its row start and row
         * end instead, and a restore replays the history one transaction per original transaction, in that order.
         */
        TRANSACTION
    }

    public TableEntry {
        columns = List.copyOf(columns);
    }

    public TableEntry(int number, int database, String name, String engine, int snapshot, String createStatement,
                      List<ColumnEntry> columns) {
        this(number, database, name, engine, snapshot, createStatement, columns, Versioning.NONE);
    }

    @Override
    public ObjectKind kind() {
        return ObjectKind.TABLE;
    }

    /** The columns whose values data chunks carry, in the order they are carried (generated columns are not). */
    public List<ColumnEntry> dataColumns() {
        return columns.stream().filter(ColumnEntry::inData).toList();
    }

    /**
     * The columns a restore loads values into: those the chunks carry, but the row start and row end of a table
     * versioned by transaction, which the restoring server stamps itself.
     */
    public List<ColumnEntry> loadColumns() {
        return dataColumns().stream()
                .filter(c -> versioning != Versioning.TRANSACTION || c.role() == ColumnEntry.Role.DATA).toList();
    }

    /** Whether the data chunks carry history rows (with their row start and row end). */
    public boolean carriesHistory() {
        return versioning != Versioning.NONE;
    }

    public TableEntry inSnapshot(int s) {
        return new TableEntry(number, database, name, engine, s, createStatement, columns, versioning);
    }
}
