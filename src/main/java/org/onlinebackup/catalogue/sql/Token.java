package org.onlinebackup.catalogue.sql;

import java.util.Locale;

/**
 * One token of a statement: its type, the exact source text {@code [start, end)}, and its value (an identifier's
 * name without quotes, a string's characters without quotes and escapes, otherwise the text).
 */
public record Token(Type type, String value, int start, int end) {

    public enum Type {
        /** An unquoted word: a keyword or an identifier, as the parser decides. */
        WORD,
        /** A backquoted identifier (or double-quoted under {@code ANSI_QUOTES}). */
        QUOTED_IDENTIFIER,
        /** A string literal: {@code '...'}, or {@code "..."} without {@code ANSI_QUOTES}; also {@code N'...'}. */
        STRING,
        /** {@code X'...'}, {@code B'...'}, {@code 0x...}, {@code 0b...}. */
        HEX_OR_BIT,
        NUMBER,
        /** Punctuation and operators: {@code ( ) , . ; = @ @@ :=} ... */
        SYMBOL
    }

    /** Whether this is the unquoted word {@code keyword} (case-insensitive). */
    public boolean is(String keyword) {
        return type == Type.WORD && value.equalsIgnoreCase(keyword);
    }

    /** Whether this is the symbol {@code s}. */
    public boolean isSymbol(String s) {
        return type == Type.SYMBOL && value.equals(s);
    }

    /** A name: an unquoted word or a quoted identifier. */
    public boolean isName() {
        return type == Type.WORD || type == Type.QUOTED_IDENTIFIER;
    }

    /** The upper-case value of a word, for switch statements. */
    public String upper() {
        return value.toUpperCase(Locale.ROOT);
    }
}
