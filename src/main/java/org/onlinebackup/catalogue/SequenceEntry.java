package org.onlinebackup.catalogue;

/**
 * A sequence: its CREATE SEQUENCE statement and its state at the validity point, the next value not yet handed out
 * to a cache ({@code next_not_cached_value}) and how many times it has cycled. A restore creates it and sets it to
 * that state, so it hands out no value the restored rows may already use.
 */
public record SequenceEntry(int database, String name, String createStatement, long nextValue, long round)
        implements SchemaObject {

    @Override
    public ObjectKind kind() {
        return ObjectKind.SEQUENCE;
    }

    public SequenceEntry withState(long next, long cycles) {
        return new SequenceEntry(database, name, createStatement, next, cycles);
    }
}
