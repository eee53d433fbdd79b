package org.onlinebackup.catalogue;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting of MariaDB identifiers and string literals. */
public final class Identifiers {
    private Identifiers() {
    }

    /** {@code name} as a quoted identifier: {@code `a``b`}. */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** {@code text} as a string literal, {@code 'it''s'}, for a session with backslash escapes (ours always have them). */
    public static String literal(String text) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'' -> b.append("''");
                case '\\' -> b.append("\\\\");
                case '\0' -> b.append("\\0");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** The most characters the server allows in the name of a database, table, column or other object. */
    public static final int MAX_NAME = 64;

    /**
     * Why the server refuses {@code name} as the name of a database or of an object in one, or null when it takes
     * it: empty, more than {@link #MAX_NAME} characters, ending with a space, or holding a NUL.
     */
    public static String refusedName(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            return "it has " + name.codePointCount(0, name.length()) + " characters, more than the " + MAX_NAME + " a name may have";
        }
        if (name.endsWith(" ")) {
            return "it ends with a space";
        }
        if (name.indexOf('\0') >= 0) {
            return "it holds a NUL character";
        }
        return null;
    }

    public static String quoteAll(List<String> names) {
        return names.stream().map(Identifiers::quote).collect(Collectors.joining(","));
    }
}
