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

    public static String quoteAll(List<String> names) {
        return names.stream().map(Identifiers::quote).collect(Collectors.joining(","));
    }
}
