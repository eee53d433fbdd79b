package org.onlinebackup.catalogue;

import java.util.Locale;

/**
 * How the value of a column is carried in a data chunk. Values are the bytes the server sends in its text protocol
 * with {@code character_set_results = binary} and {@code time_zone = '+00:00'}: character data in the column's own
 * character set, binary data, BIT and GEOMETRY as raw bytes, numbers and temporal values as their exact text.
 * The one exception is FLOAT, whose text form is rounded to 6 digits by the server: it travels as the text of its
 * exact DOUBLE value, which converts back to the same FLOAT.
 */
public enum ValueEncoding {
    /** The server's bytes, unchanged. */
    AS_SENT,
    /** {@code CAST(col AS DOUBLE)}: the exact value of a FLOAT. */
    FLOAT_AS_DOUBLE;

    public static ValueEncoding of(String dataType) {
        return "float".equals(dataType.toLowerCase(Locale.ROOT)) ? FLOAT_AS_DOUBLE : AS_SENT;
    }
}
