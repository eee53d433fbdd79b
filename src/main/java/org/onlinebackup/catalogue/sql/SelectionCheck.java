package org.onlinebackup.catalogue.sql;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.ViewEntry;

/**
 * What a selection must keep together: a view and what it reads. The server refuses to create a view whose tables
 * or views do not exist, so a selection that keeps a view and leaves out what it reads would make an image, or a
 * restore, that fails half-way. The server writes a view's definition in one form: a table it reads is named after
 * {@code from} or {@code join} (or an opening parenthesis of a join), and every column it reads is qualified by its
 * table ({@code `t`.`c`}); tables of other databases are qualified by their database ({@code `db`.`t`}).
 */
public final class SelectionCheck {
    private static final Set<String> BEFORE_TABLE = Set.of("FROM", "JOIN", "STRAIGHT_JOIN");

    private SelectionCheck() {
    }

    /**
     * The first object {@code view}, of database {@code ownDb}, reads that {@code leftOut} says the selection leaves
     * out, quoted as {@code `db`.`name`}; empty when it reads none. {@code leftOut} is asked with a database and a name.
     */
    public static Optional<String> leftOutRead(ViewEntry view, String ownDb, BiPredicate<String, String> leftOut) {
        List<Token> tokens = tokens(view);
        int body = 0;
        while (body < tokens.size() && !tokens.get(body).is("AS")) {
            body++;
        }
        for (int k = body + 1; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (!t.isName() || tokens.get(k - 1).isSymbol(".")) {
                continue;
            }
            boolean qualifier = k + 2 < tokens.size() && tokens.get(k + 1).isSymbol(".") && tokens.get(k + 2).isName();
            Token before = tokens.get(k - 1);
            boolean tablePlace = before.isSymbol("(") || before.type() == Token.Type.WORD && BEFORE_TABLE.contains(before.upper());
            if (qualifier && leftOut.test(t.value(), tokens.get(k + 2).value())) {
                return Optional.of(Identifiers.quote(t.value()) + "." + Identifiers.quote(tokens.get(k + 2).value()));
            }
            if ((qualifier || tablePlace) && leftOut.test(ownDb, t.value())) {
                return Optional.of(Identifiers.quote(ownDb) + "." + Identifiers.quote(t.value()));
            }
        }
        return Optional.empty();
    }

    /**
     * The first name in the body of a trigger, routine or event that may be an object the selection leaves out: a
     * name {@code db.name}, or a bare name taken as one of {@code ownDb}. Such bodies name tables unqualified, so a
     * column or variable of the same name counts too: the answer is for a note, never for a refusal.
     */
    public static Optional<String> mayUseLeftOut(SchemaObject o, String ownDb, BiPredicate<String, String> leftOut) {
        List<Token> tokens = tokens(o);
        for (int k = 0; k < tokens.size(); k++) {
            if (!tokens.get(k).isName() || (k > 0 && tokens.get(k - 1).isSymbol("."))) {
                continue;
            }
            boolean qualified = k + 2 < tokens.size() && tokens.get(k + 1).isSymbol(".") && tokens.get(k + 2).isName();
            String db = qualified ? tokens.get(k).value() : ownDb;
            String name = qualified ? tokens.get(k + 2).value() : tokens.get(k).value();
            if (leftOut.test(db, name) || (qualified && leftOut.test(ownDb, tokens.get(k).value()))) {
                return Optional.of(leftOut.test(db, name) ? Identifiers.quote(db) + "." + Identifiers.quote(name)
                        : Identifiers.quote(ownDb) + "." + Identifiers.quote(tokens.get(k).value()));
            }
        }
        return Optional.empty();
    }

    /** The tokens of an object's statement; none when it does not lex (the checker refuses it later, by name). */
    private static List<Token> tokens(SchemaObject o) {
        try {
            return SqlLexer.tokenize(o.createStatement(), null);
        } catch (SqlSyntaxException e) {
            return List.of();
        }
    }
}
