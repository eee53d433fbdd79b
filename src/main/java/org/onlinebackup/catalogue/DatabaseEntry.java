package org.onlinebackup.catalogue;

/** A database: its name, default character set and collation, and the CREATE DATABASE statement the server wrote. */
public record DatabaseEntry(String name, String charset, String collation, String createStatement) implements CatalogueEntry {

    @Override
    public ObjectKind kind() {
        return ObjectKind.DATABASE;
    }
}
