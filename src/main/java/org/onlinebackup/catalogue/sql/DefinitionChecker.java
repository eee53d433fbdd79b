package org.onlinebackup.catalogue.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.CatalogueEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.EventEntry;
import org.onlinebackup.catalogue.Identifiers;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.TriggerEntry;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * The one place where a catalogue entry and the statement that creates it are checked against each other. A restore
 * runs a statement of an image only if this checker, reading it with {@link SqlLexer} under the {@code sql_mode} it
 * will run in, finds that it is exactly one statement, of the entry's kind, creating exactly the named object in the
 * entry's own database (a stored program's body one compound statement). What it returns is the statement to run,
 * with references to renamed databases rewritten. Names in strings are not rewritten.
 *
 * <h2>Trusted and untrusted images</h2>
 * What a restored object may do when it runs later is not decided here, by reading its body: MariaDB's grammar is
 * too large for a reader of statement forms to be sound. It is decided by the server's privilege system:
 * <ul>
 * <li>An image that a key the operator gave authenticates ({@link Scope#trusted()}) restores exactly as recorded:
 *     definers, SQL SECURITY, what its tables name.</li>
 * <li>Any other image's views, triggers, routines and events get {@link Scope#definer()} as their definer, an
 *     account whose privileges are exactly the restored databases (and those the operator allows), and run
 *     {@code SQL SECURITY DEFINER}: the server refuses whatever they would read or change elsewhere, whoever runs
 *     them. Its tables may name no database outside those, use no engine that reaches outside the server
 *     ({@link #REMOTE_ENGINES}), and place no file outside the data directory ({@code DATA/INDEX DIRECTORY}, a
 *     CONNECT {@code FILE_NAME}): table definitions act when the restore creates them, with the restore's own
 *     privileges. Its events stay disabled.</li>
 * </ul>
 * A name in two parts {@code x.y} is taken as database {@code x} wherever a database may stand: one named like a
 * renamed database is renamed with it.
 */
public final class DefinitionChecker {
    /** Engines whose tables read or write another server, files, or object storage: refused in an untrusted image. */
    public static final Set<String> REMOTE_ENGINES = Set.of("FEDERATED", "CONNECT", "SPIDER", "S3");
    private static final Set<String> TABLE_POSITION = Set.of("FROM", "JOIN", "STRAIGHT_JOIN", "INTO", "UPDATE", "TABLE",
            "REFERENCES", "CALL");
    private static final Set<String> BLOCK_OPENERS = Set.of("BEGIN", "THEN", "ELSE", "DO", "LOOP", "REPEAT");
    private static final Set<String> CHARACTERISTICS = Set.of("COMMENT", "LANGUAGE", "NOT", "DETERMINISTIC", "CONTAINS",
            "NO", "READS", "MODIFIES", "SQL");

    private final Catalogue catalogue;
    private final Scope scope;

    /**
     * What a restore acts on: {@code targets} maps the image name of each database it creates to the name it
     * creates it under; {@code selection} says which objects of those databases it creates. {@code definer} is the
     * account (quoted) that the views, triggers, routines and events of an untrusted image run as; null for a trusted
     * image, restored as recorded. {@code reachable}: the databases of the server (not restored) that an untrusted
     * image's tables may name too, as its definer may use them.
     */
    public record Scope(Map<String, String> targets, Selection selection, String definer, Set<String> reachable) {
        public Scope {
            targets = Map.copyOf(targets);
            Objects.requireNonNull(selection, "selection");
            reachable = Set.copyOf(reachable);
        }

        /** A trusted image: restored as recorded. */
        public static Scope trusted(Map<String, String> targets, Selection selection) {
            return new Scope(targets, selection, null, Set.of());
        }

        /** An untrusted image, its definitions bound to {@code definer} and these databases. */
        public static Scope bounded(Map<String, String> targets, Selection selection, String definer, Set<String> reachable) {
            return new Scope(targets, selection, Objects.requireNonNull(definer, "definer"), reachable);
        }

        /** Whether the image is trusted: restored exactly as recorded. */
        public boolean trusted() {
            return definer == null;
        }

        /** Whether the restore creates {@code o}: its database is a target and the selection keeps it. */
        public boolean creates(Catalogue catalogue, SchemaObject o) {
            String db = catalogue.databaseOf(o).name();
            return targets.containsKey(db) && selection.object(db, o);
        }
    }

    /**
     * A statement that passed: the SQL to run, the definer it names as recorded (quoted, or null), the databases of
     * the image that this restore does not create but that the statement reads, and whether an untrusted image's
     * {@code SQL SECURITY INVOKER} was made {@code DEFINER}.
     */
    public record Checked(String sql, String definer, Set<String> otherImageDatabases, boolean madeDefinerSecurity) {
        Checked(String sql, String definer, Set<String> otherImageDatabases) {
            this(sql, definer, otherImageDatabases, false);
        }
    }

    public DefinitionChecker(Catalogue catalogue, Scope scope) {
        this.catalogue = catalogue;
        this.scope = scope;
    }

    /**
     * The statement that creates {@code entry}, checked; an {@link OnlineBackupException} naming the object and the
     * reason if refused. A database's statement is generated from its checked options, a sequence's and an
     * account's are the checked ones, others are checked and renamed.
     */
    public Checked create(CatalogueEntry entry) {
        String badName = entry instanceof DatabaseEntry || entry instanceof SchemaObject ? Identifiers.refusedName(entry.name()) : null;
        if (badName != null) {
            throw refused(entry, "has a name the server refuses: " + badName);
        }
        try {
            return switch (entry.kind()) {
                case DATABASE -> database((DatabaseEntry) entry);
                case USER, ROLE -> account((AccountEntry) entry);
                default -> schemaObject((SchemaObject) entry);
            };
        } catch (TokenCursor.Refusal e) {
            throw refused(entry, e.getMessage());
        } catch (SqlSyntaxException e) {
            throw refused(entry, "cannot be read: " + e.getMessage());
        }
    }

    /** The statements that give an account its privileges and roles, checked and renamed. */
    public List<String> grants(AccountEntry account) {
        List<String> out = new ArrayList<>();
        for (String g : account.grants()) {
            try {
                out.add(grant(account, g));
            } catch (TokenCursor.Refusal | SqlSyntaxException e) {
                throw refused(account, "has a grant that " + (e instanceof SqlSyntaxException ? "cannot be read: " : "")
                        + e.getMessage() + ": '" + abbreviate(g) + "'");
            }
        }
        return out;
    }

    /**
     * Whether a table's definition takes values from a sequence (a default of NEXTVAL, LASTVAL, SETVAL, NEXT VALUE
     * FOR, PREVIOUS VALUE FOR): writing to such a table writes to, or locks, the sequence.
     */
    public static boolean usesSequence(TableEntry table) {
        List<Token> t;
        try {
            t = SqlLexer.tokenize(table.createStatement(), null);
        } catch (SqlSyntaxException e) {
            return false;
        }
        for (int k = 0; k + 1 < t.size(); k++) {
            Token x = t.get(k);
            boolean call = (x.is("NEXTVAL") || x.is("LASTVAL") || x.is("SETVAL")) && t.get(k + 1).isSymbol("(");
            boolean valueFor = (x.is("NEXT") || x.is("PREVIOUS")) && t.get(k + 1).is("VALUE");
            if (call || valueFor) {
                return true;
            }
        }
        return false;
    }

    private OnlineBackupException refused(CatalogueEntry entry, String reason) {
        return new OnlineBackupException(Message.DEFINITION_REFUSED, catalogue.describe(entry), reason);
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }

    // ---- databases -----------------------------------------------------------------------------------------------

    private Checked database(DatabaseEntry d) {
        String target = scope.targets().get(d.name());
        if (target == null) {
            throw new TokenCursor.Refusal("is not restored");
        }
        TokenCursor c = new TokenCursor(SqlLexer.tokenize(d.createStatement(), null));
        c.expect("CREATE");
        if (!c.accept("DATABASE") && !c.accept("SCHEMA")) {
            throw new TokenCursor.Refusal("is not a CREATE DATABASE statement");
        }
        noIfNotExists(c);
        Token name = c.name("the database name");
        if (!name.value().equals(d.name())) {
            throw new TokenCursor.Refusal("creates database " + Identifiers.quote(name.value()) + ", not this one");
        }
        String comment = null;
        while (!c.atEnd()) {
            c.accept("DEFAULT");
            if (c.accept("CHARACTER")) {
                c.expect("SET");
                sameName(c, d.charset(), "character set");
            } else if (c.accept("CHARSET")) {
                sameName(c, d.charset(), "character set");
            } else if (c.accept("COLLATE")) {
                sameName(c, d.collation(), "collation");
            } else if (c.accept("COMMENT")) {
                c.acceptSymbol("=");
                Token t = c.next("a comment");
                if (t.type() != Token.Type.STRING) {
                    throw new TokenCursor.Refusal("has a comment that is not a string");
                }
                comment = t.value();
            } else {
                throw new TokenCursor.Refusal("has '" + c.peek().value() + "', which is not a database option");
            }
        }
        String sql = "CREATE DATABASE " + Identifiers.quote(target) + " CHARACTER SET " + Identifiers.quote(d.charset())
                + " COLLATE " + Identifiers.quote(d.collation())
                + (comment == null ? "" : " COMMENT " + Identifiers.literal(comment));
        return new Checked(sql, null, Set.of());
    }

    private static void sameName(TokenCursor c, String expected, String what) {
        c.acceptSymbol("=");
        Token t = c.next("a " + what);
        if (!(t.isName() || t.type() == Token.Type.STRING) || !t.value().equalsIgnoreCase(expected)) {
            throw new TokenCursor.Refusal("names " + what + " '" + t.value() + "' where the catalogue has '" + expected + "'");
        }
    }

    private static void noIfNotExists(TokenCursor c) {
        if (c.at("IF")) {
            throw new TokenCursor.Refusal("has IF NOT EXISTS, which could leave an object that is not the image's");
        }
    }

    // ---- objects in a database -----------------------------------------------------------------------------------

    private Checked schemaObject(SchemaObject o) {
        String own = catalogue.databaseOf(o).name();
        if (!scope.targets().containsKey(own)) {
            throw new TokenCursor.Refusal("is in a database this restore does not create");
        }
        String sqlMode = sqlModeOf(o);
        List<Token> tokens = SqlLexer.tokenize(o.createStatement(), sqlMode);
        Statement st = new Statement(o, own, o.createStatement(), tokens, sqlMode);
        TokenCursor c = new TokenCursor(tokens);
        c.expect("CREATE");
        if (c.at("OR")) {
            throw new TokenCursor.Refusal("has OR REPLACE, which would replace an object that is not the image's");
        }
        if (c.at("TEMPORARY")) {
            throw new TokenCursor.Refusal("creates a temporary table");
        }
        Head head = headOptions(c, o.kind(), st);
        for (String w : o.kind().keyword().split(" ")) {
            c.expect(w);
        }
        noIfNotExists(c);
        ownName(c, st, o.name(), o.kind());
        switch (o.kind()) {
            case TABLE -> table(c, st, scope.trusted());
            case SEQUENCE -> sequence(c, scope.trusted());
            case VIEW -> view(c, st);
            case TRIGGER -> trigger(c, st, (TriggerEntry) o);
            case EVENT -> event(c, st, (EventEntry) o);
            default -> routine(c, st);
        }
        st.checkReferences();
        if (!scope.trusted() && head.definerAllowed()) {
            bindDefiner(st, head, tokens);
        }
        return new Checked(st.rewritten(), head.definer(), st.otherImageDatabases, st.madeDefinerSecurity);
    }

    /**
     * An untrusted image's object gets the scope's definer: its DEFINER clause is replaced, or one is added where
     * the grammar puts it (after ALGORITHM for a view, else right after CREATE).
     */
    private void bindDefiner(Statement st, Head head, List<Token> tokens) {
        String before = st.sql.substring(0, st.headEnd);
        if (before.contains("/*!") || before.contains("/*M!")) {
            throw new TokenCursor.Refusal("has an executable comment before its body, which a server may or may not run:"
                    + " in an untrusted image, its definer, SQL SECURITY and status must be plain");
        }
        if (head.definerFrom() >= 0) {
            st.edit(tokens.get(head.definerFrom()).start(), tokens.get(head.definerTo() - 1).end(), scope.definer());
        } else {
            st.edit(tokens.get(head.insertAt()).start(), tokens.get(head.insertAt()).start(), "DEFINER=" + scope.definer() + " ");
        }
    }

    /** The sql_mode the restore creates {@code o} in (null: the restore's own), which is how it must be read. */
    private static String sqlModeOf(SchemaObject o) {
        if (o instanceof org.onlinebackup.catalogue.ViewEntry v) {
            return v.context().sqlMode();
        }
        if (o instanceof org.onlinebackup.catalogue.TriggerEntry t) {
            return t.context().sqlMode();
        }
        if (o instanceof org.onlinebackup.catalogue.RoutineEntry r) {
            return r.context().sqlMode();
        }
        if (o instanceof EventEntry e) {
            return e.context().sqlMode();
        }
        return null;
    }

    /**
     * The options between CREATE and the kind: the definer as written (null when none) and the tokens it spans, where
     * a DEFINER clause would go, and whether the kind has a definer at all.
     */
    private record Head(String definer, int definerFrom, int definerTo, int insertAt, boolean definerAllowed) {
    }

    /** ALGORITHM, DEFINER, SQL SECURITY, AGGREGATE where the kind allows them. */
    private Head headOptions(TokenCursor c, ObjectKind kind, Statement st) {
        String definer = null;
        int from = -1;
        int to = -1;
        int insertAt = c.position();
        boolean definerAllowed = kind != ObjectKind.TABLE && kind != ObjectKind.SEQUENCE;
        Set<String> seen = new HashSet<>();
        while (true) {
            if (c.peek() != null && c.peek().type() == Token.Type.WORD && !seen.add(c.peek().upper())) {
                throw new TokenCursor.Refusal("has " + c.peek().upper() + " twice");
            }
            if (kind == ObjectKind.VIEW && c.accept("ALGORITHM")) {
                c.expectSymbol("=");
                c.name("an algorithm");
                insertAt = c.position();
            } else if (definerAllowed && c.accept("DEFINER")) {
                c.expectSymbol("=");
                from = c.position();
                definer = account(c);
                to = c.position();
            } else if (kind == ObjectKind.VIEW && c.at("SQL")) {
                c.expect("SQL");
                c.expect("SECURITY");
                security(c, st);
            } else if (kind == ObjectKind.FUNCTION && c.accept("AGGREGATE")) {
                continue;
            } else {
                return new Head(definer, from, to, insertAt, definerAllowed);
            }
        }
    }

    /** {@code DEFINER} or {@code INVOKER} after SQL SECURITY; an untrusted image's INVOKER becomes DEFINER. */
    private void security(TokenCursor c, Statement st) {
        Token t = c.name("DEFINER or INVOKER");
        if (!scope.trusted() && t.is("INVOKER")) {
            st.edit(t.start(), t.end(), "DEFINER");
            st.madeDefinerSecurity = true;
        }
    }

    /** An account: {@code `u`@`h`}, {@code 'u'@'h'}, {@code u@h}, a role name, or CURRENT_USER; returned quoted. */
    private static String account(TokenCursor c) {
        if (c.at("CURRENT_USER") || c.at("CURRENT_ROLE")) {
            String w = c.next("an account").upper();
            if (c.acceptSymbol("(")) {
                c.expectSymbol(")");
            }
            return w;
        }
        Token user = c.next("an account");
        if (!(user.isName() || user.type() == Token.Type.STRING)) {
            throw new TokenCursor.Refusal("has '" + user.value() + "' where an account was expected");
        }
        if (!c.acceptSymbol("@")) {
            return Identifiers.quote(user.value());
        }
        Token host = c.next("a host");
        if (!(host.isName() || host.type() == Token.Type.STRING || host.type() == Token.Type.NUMBER)) {
            throw new TokenCursor.Refusal("has '" + host.value() + "' where a host was expected");
        }
        String h = host.value();
        return Identifiers.quote(user.value()) + "@" + Identifiers.quote(h);
    }

    /** The object's name, unqualified or qualified with its own database (which is renamed). */
    private static void ownName(TokenCursor c, Statement st, String expected, ObjectKind kind) {
        Token first = c.name("the " + kind.noun() + " name");
        Token name = first;
        if (c.atSymbol(".")) {
            c.next(".");
            name = c.name("the " + kind.noun() + " name");
            if (!first.value().equals(st.own)) {
                throw new TokenCursor.Refusal("creates its " + kind.noun() + " in database "
                        + Identifiers.quote(first.value()) + ", not in its own");
            }
        }
        boolean caseless = kind != ObjectKind.TABLE && kind != ObjectKind.VIEW && kind != ObjectKind.SEQUENCE;
        if (caseless ? !name.value().equalsIgnoreCase(expected) : !name.value().equals(expected)) {
            throw new TokenCursor.Refusal("creates " + kind.noun() + " " + Identifiers.quote(name.value()) + ", not this one");
        }
    }

    private static void table(TokenCursor c, Statement st, boolean trusted) {
        if (!c.atSymbol("(")) {
            throw new TokenCursor.Refusal("does not define columns (a table made from a query or LIKE another is refused)");
        }
        List<Token> t = c.tokens();
        int depth = 0;
        for (int k = c.position(); k < t.size(); k++) {
            Token x = t.get(k);
            if (!trusted) {
                outsideTheServer(x, k + 1 < t.size() ? t.get(k + 1) : null, k + 2 < t.size() ? t.get(k + 2) : null);
            }
            if (x.isSymbol("(")) {
                depth++;
            } else if (x.isSymbol(")")) {
                depth--;
            } else if (x.is("SELECT") || (x.is("VALUES") && !(k + 1 < t.size() && (t.get(k + 1).is("LESS") || t.get(k + 1).is("IN"))))) {
                throw new TokenCursor.Refusal("reads rows (" + x.upper() + ")");
            } else if (depth == 0 && (x.is("AS") || x.is("LIKE") || x.is("IGNORE") || x.is("REPLACE"))) {
                throw new TokenCursor.Refusal("fills the table from a query (" + x.upper() + ")");
            } else if (trusted) {
                continue;
            } else if (depth == 0 && x.is("FILE_NAME")) {
                throw new TokenCursor.Refusal("reads a file of the server (FILE_NAME)");
            } else if (x.is("LOAD_FILE") && k + 1 < t.size() && t.get(k + 1).isSymbol("(")) {
                throw new TokenCursor.Refusal("reads a file of the server (LOAD_FILE), with the privileges of whoever"
                        + " writes to the table");
            }
        }
        st.singleStatement();
    }

    /**
     * Refuses {@code x} (followed by {@code next} and {@code after}) where it makes a table or sequence reach outside
     * the server: an engine of {@link #REMOTE_ENGINES}, DATA or INDEX DIRECTORY.
     */
    private static void outsideTheServer(Token x, Token next, Token after) {
        if (x.is("ENGINE") && next != null) {
            Token engine = next.isSymbol("=") && after != null ? after : next;
            if (REMOTE_ENGINES.contains(engine.upper())) {
                throw new TokenCursor.Refusal("uses engine " + engine.upper() + ", whose tables reach outside the server;"
                        + " only an image signed by a trusted key may hold one");
            }
        }
        if ((x.is("DATA") || x.is("INDEX")) && next != null && next.is("DIRECTORY")) {
            throw new TokenCursor.Refusal("places files outside the server's data directory (" + x.upper() + " DIRECTORY)");
        }
    }

    private static void sequence(TokenCursor c, boolean trusted) {
        while (!c.atEnd()) {
            Token x = c.next("a sequence option");
            if (!trusted) {
                outsideTheServer(x, c.peek(), c.peek(1));
            }
            boolean ok = x.type() == Token.Type.WORD || x.type() == Token.Type.NUMBER || x.type() == Token.Type.STRING
                    || x.isSymbol("=") || x.isSymbol("-") || x.isSymbol("+");
            if (!ok) {
                throw new TokenCursor.Refusal("has '" + x.value() + "', which is not a sequence option");
            }
        }
    }

    private static void view(TokenCursor c, Statement st) {
        if (c.atSymbol("(")) {
            c.skipGroup();
        }
        c.expect("AS");
        st.body(c.position(), false);
        st.singleStatement();
    }

    private static void trigger(TokenCursor c, Statement st, TriggerEntry e) {
        Token timing = c.name("BEFORE or AFTER");
        Token event = c.name("INSERT, UPDATE or DELETE");
        if (!timing.value().equalsIgnoreCase(e.timing()) || !event.value().equalsIgnoreCase(e.event())) {
            throw new TokenCursor.Refusal("fires " + timing.upper() + " " + event.upper() + " where the catalogue has "
                    + e.timing() + " " + e.event());
        }
        c.expect("ON");
        Token first = c.name("the table");
        Token table = first;
        if (c.acceptSymbol(".")) {
            table = c.name("the table");
            if (!first.value().equals(st.own)) {
                throw new TokenCursor.Refusal("is on a table of database " + Identifiers.quote(first.value()));
            }
        }
        if (!table.value().equals(e.table())) {
            throw new TokenCursor.Refusal("is on table " + Identifiers.quote(table.value()) + " where the catalogue has "
                    + Identifiers.quote(e.table()));
        }
        c.expect("FOR");
        c.expect("EACH");
        c.expect("ROW");
        if (c.accept("FOLLOWS") || c.accept("PRECEDES")) {
            c.name("a trigger name");
        }
        st.body(c.position(), true);
    }

    private void routine(TokenCursor c, Statement st) {
        if (st.object.kind() == ObjectKind.PACKAGE || st.object.kind() == ObjectKind.PACKAGE_BODY) {
            while (!c.atEnd() && !c.at("AS") && !c.at("IS")) {
                if (c.accept("SQL")) {
                    c.expect("SECURITY");
                    security(c, st);
                } else {
                    c.next("a package characteristic");
                }
            }
            st.body(c.position(), true);
            return;
        }
        if (c.atSymbol("(")) {
            c.skipGroup();
        }
        if (c.accept("RETURNS") || (st.oracle() && c.accept("RETURN"))) {
            returnType(c);
        }
        if (c.at("SONAME")) {
            throw new TokenCursor.Refusal("loads a library into the server (SONAME): it is not a stored function");
        }
        while (!c.atEnd() && c.peek().type() == Token.Type.WORD && CHARACTERISTICS.contains(c.peek().upper())) {
            Token w = c.next("a characteristic");
            switch (w.upper()) {
                case "COMMENT" -> c.next("a comment");
                case "LANGUAGE", "CONTAINS", "NO" -> c.next("SQL");
                case "NOT" -> c.expect("DETERMINISTIC");
                case "READS", "MODIFIES" -> {
                    c.expect("SQL");
                    c.expect("DATA");
                }
                case "SQL" -> {
                    c.expect("SECURITY");
                    security(c, st);
                }
                default -> {
                    // DETERMINISTIC
                }
            }
        }
        st.body(c.position(), true);
    }

    private static final Set<String> TYPE_WORDS = Set.of("UNSIGNED", "SIGNED", "ZEROFILL", "BINARY", "ASCII", "UNICODE",
            "PRECISION", "VARYING");

    private static void returnType(TokenCursor c) {
        c.name("a type");
        if (c.atSymbol("(")) {
            c.skipGroup();
        }
        while (!c.atEnd()) {
            if (c.peek().type() == Token.Type.WORD && TYPE_WORDS.contains(c.peek().upper())) {
                c.next("a type");
            } else if (c.accept("CHARSET") || c.accept("COLLATE")) {
                c.next("a name");
            } else if (c.at("CHARACTER") && c.peek(1) != null && c.peek(1).is("SET")) {
                c.next("CHARACTER");
                c.next("SET");
                c.next("a name");
            } else {
                return;
            }
        }
    }

    /**
     * An event is created disabled: its status clause (ENABLE, DISABLE, DISABLE ON SLAVE) becomes DISABLE, or DISABLE
     * is added where the grammar puts it, before COMMENT and DO.
     */
    private static void event(TokenCursor c, Statement st, EventEntry e) {
        c.expect("ON");
        c.expect("SCHEDULE");
        List<Token> t = c.tokens();
        int depth = 0;
        int doAt = -1;
        int commentAt = -1;
        boolean status = false;
        for (int k = c.position(); k < t.size(); k++) {
            Token x = t.get(k);
            if (x.isSymbol("(")) {
                depth++;
            } else if (x.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && x.is("DO")) {
                doAt = k;
                break;
            } else if (depth == 0 && x.is("COMMENT") && commentAt < 0) {
                commentAt = k;
            } else if (depth == 0 && (x.is("ENABLE") || x.is("DISABLE")) && status) {
                throw new TokenCursor.Refusal("has more than one status (ENABLE or DISABLE)");
            } else if (depth == 0 && (x.is("ENABLE") || x.is("DISABLE"))) {
                int end = x.end();
                if (k + 2 < t.size() && t.get(k + 1).is("ON") && t.get(k + 2).is("SLAVE")) {
                    end = t.get(k + 2).end();
                    k += 2;
                }
                st.edit(x.start(), end, "DISABLE");
                status = true;
            }
        }
        if (doAt < 0) {
            throw new TokenCursor.Refusal("has no DO");
        }
        if (!status) {
            st.edit(t.get(commentAt < 0 ? doAt : commentAt).start(), t.get(commentAt < 0 ? doAt : commentAt).start(), "DISABLE ");
        }
        st.body(c.position(), false);
        st.body(doAt + 1, true);
    }

    // ---- accounts ------------------------------------------------------------------------------------------------

    private Checked account(AccountEntry a) {
        TokenCursor c = new TokenCursor(SqlLexer.tokenize(a.createStatement(), null));
        String sql = a.createStatement();
        c.expect("CREATE");
        c.expect(a.role() ? "ROLE" : "USER");
        noIfNotExists(c);
        int at = c.peek() == null ? sql.length() : c.peek().start();
        String who = account(c);
        if (!who.equals(a.quoted())) {
            throw new TokenCursor.Refusal("creates " + who + ", not " + a.quoted());
        }
        if (a.role() && !c.atEnd()) {
            throw new TokenCursor.Refusal("has '" + c.peek().value() + "' after the role name");
        }
        while (!c.atEnd()) {
            Token x = c.next("an account option");
            if (x.isSymbol(",") || x.isSymbol("@") || x.isSymbol(";")) {
                throw new TokenCursor.Refusal("names more than one account");
            }
            boolean ok = x.type() == Token.Type.WORD || x.type() == Token.Type.STRING || x.type() == Token.Type.NUMBER
                    || x.isSymbol("=");
            if (!ok) {
                throw new TokenCursor.Refusal("has '" + x.value() + "', which is not an account option");
            }
        }
        return new Checked(sql.substring(0, at) + "IF NOT EXISTS " + sql.substring(at), null, Set.of());
    }

    private String grant(AccountEntry a, String grant) {
        List<Token> tokens = SqlLexer.tokenize(grant, null);
        TokenCursor c = new TokenCursor(tokens);
        StringBuilder out = new StringBuilder();
        if (c.accept("SET")) {
            c.expect("DEFAULT");
            c.expect("ROLE");
            Token role = c.next("a role");
            if (!role.is("NONE")) {
                imageRole(role.value());
            }
            c.expect("FOR");
            String who = account(c);
            if (!who.equals(a.quoted()) || !c.atEnd()) {
                throw new TokenCursor.Refusal("is not for this account alone");
            }
            return grant;
        }
        c.expect("GRANT");
        int privileges = c.position();
        while (!c.atEnd() && !c.at("ON") && !c.at("TO")) {
            Token x = c.peek();
            if (x.isSymbol("(")) {
                c.skipGroup();
            } else if (x.isName() || x.isSymbol(",")) {
                c.next("a privilege");
            } else {
                throw new TokenCursor.Refusal("has '" + x.value() + "' among its privileges");
            }
        }
        if (c.accept("TO")) {
            if (c.position() != privileges + 2) {
                throw new TokenCursor.Refusal("grants more than one role");
            }
            imageRole(tokens.get(privileges).value());
            toThisAccount(c, a, "ADMIN");
            return grant;
        }
        c.expect("ON");
        if (c.at("TABLE") || c.at("PROCEDURE") || c.at("FUNCTION")) {
            c.next("an object kind");
        } else if (c.accept("PACKAGE")) {
            c.accept("BODY");
        }
        Token db = c.next("a database");
        if (db.isSymbol("*")) {
            throw new TokenCursor.Refusal("grants privileges on every database");
        }
        if (!db.isName()) {
            throw new TokenCursor.Refusal("has '" + db.value() + "' where a database was expected");
        }
        String target = scope.targets().get(db.value());
        if (target == null) {
            throw new TokenCursor.Refusal("grants privileges on database " + Identifiers.quote(db.value())
                    + ", which this restore does not create");
        }
        c.expectSymbol(".");
        Token object = c.next("an object");
        if (!object.isName() && !object.isSymbol("*")) {
            throw new TokenCursor.Refusal("has '" + object.value() + "' where an object was expected");
        }
        c.expect("TO");
        toThisAccount(c, a, "GRANT");
        out.append(grant, 0, db.start()).append(Identifiers.quote(target)).append(grant.substring(db.end()));
        return out.toString();
    }

    private void imageRole(String role) {
        if (catalogue.accounts().stream().noneMatch(x -> x.role() && x.user().equals(role))) {
            throw new TokenCursor.Refusal("names role " + Identifiers.quote(role) + ", which the image does not hold");
        }
    }

    private static void toThisAccount(TokenCursor c, AccountEntry a, String option) {
        String who = account(c);
        if (!who.equals(a.quoted())) {
            throw new TokenCursor.Refusal("is for " + who + ", not " + a.quoted());
        }
        if (c.accept("WITH")) {
            c.expect(option);
            c.expect("OPTION");
        }
        if (!c.atEnd()) {
            throw new TokenCursor.Refusal("has '" + c.peek().value() + "' after the account");
        }
    }

    /** The names of the tables, views and sequences of database {@code d}. */
    private Set<String> tablesOf(int d) {
        Set<String> out = new HashSet<>();
        for (SchemaObject o : catalogue.tables()) {
            if (o.database() == d) {
                out.add(o.name());
            }
        }
        for (SchemaObject o : catalogue.objects()) {
            if (o.database() == d && (o.kind() == ObjectKind.VIEW || o.kind() == ObjectKind.SEQUENCE)) {
                out.add(o.name());
            }
        }
        return out;
    }

    // ---- the statement being checked -----------------------------------------------------------------------------

    /** One statement: its tokens, the edits that rewrite it, and what its body names. */
    private final class Statement {
        final SchemaObject object;
        final String own;
        final String sql;
        final List<Token> tokens;
        final String sqlMode;
        final List<int[]> editRanges = new ArrayList<>();
        final List<String> editTexts = new ArrayList<>();
        final Set<String> otherImageDatabases = new LinkedHashSet<>();
        final Set<String> ownTables;
        boolean madeDefinerSecurity;
        /** Where the body starts (a view's query, a program's statement): what comes before it is the head. */
        int headEnd;

        Statement(SchemaObject object, String own, String sql, List<Token> tokens, String sqlMode) {
            this.ownTables = tablesOf(object.database());
            this.object = object;
            this.own = own;
            this.sql = sql;
            this.tokens = tokens;
            this.sqlMode = sqlMode;
        }

        boolean oracle() {
            return sqlMode != null && sqlMode.toUpperCase(Locale.ROOT).contains("ORACLE");
        }

        void edit(int start, int end, String text) {
            editRanges.add(new int[] {start, end});
            editTexts.add(text);
        }

        /** No statement separator anywhere. */
        void singleStatement() {
            for (Token t : tokens) {
                if (t.isSymbol(";")) {
                    throw new TokenCursor.Refusal("holds more than one statement");
                }
            }
        }

        /**
         * Every name in two or three parts {@code x.y}: a database this restore renames is rewritten; another database
         * of the image is recorded; in an untrusted image's table, a database neither restored nor reachable is refused. In two parts, {@code x} named
         * like a table, view or sequence of the object's own database is that table (a column's qualifier), as the
         * server reads it, but where only a table can stand (after FROM, JOIN ...).
         */
        void checkReferences() {
            for (int k = 0; k + 1 < tokens.size(); k++) {
                Token x = tokens.get(k);
                if (!x.isName() || !tokens.get(k + 1).isSymbol(".") || (k > 0 && tokens.get(k - 1).isSymbol("."))) {
                    continue;
                }
                boolean threeParts = k + 3 < tokens.size() && tokens.get(k + 3).isSymbol(".");
                if (!threeParts && ownTables.contains(x.value()) && !tablePosition(k)) {
                    continue;
                }
                String target = scope.targets().get(x.value());
                boolean table = object.kind() == ObjectKind.TABLE || object.kind() == ObjectKind.SEQUENCE;
                if (!scope.trusted() && table && target == null && !scope.reachable().contains(x.value())) {
                    throw new TokenCursor.Refusal("names database " + Identifiers.quote(x.value()) + ", which this restore"
                            + " does not create (an untrusted image's tables may name only the databases it restores, and"
                            + " those given with --allow-access)");
                }
                if (target != null && !target.equals(x.value())) {
                    edit(x.start(), x.end(), renamed(x, target));
                } else if (target == null && imageDatabase(x.value()) && neededAtCreation(k)) {
                    otherImageDatabases.add(x.value());
                }
            }
        }

        /** Whether a name at token {@code k} stands where only a table can: after FROM, JOIN, INTO, UPDATE, TABLE... */
        private boolean tablePosition(int k) {
            Token prev = k > 0 ? tokens.get(k - 1) : null;
            if (prev != null && prev.isSymbol("(") && k > 1) {
                prev = tokens.get(k - 2);
            }
            return prev != null && prev.type() == Token.Type.WORD && TABLE_POSITION.contains(prev.upper());
        }

        /**
         * Whether the object named at token {@code k} must exist when this statement runs: any in a view; a sequence
         * a table default takes values from. Foreign keys (created with their checks off) and stored programs
         * (resolved when they run) do not need theirs.
         */
        private boolean neededAtCreation(int k) {
            if (object.kind() == ObjectKind.VIEW) {
                return true;
            }
            return object.kind() == ObjectKind.TABLE && k >= 2 && tokens.get(k - 1).isSymbol("(")
                    && (tokens.get(k - 2).is("NEXTVAL") || tokens.get(k - 2).is("LASTVAL") || tokens.get(k - 2).is("SETVAL"));
        }

        /** A reference to a renamed database, written as the original was: quoted the same way, or unquoted. */
        private String renamed(Token x, String target) {
            char first = sql.charAt(x.start());
            if (x.type() == Token.Type.QUOTED_IDENTIFIER) {
                return first + target.replace(String.valueOf(first), String.valueOf(first) + first) + first;
            }
            return target.matches("[A-Za-z0-9_$]*[A-Za-z_$][A-Za-z0-9_$]*") ? target : Identifiers.quote(target);
        }

        private boolean imageDatabase(String name) {
            return catalogue.databases().stream().anyMatch(d -> d.name().equals(name));
        }

        /**
         * Checks a body that starts at token {@code from}: a stored program's ({@code program}) is one compound
         * statement, unless it is written under sql_mode ORACLE, whose bodies end with their own END.
         */
        void body(int from, boolean program) {
            if (program || object.kind() == ObjectKind.VIEW) {
                headEnd = from < tokens.size() ? tokens.get(from).start() : sql.length();
            }
            if (!program) {
                return;
            }
            if (!oracle()) {
                oneCompoundStatement(from);
            }
        }

        /** A stored program's body is one statement: a {@code ;} may only stand inside a compound statement. */
        private void oneCompoundStatement(int from) {
            int depth = 0;
            for (int k = from; k < tokens.size(); k++) {
                Token x = tokens.get(k);
                Token prev = k > from ? tokens.get(k - 1) : null;
                boolean afterEnd = prev != null && prev.is("END");
                if (x.is("END")) {
                    depth--;
                } else if (!afterEnd && (x.is("BEGIN") || x.is("CASE"))) {
                    depth++;
                } else if (!afterEnd && startsStatement(k, from) && (x.is("IF") || x.is("LOOP") || x.is("WHILE")
                        || x.is("REPEAT") || x.is("FOR"))) {
                    depth++;
                } else if (x.isSymbol(";") && depth <= 0 && k + 1 < tokens.size()) {
                    throw new TokenCursor.Refusal("holds more than one statement");
                }
            }
        }

        private boolean startsStatement(int k, int from) {
            return statementStarts(from).contains(k);
        }

        private Set<Integer> starts;

        /** Where the statements of a body start: its first token, and after ; BEGIN THEN ELSE DO LOOP REPEAT, labels and handler conditions. */
        private Set<Integer> statementStarts(int from) {
            if (starts != null) {
                return starts;
            }
            Set<Integer> out = new HashSet<>();
            out.add(from);
            for (int k = from; k < tokens.size(); k++) {
                Token x = tokens.get(k);
                Token prev = k > from ? tokens.get(k - 1) : null;
                if (x.isSymbol(";")) {
                    out.add(k + 1);
                } else if (x.type() == Token.Type.WORD && BLOCK_OPENERS.contains(x.upper()) && (prev == null || !prev.is("END"))) {
                    int s = k + 1;
                    if (x.is("BEGIN") && s + 1 < tokens.size() && tokens.get(s).is("NOT") && tokens.get(s + 1).is("ATOMIC")) {
                        s += 2;
                    }
                    out.add(s);
                } else if (x.isSymbol(":") && out.contains(k - 1)) {
                    out.add(k + 1);
                } else if (x.is("HANDLER") && k + 1 < tokens.size() && tokens.get(k + 1).is("FOR")) {
                    out.add(afterConditions(k + 2));
                }
            }
            starts = out;
            return out;
        }

        /** The token after a handler's condition list. */
        private int afterConditions(int k) {
            while (k < tokens.size()) {
                Token x = tokens.get(k);
                if (x.is("SQLSTATE")) {
                    k++;
                    if (k < tokens.size() && tokens.get(k).is("VALUE")) {
                        k++;
                    }
                    k++;
                } else if (x.is("NOT") && k + 1 < tokens.size() && tokens.get(k + 1).is("FOUND")) {
                    k += 2;
                } else {
                    k++;
                }
                if (k < tokens.size() && tokens.get(k).isSymbol(",")) {
                    k++;
                } else {
                    return k;
                }
            }
            return k;
        }

        String rewritten() {
            if (editRanges.isEmpty()) {
                return sql;
            }
            Integer[] order = new Integer[editRanges.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Integer.compare(editRanges.get(a)[0], editRanges.get(b)[0]));
            StringBuilder b = new StringBuilder();
            int at = 0;
            for (int i : order) {
                int[] r = editRanges.get(i);
                b.append(sql, at, r[0]).append(editTexts.get(i));
                at = r[1];
            }
            return b.append(sql.substring(at)).toString();
        }
    }
}
