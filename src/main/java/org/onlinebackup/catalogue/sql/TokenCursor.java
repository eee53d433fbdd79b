package org.onlinebackup.catalogue.sql;

import java.util.List;

/** Steps through the tokens of one statement; {@link #refuse} fails with a reason the checker turns into a message. */
final class TokenCursor {
    private final List<Token> tokens;
    private int i;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    List<Token> tokens() {
        return tokens;
    }

    int position() {
        return i;
    }

    void position(int p) {
        i = p;
    }

    boolean atEnd() {
        return i >= tokens.size();
    }

    /** The token {@code ahead} places on, or null past the end. */
    Token peek(int ahead) {
        int k = i + ahead;
        return k < tokens.size() ? tokens.get(k) : null;
    }

    Token peek() {
        return peek(0);
    }

    boolean at(String word) {
        Token t = peek();
        return t != null && t.is(word);
    }

    boolean atSymbol(String s) {
        Token t = peek();
        return t != null && t.isSymbol(s);
    }

    Token next(String expected) {
        if (atEnd()) {
            throw new Refusal("ends where " + expected + " was expected");
        }
        return tokens.get(i++);
    }

    /** Moves past {@code word} if it is next. */
    boolean accept(String word) {
        if (at(word)) {
            i++;
            return true;
        }
        return false;
    }

    boolean acceptSymbol(String s) {
        if (atSymbol(s)) {
            i++;
            return true;
        }
        return false;
    }

    void expect(String word) {
        Token t = next(word);
        if (!t.is(word)) {
            throw new Refusal("has '" + t.value() + "' where " + word + " was expected");
        }
    }

    void expectSymbol(String s) {
        Token t = next("'" + s + "'");
        if (!t.isSymbol(s)) {
            throw new Refusal("has '" + t.value() + "' where '" + s + "' was expected");
        }
    }

    /** A name: an unquoted word or a quoted identifier. */
    Token name(String what) {
        Token t = next(what);
        if (!t.isName()) {
            throw new Refusal("has '" + t.value() + "' where " + what + " was expected");
        }
        return t;
    }

    /** Moves past a balanced parenthesised group that starts at the current token. */
    void skipGroup() {
        expectSymbol("(");
        int depth = 1;
        while (depth > 0) {
            Token t = next("')'");
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            }
        }
    }

    /** Why a statement is refused; the checker adds which object it belongs to. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }
}
