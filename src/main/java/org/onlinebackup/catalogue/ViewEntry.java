package org.onlinebackup.catalogue;

/** A view: its CREATE VIEW statement (ALGORITHM, DEFINER, SQL SECURITY, CHECK OPTION included) and its context. */
public record ViewEntry(int database, String name, String createStatement, DefinitionContext context)
        implements SchemaObject {

    @Override
    public ObjectKind kind() {
        return ObjectKind.VIEW;
    }
}
