package org.onlinebackup.catalogue;

/**
 * One object of a catalogue: what kind it is, its name, and the statement that creates it, as the server wrote it
 * ({@code SHOW CREATE ...}). A restore runs that statement only after {@code catalogue.sql.DefinitionChecker} has
 * found that it creates exactly this object and nothing else.
 */
public sealed interface CatalogueEntry permits DatabaseEntry, SchemaObject, AccountEntry {

    ObjectKind kind();

    String name();

    String createStatement();
}
