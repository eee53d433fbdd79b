package org.onlinebackup.catalogue;

/** An object that lives in a database of the catalogue: {@link #database()} is that database's index. */
public sealed interface SchemaObject extends CatalogueEntry
        permits TableEntry, SequenceEntry, ViewEntry, TriggerEntry, RoutineEntry, EventEntry {

    int database();
}
