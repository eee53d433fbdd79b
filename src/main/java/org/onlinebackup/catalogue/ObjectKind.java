package org.onlinebackup.catalogue;

import java.util.Locale;

/**
 * The kinds of object an image carries, each with the words of the statement that creates it and when a restore
 * creates it ({@link RestorePhase}).
 */
public enum ObjectKind {
    DATABASE("database", "DATABASE", RestorePhase.DATABASES),
    TABLE("table", "TABLE", RestorePhase.TABLES),
    SEQUENCE("sequence", "SEQUENCE", RestorePhase.SEQUENCES),
    PROCEDURE("procedure", "PROCEDURE", RestorePhase.ROUTINES),
    FUNCTION("function", "FUNCTION", RestorePhase.ROUTINES),
    PACKAGE("package", "PACKAGE", RestorePhase.ROUTINES),
    PACKAGE_BODY("package body", "PACKAGE BODY", RestorePhase.ROUTINES),
    VIEW("view", "VIEW", RestorePhase.VIEWS),
    TRIGGER("trigger", "TRIGGER", RestorePhase.TRIGGERS),
    EVENT("event", "EVENT", RestorePhase.EVENTS),
    USER("user", "USER", RestorePhase.ACCOUNTS),
    ROLE("role", "ROLE", RestorePhase.ACCOUNTS);

    private final String noun;
    private final String keyword;
    private final RestorePhase phase;

    ObjectKind(String noun, String keyword, RestorePhase phase) {
        this.noun = noun;
        this.keyword = keyword;
        this.phase = phase;
    }

    /** Whether objects of this kind share the server's table namespace: tables, views and sequences. */
    public boolean inTableNamespace() {
        return this == TABLE || this == VIEW || this == SEQUENCE;
    }

    /** How messages name the kind: {@code view}, {@code package body}. */
    public String noun() {
        return noun;
    }

    /** The word(s) after {@code CREATE [options]} in the statement that creates an object of this kind. */
    public String keyword() {
        return keyword;
    }

    public RestorePhase phase() {
        return phase;
    }

    /** The routine kind of an {@code information_schema.ROUTINES.ROUTINE_TYPE}, or null for another value. */
    public static ObjectKind routine(String routineType) {
        return switch (routineType.toUpperCase(Locale.ROOT)) {
            case "PROCEDURE" -> PROCEDURE;
            case "FUNCTION" -> FUNCTION;
            case "PACKAGE" -> PACKAGE;
            case "PACKAGE BODY" -> PACKAGE_BODY;
            default -> null;
        };
    }
}
