package org.onlinebackup.catalogue.sql;

/** A statement the lexer cannot read as the server would: what is wrong and at which character offset. */
public final class SqlSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public SqlSyntaxException(int offset, String reason) {
        super(reason + " at character " + offset);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
