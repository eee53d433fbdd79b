package org.onlinebackup.catalogue.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a statement into {@link Token}s by MariaDB's lexical rules, as the server would read it under a given
 * {@code sql_mode}:
 * <ul>
 * <li>comments {@code # ...}, {@code -- ...} (two dashes then a space or control character) and {@code /* ... *}{@code /}
 *     are dropped;</li>
 * <li>executable comments {@code /*! ... *}{@code /}, {@code /*!50100 ... *}{@code /}, {@code /*M! ... *}{@code /} and
 *     {@code /*M!100100 ... *}{@code /} are code: their content is tokenized as if the markers were not there, whatever
 *     version they name, because some server will run it. A comment inside one is refused;</li>
 * <li>strings in single quotes, and in double quotes unless {@code ANSI_QUOTES}; backslash escapes unless
 *     {@code NO_BACKSLASH_ESCAPES}; a doubled quote stands for itself;</li>
 * <li>identifiers in backquotes, and in double quotes under {@code ANSI_QUOTES}; a doubled quote stands for
 *     itself;</li>
 * <li>unquoted words (which may start with a digit, and after a dot are names whatever they look like), numbers, hex
 *     and bit literals, and symbols.</li>
 * </ul>
 * Anything the server would not read the same way (an unterminated string, identifier or comment) is a
 * {@link SqlSyntaxException} with the offset.
 *
 * @see <a href="https://mariadb.com/kb/en/comment-syntax/">Comment syntax</a>
 * @see <a href="https://mariadb.com/kb/en/identifier-names/">Identifier names</a>
 * @see <a href="https://mariadb.com/kb/en/string-literals/">String literals</a>
 */
public final class SqlLexer {
    /** The sql_mode values that include ANSI_QUOTES. */
    private static final Set<String> ANSI_QUOTES_MODES =
            Set.of("ANSI_QUOTES", "ANSI", "ORACLE", "DB2", "MSSQL", "POSTGRESQL", "MAXDB");
    private static final List<String> MULTI_CHAR_SYMBOLS =
            List.of("<=>", "->>", ":=", "<=", ">=", "<>", "!=", "<<", ">>", "&&", "||", "->", "@@");

    private final String s;
    private final boolean ansiQuotes;
    private final boolean backslashEscapes;
    private final List<Token> tokens = new ArrayList<>();
    private int p;
    private boolean inExecutableComment;

    private SqlLexer(String s, boolean ansiQuotes, boolean backslashEscapes) {
        this.s = s;
        this.ansiQuotes = ansiQuotes;
        this.backslashEscapes = backslashEscapes;
    }

    /** The tokens of {@code sql} read under {@code sqlMode} (a comma-separated sql_mode value, or null). */
    public static List<Token> tokenize(String sql, String sqlMode) {
        Set<String> modes = modes(sqlMode);
        boolean ansi = modes.stream().anyMatch(ANSI_QUOTES_MODES::contains);
        SqlLexer lexer = new SqlLexer(sql, ansi, !modes.contains("NO_BACKSLASH_ESCAPES"));
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private static Set<String> modes(String sqlMode) {
        if (sqlMode == null || sqlMode.isBlank()) {
            return Set.of();
        }
        Set<String> out = new java.util.HashSet<>();
        for (String m : sqlMode.split(",")) {
            out.add(m.trim().toUpperCase(Locale.ROOT));
        }
        return out;
    }

    private void run() {
        while (true) {
            skipSpaceAndComments();
            if (p >= s.length()) {
                break;
            }
            char c = s.charAt(p);
            int start = p;
            if (c == '`') {
                identifier('`', start);
            } else if (c == '"') {
                if (ansiQuotes) {
                    identifier('"', start);
                } else {
                    string('"', start, start);
                }
            } else if (c == '\'') {
                string('\'', start, start);
            } else if ((c == 'N' || c == 'n') && peek(1) == '\'') {
                p++;
                string('\'', start, start);
            } else if ((c == 'X' || c == 'x' || c == 'B' || c == 'b') && peek(1) == '\'') {
                quotedHexOrBit(start);
            } else if (c == '0' && (peek(1) == 'x' || peek(1) == 'b') && isWordChar(peek(2)) && !previousIsDot()) {
                word(start);
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)) && !previousIsName())) {
                numberOrWord(start);
            } else if (isWordChar(c)) {
                word(start);
            } else if (c == '*' && peek(1) == '/' && inExecutableComment) {
                inExecutableComment = false;
                p += 2;
            } else {
                symbol(start);
            }
        }
        if (inExecutableComment) {
            throw new SqlSyntaxException(s.length(), "an executable comment is not closed");
        }
    }

    private char peek(int ahead) {
        int i = p + ahead;
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private boolean previousIsDot() {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).isSymbol(".");
    }

    private boolean previousIsName() {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).isName()
                && tokens.get(tokens.size() - 1).end() == p;
    }

    static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c >= 0x80;
    }

    private void skipSpaceAndComments() {
        while (p < s.length()) {
            char c = s.charAt(p);
            if (Character.isWhitespace(c) || c == '\u000b') {
                p++;
            } else if (c == '#') {
                lineComment();
            } else if (c == '-' && peek(1) == '-' && (p + 2 >= s.length() || s.charAt(p + 2) <= ' ')) {
                lineComment();
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else {
                return;
            }
        }
    }

    private void lineComment() {
        while (p < s.length() && s.charAt(p) != '\n') {
            p++;
        }
    }

    private void blockComment() {
        int start = p;
        if (inExecutableComment) {
            throw new SqlSyntaxException(start, "a comment inside an executable comment");
        }
        int q = p + 2;
        boolean mariadbOnly = q < s.length() && s.charAt(q) == 'M' && q + 1 < s.length() && s.charAt(q + 1) == '!';
        if (mariadbOnly) {
            q++;
        }
        if (q < s.length() && s.charAt(q) == '!') {
            q++;
            while (q < s.length() && Character.isDigit(s.charAt(q))) {
                q++;
            }
            inExecutableComment = true;
            p = q;
            return;
        }
        int end = s.indexOf("*/", p + 2);
        if (end < 0) {
            throw new SqlSyntaxException(start, "a comment is not closed");
        }
        p = end + 2;
    }

    private void identifier(char quote, int start) {
        String name = quoted(quote, start, false, "a quoted identifier");
        tokens.add(new Token(Token.Type.QUOTED_IDENTIFIER, name, start, p));
    }

    /** A string from its opening quote at {@code p}, which belongs to the token starting at {@code tokenStart}. */
    private void string(char quote, int start, int tokenStart) {
        String value = quoted(quote, start, backslashEscapes, "a string");
        tokens.add(new Token(Token.Type.STRING, value, tokenStart, p));
    }

    /**
     * The text between the quote at {@code p} and its closing quote, where a doubled quote stands for itself and,
     * with {@code escapes}, a backslash escapes the next character; {@code p} ends after the closing quote.
     */
    private String quoted(char quote, int start, boolean escapes, String what) {
        StringBuilder b = new StringBuilder();
        p++;
        while (true) {
            if (p >= s.length() || (escapes && s.charAt(p) == '\\' && p + 1 >= s.length())) {
                throw new SqlSyntaxException(start, what + " is not closed");
            }
            char c = s.charAt(p);
            if (c == '\\' && escapes) {
                b.append(unescape(s.charAt(p + 1)));
                p += 2;
            } else if (c == quote && peek(1) == quote) {
                b.append(quote);
                p += 2;
            } else if (c == quote) {
                p++;
                return b.toString();
            } else {
                b.append(c);
                p++;
            }
        }
    }

    private static String unescape(char c) {
        return switch (c) {
            case '0' -> "\0";
            case 'b' -> "\b";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'Z' -> "\u001a";
            case '%' -> "\\%";
            case '_' -> "\\_";
            default -> String.valueOf(c);
        };
    }

    private void quotedHexOrBit(int start) {
        int close = s.indexOf('\'', p + 2);
        if (close < 0) {
            throw new SqlSyntaxException(start, "a hex or bit literal is not closed");
        }
        p = close + 1;
        tokens.add(new Token(Token.Type.HEX_OR_BIT, s.substring(start, p), start, p));
    }

    /** A number, or a word that starts with digits ({@code 1abc} is an identifier). */
    private void numberOrWord(int start) {
        if (s.charAt(p) == '.') {
            p++;
            digits();
            exponent();
            tokens.add(new Token(Token.Type.NUMBER, s.substring(start, p), start, p));
            return;
        }
        int q = p;
        while (q < s.length() && isWordChar(s.charAt(q))) {
            q++;
        }
        String w = s.substring(start, q);
        if (previousIsDot() || !w.matches("[0-9]+([eE][0-9]*)?")) {
            word(start);
            return;
        }
        if (w.matches("[0-9]+[eE]")) {
            char sign = q < s.length() ? s.charAt(q) : '\0';
            if ((sign == '+' || sign == '-') && q + 1 < s.length() && Character.isDigit(s.charAt(q + 1))) {
                p = q + 1;
                digits();
                tokens.add(new Token(Token.Type.NUMBER, s.substring(start, p), start, p));
            } else {
                word(start);
            }
            return;
        }
        p = q;
        if (w.matches("[0-9]+") && p < s.length() && s.charAt(p) == '.') {
            p++;
            digits();
            exponent();
        }
        tokens.add(new Token(Token.Type.NUMBER, s.substring(start, p), start, p));
    }

    private void digits() {
        while (p < s.length() && Character.isDigit(s.charAt(p))) {
            p++;
        }
    }

    private void exponent() {
        if (p < s.length() && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
            int r = p + 1;
            if (r < s.length() && (s.charAt(r) == '+' || s.charAt(r) == '-')) {
                r++;
            }
            if (r < s.length() && Character.isDigit(s.charAt(r))) {
                p = r;
                digits();
            }
        }
    }

    private void word(int start) {
        while (p < s.length() && isWordChar(s.charAt(p))) {
            p++;
        }
        String w = s.substring(start, p);
        if (w.length() > 2 && w.charAt(0) == '0' && (w.charAt(1) == 'x' || w.charAt(1) == 'b') && !previousIsDot()) {
            tokens.add(new Token(Token.Type.HEX_OR_BIT, w, start, p));
            return;
        }
        tokens.add(new Token(Token.Type.WORD, w, start, p));
    }

    private void symbol(int start) {
        for (String m : MULTI_CHAR_SYMBOLS) {
            if (s.startsWith(m, p)) {
                p += m.length();
                tokens.add(new Token(Token.Type.SYMBOL, m, start, p));
                return;
            }
        }
        char c = s.charAt(p);
        if (c == '\0') {
            throw new SqlSyntaxException(p, "a NUL character outside a string");
        }
        p++;
        tokens.add(new Token(Token.Type.SYMBOL, String.valueOf(c), start, p));
    }
}
