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

    public static String quoteAll(List<String> names) {
        return names.stream().map(Identifiers::quote).collect(Collectors.joining(","));
    }
}
