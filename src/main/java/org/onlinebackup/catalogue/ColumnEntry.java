package org.onlinebackup.catalogue;

/**
 * A column: name, data type ({@code int}, {@code varchar}, ...), full column type ({@code int(10) unsigned}),
 * character set and collation (null for non-character columns), whether data chunks carry its values (false for
 * generated columns, which the server computes again on restore), and its role: plain data, or the row start or
 * row end of a system-versioned table.
 */
public record ColumnEntry(String name, String dataType, String columnType, String charset, String collation,
                          boolean inData, Role role) {

    /** What a column is to the table's system versioning. */
    public enum Role {
        DATA,
        ROW_START,
        ROW_END
    }

    public ColumnEntry(String name, String dataType, String columnType, String charset, String collation, boolean inData) {
        this(name, dataType, columnType, charset, collation, inData, Role.DATA);
    }

    /**
     * Whether this is an ENUM column without '' among its values: there '' is the error value (index 0) that a
     * non-strict sql_mode stores for a value not in the list.
     */
    public boolean enumWithoutEmpty() {
        if (!"enum".equalsIgnoreCase(dataType)) {
            return false;
        }
        String t = columnType;
        int i = t.indexOf('(');
        while (i >= 0 && i < t.length()) {
            int open = t.indexOf('\'', i);
            if (open < 0) {
                return true;
            }
            int k = open + 1;
            int length = 0;
            while (k < t.length()) {
                if (t.charAt(k) == '\'' && k + 1 < t.length() && t.charAt(k + 1) == '\'') {
                    k += 2;
                    length++;
                } else if (t.charAt(k) == '\'') {
                    break;
                } else {
                    k++;
                    length++;
                }
            }
            if (length == 0) {
                return false;
            }
            i = k + 1;
        }
        return true;
    }

    /** How a value of this column travels in a data chunk. */
    public ValueEncoding encoding() {
        return ValueEncoding.of(dataType);
    }
}
