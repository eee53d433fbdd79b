package org.onlinebackup.catalogue;

/**
 * An event: its CREATE EVENT statement, its status (a restore creates it disabled and gives it this status once
 * everything else is restored, so it cannot run meanwhile) and its context, whose time zone is its schedule's.
 */
public record EventEntry(int database, String name, String createStatement, Status status, DefinitionContext context)
        implements SchemaObject {

    public enum Status {
        ENABLED("ENABLE"),
        DISABLED("DISABLE"),
        SLAVESIDE_DISABLED("DISABLE ON SLAVE");

        private final String clause;

        Status(String clause) {
            this.clause = clause;
        }

        /** The clause of CREATE/ALTER EVENT that gives this status. */
        public String clause() {
            return clause;
        }
    }

    @Override
    public ObjectKind kind() {
        return ObjectKind.EVENT;
    }
}
