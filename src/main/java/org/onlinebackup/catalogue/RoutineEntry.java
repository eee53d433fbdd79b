package org.onlinebackup.catalogue;

/** A stored procedure, function, package or package body: its CREATE statement and its context. */
public record RoutineEntry(ObjectKind kind, int database, String name, String createStatement, DefinitionContext context)
        implements SchemaObject {

    public RoutineEntry {
        if (kind.phase() != RestorePhase.ROUTINES) {
            throw new IllegalArgumentException(kind.noun() + " is not a routine");
        }
    }
}
