package org.onlinebackup.catalogue;

/**
 * A trigger: the table it is on, its timing ({@code BEFORE}/{@code AFTER}), its event ({@code INSERT},
 * {@code UPDATE}, {@code DELETE}), its place among the triggers of that table, timing and event
 * ({@code ACTION_ORDER}, from 1), its CREATE TRIGGER statement and its context.
 */
public record TriggerEntry(int database, String name, String table, String timing, String event, int order,
                           String createStatement, DefinitionContext context) implements SchemaObject {

    @Override
    public ObjectKind kind() {
        return ObjectKind.TRIGGER;
    }
}
