package org.onlinebackup.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.CatalogueEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.EventEntry;
import org.onlinebackup.catalogue.RoutineEntry;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.SequenceEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.TriggerEntry;
import org.onlinebackup.catalogue.ViewEntry;
import org.onlinebackup.catalogue.sql.DefinitionChecker;
import org.onlinebackup.catalogue.sql.SqlLexer;
import org.onlinebackup.catalogue.sql.Token;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.testing.Catalogues;

/**
 * A seeded, time-bounded fuzz test of the definition checker: the statements of a valid catalogue with hostile
 * fragments spliced in at random places (statement separators, executable comments, quotes, account statements,
 * other databases, the system schema). The checker, for an untrusted image, must accept or refuse with a message,
 * never fail otherwise or hang; and what it accepts must be bound: a view, trigger, routine or event names the bound
 * definer in its head, before any executable comment, runs with SQL SECURITY DEFINER, and an event is disabled; a
 * table or sequence names no database but its own and reads no file. What the bound definer may then do is the
 * server's to refuse (HostileImageIT arms restored objects against a victim).
 */
class DefinitionFuzzTest {
    private static final String[] FRAGMENTS = {";", " ; DROP DATABASE victim", "/*!", "*/", "/*! ; GRANT ALL ON *.* TO x */",
        "'", "\"", "`", "``", "\\", "mysql.user", "victim.t", " GRANT ", " REVOKE ", " CREATE USER evil ", " SET GLOBAL x = 1 ",
        " PREPARE s FROM @q ", " BEGIN ", " END ", " IF ", " THEN ", "(", ")", " SONAME 'x.so' ", " INTO OUTFILE '/tmp/x' ",
        " LOAD_FILE('/etc/passwd') ", "--", "-- x\n", "#", "\n", " DATA DIRECTORY='/tmp' ", " OR REPLACE ", "`mysql`.`db`",
        " CALL victim.p() ", " DELETE FROM victim.t ", " AS SELECT 1 ", ".", "@", "@@global.x", "0x41", "N'x'", "/*M!100000 ",
        " DEFINER = `root`@`%` ", " ENABLE ", " DISABLE ON SLAVE ", " DO ", " ON SCHEDULE ", " FOR EACH ROW "};

    @Test
    void mutatedStatementsAreAcceptedOrRefusedWithAMessage() throws Exception {
        long seconds = Long.getLong("obk.fuzz.seconds", 10) / 2 + 1;
        long seed = Long.getLong("obk.fuzz.seed", System.nanoTime());
        Random rnd = new Random(seed);
        Catalogue base = Catalogues.everyKind();
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        int runs = 0;
        int accepted = 0;
        while (System.nanoTime() < until) {
            Catalogue mutant = mutate(base, rnd);
            DefinitionChecker checker = new DefinitionChecker(mutant,
                    DefinitionChecker.Scope.bounded(Map.of("d", "d"), Selection.EVERYTHING, DEFINER, Set.of()));
            for (CatalogueEntry e : mutant.entries().toList()) {
                Thread t = new Thread(() -> accepted(checker, e));
                Throwable[] thrown = new Throwable[1];
                t.setUncaughtExceptionHandler((th, x) -> thrown[0] = x);
                t.start();
                t.join(5000);
                if (t.isAlive() || thrown[0] != null) {
                    fail((t.isAlive() ? "hang" : thrown[0].toString()) + " on " + e + " (seed " + seed + ")", thrown[0]);
                }
                if (accepted(checker, e)) {
                    accepted++;
                }
            }
            runs++;
        }
        assertThat(runs).as("mutant catalogues (seed " + seed + ")").isGreaterThan(100);
        assertThat(accepted).as("statements accepted").isPositive();
    }

    private static final String DEFINER = "`obk_definer_fuzz`@`localhost`";
    private static final Set<String> KINDS = Set.of("VIEW", "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "PACKAGE");

    /** Whether {@code e} is accepted; if it is, that what runs is bound as the class comment says. */
    private static boolean accepted(DefinitionChecker checker, CatalogueEntry e) {
        String sql;
        try {
            sql = checker.create(e).sql();
        } catch (OnlineBackupException refused) {
            return false;
        }
        if (!(e instanceof SchemaObject o)) {
            return true;
        }
        List<Token> t = SqlLexer.tokenize(sql, sqlMode(o));
        if (o.kind() == ObjectKind.TABLE || o.kind() == ObjectKind.SEQUENCE) {
            for (int k = 0; k < t.size(); k++) {
                Token x = t.get(k);
                assertThat(x.is("LOAD_FILE") && k + 1 < t.size() && t.get(k + 1).isSymbol("(")).as(sql).isFalse();
                boolean qualifier = k + 1 < t.size() && t.get(k + 1).isSymbol(".") && x.isName() && (k == 0 || !t.get(k - 1).isSymbol("."));
                boolean ownTable = qualifier && !(k + 3 < t.size() && t.get(k + 3).isSymbol(".")) && isTable(o, x.value());
                assertThat(qualifier && !ownTable && !x.value().equals("d")).as(sql).isFalse();
            }
            return true;
        }
        int kind = 0;
        while (kind < t.size() && !(t.get(kind).type() == Token.Type.WORD && KINDS.contains(t.get(kind).upper()))) {
            kind++;
        }
        String head = sql.substring(0, kind < t.size() ? t.get(kind).start() : sql.length());
        assertThat(head).as(sql).doesNotContain("/*!").doesNotContain("/*M!");
        List<Integer> definers = new ArrayList<>();
        for (int k = 0; k < kind && k < t.size(); k++) {
            if (t.get(k).is("DEFINER") && k + 1 < t.size() && t.get(k + 1).isSymbol("=")) {
                definers.add(k);
            }
        }
        assertThat(definers).as(sql).hasSize(1);
        int d = definers.get(0);
        assertThat(t.subList(d + 2, Math.min(t.size(), d + 5))).as(sql).extracting(Token::value)
                .containsExactly("obk_definer_fuzz", "@", "localhost");
        for (int k = 0; k + 1 < t.size(); k++) {
            assertThat(t.get(k).is("SECURITY") && t.get(k + 1).is("INVOKER")).as(sql).isFalse();
            if (o.kind() == ObjectKind.EVENT && t.get(k).is("DO")) {
                break;
            }
            assertThat(o.kind() == ObjectKind.EVENT && k > kind && t.get(k).is("ENABLE")).as(sql).isFalse();
        }
        return true;
    }

    private static boolean isTable(SchemaObject o, String name) {
        return Catalogues.everyKind().schemaObjects().anyMatch(x -> x.database() == o.database() && x.name().equals(name));
    }

    private static String sqlMode(SchemaObject o) {
        if (o instanceof ViewEntry v) {
            return v.context().sqlMode();
        }
        if (o instanceof TriggerEntry t) {
            return t.context().sqlMode();
        }
        if (o instanceof RoutineEntry r) {
            return r.context().sqlMode();
        }
        if (o instanceof EventEntry e) {
            return e.context().sqlMode();
        }
        return null;
    }

    private static Catalogue mutate(Catalogue c, Random rnd) {
        List<SchemaObject> objects = new ArrayList<>();
        for (SchemaObject o : c.objects()) {
            String s = splice(o.createStatement(), rnd);
            objects.add(with(o, s));
        }
        List<TableEntry> tables = c.tables().stream().map(t -> new TableEntry(t.number(), t.database(), t.name(), t.engine(),
                t.snapshot(), splice(t.createStatement(), rnd), t.columns(), t.versioning())).toList();
        DatabaseEntry d = c.databases().get(0);
        return new Catalogue(List.of(new DatabaseEntry(d.name(), d.charset(), d.collation(), splice(d.createStatement(), rnd))),
                c.snapshots(), tables, objects, c.accounts(), c.notes());
    }

    private static SchemaObject with(SchemaObject o, String s) {
        if (o instanceof SequenceEntry q) {
            return new SequenceEntry(q.database(), q.name(), s, q.nextValue(), q.round());
        }
        if (o instanceof ViewEntry v) {
            return new ViewEntry(v.database(), v.name(), s, v.context());
        }
        if (o instanceof TriggerEntry t) {
            return new TriggerEntry(t.database(), t.name(), t.table(), t.timing(), t.event(), t.order(), s, t.context());
        }
        if (o instanceof RoutineEntry r) {
            return new RoutineEntry(r.kind(), r.database(), r.name(), s, r.context());
        }
        EventEntry e = (EventEntry) o;
        return new EventEntry(e.database(), e.name(), s, e.status(), e.context());
    }

    /** One to three fragments spliced in at random places, or a random stretch cut out. */
    private static String splice(String s, Random rnd) {
        String out = s;
        for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
            int at = rnd.nextInt(out.length() + 1);
            if (rnd.nextInt(4) == 0 && out.length() > 2) {
                int end = Math.min(out.length(), at + 1 + rnd.nextInt(10));
                out = out.substring(0, Math.min(at, out.length() - 1)) + out.substring(end);
            } else {
                out = out.substring(0, at) + FRAGMENTS[rnd.nextInt(FRAGMENTS.length)] + out.substring(at);
            }
        }
        return out;
    }
}
