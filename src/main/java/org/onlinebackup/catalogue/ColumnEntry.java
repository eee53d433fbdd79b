package org.onlinebackup.catalogue;

/**
 * A column: name, data type ({@code int}, {@code varchar}, ...), full column type ({@code int(10) unsigned}),
 * character set and collation (null for non-character columns), and whether data chunks carry its values
 * (false for generated columns, which the server computes again on restore).
 */
public record ColumnEntry(String name, String dataType, String columnType, String charset, String collation,
                          boolean inData) {

    /** How a value of this column travels in a data chunk. */
    public ValueEncoding encoding() {
        return ValueEncoding.of(dataType);
    }
}
