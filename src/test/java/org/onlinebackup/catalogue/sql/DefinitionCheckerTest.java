package org.onlinebackup.catalogue.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.CatalogueEntry;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.DefinitionContext;
import org.onlinebackup.catalogue.EventEntry;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.RoutineEntry;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.Selection;
import org.onlinebackup.catalogue.SequenceEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.TriggerEntry;
import org.onlinebackup.catalogue.ViewEntry;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * Statements an image may hold, and hostile ones it may not, each checked against its catalogue entry: the structure
 * always; a trusted image as recorded; an untrusted one bound to its definer, its tables to the restored databases.
 */
class DefinitionCheckerTest {
    private static final DefinitionContext PROGRAM = new DefinitionContext("STRICT_TRANS_TABLES", "utf8mb4",
            "utf8mb4_general_ci", "utf8mb4_general_ci", null);
    private static final DefinitionContext VIEW = new DefinitionContext(null, "utf8mb4", "utf8mb4_general_ci", null, null);
    private static final List<ColumnEntry> COLS = List.of(new ColumnEntry("id", "int", "int(11)", null, null, true));

    private final List<TableEntry> tables = new ArrayList<>();
    private final List<SchemaObject> objects = new ArrayList<>();
    private final List<AccountEntry> accounts = new ArrayList<>();
    private DatabaseEntry app = new DatabaseEntry("app", "utf8mb4", "utf8mb4_general_ci",
            "CREATE DATABASE `app` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci */ COMMENT 'it''s'");
    private Map<String, String> targets = Map.of("app", "app", "other", "other");
    private boolean trusted;
    private Set<String> reachable = Set.of();
    private static final String DEFINER = "`obk_definer_t`@`localhost`";

    private Catalogue catalogue() {
        return new Catalogue(List.of(app, new DatabaseEntry("other", "latin1", "latin1_swedish_ci", "CREATE DATABASE `other`")),
                List.of(new SnapshotEntry("consistent-snapshot", true)), tables, objects, accounts, List.of());
    }

    private DefinitionChecker.Scope scope() {
        return trusted ? DefinitionChecker.Scope.trusted(targets, Selection.EVERYTHING)
                : DefinitionChecker.Scope.bounded(targets, Selection.EVERYTHING, DEFINER, reachable);
    }

    private String check(CatalogueEntry e) {
        return new DefinitionChecker(catalogue(), scope()).create(e).sql();
    }

    private TableEntry table(String name, String create) {
        TableEntry t = new TableEntry(tables.size(), 0, name, "InnoDB", 0, create, COLS);
        tables.add(t);
        return t;
    }

    private <T extends SchemaObject> T object(T o) {
        objects.add(o);
        return o;
    }

    private void refused(CatalogueEntry e, String reason) {
        assertThatThrownBy(() -> check(e)).isInstanceOf(OnlineBackupException.class)
                .hasMessageStartingWith("OBK-2013 the statement of " + catalogue().describe(e))
                .hasMessageContaining(reason);
    }

    @Test
    void aDatabaseIsCreatedFromItsCheckedOptions() {
        targets = Map.of("app", "renamed", "other", "other");
        assertThat(check(app)).isEqualTo("CREATE DATABASE `renamed` CHARACTER SET `utf8mb4` COLLATE `utf8mb4_general_ci` COMMENT 'it''s'");
    }

    /** Names the server refuses are refused here too, so verify and restore agree with it. */
    @Test
    void namesTheServerRefusesAreRefused() {
        String long65 = "d".repeat(65);
        for (String[] bad : new String[][] {{"app ", "it ends with a space"}, {long65, "it has 65 characters, more than the 64"},
            {"a\0b", "it holds a NUL character"}}) {
            app = new DatabaseEntry(bad[0], "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + bad[0] + "`");
            targets = Map.of(bad[0], bad[0], "other", "other");
            refused(app, "has a name the server refuses: " + bad[1]);
        }
        app = new DatabaseEntry("app", "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `app`");
        targets = Map.of("app", "app", "other", "other");
        refused(table("t ", "CREATE TABLE `t ` (id INT)"), "has a name the server refuses: it ends with a space");
        String long64 = "t".repeat(64);
        assertThat(check(table(long64, "CREATE TABLE `" + long64 + "` (id INT)"))).contains(long64);
    }

    @Test
    void aDatabaseStatementThatIsADropIsRefused() {
        app = new DatabaseEntry("app", "utf8mb4", "utf8mb4_general_ci", "DROP DATABASE victim");
        refused(app, "has 'DROP' where CREATE was expected");
        app = new DatabaseEntry("app", "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE app /*!40100 DEFAULT CHARSET latin1 */");
        refused(app, "names character set 'latin1' where the catalogue has 'utf8mb4'");
        app = new DatabaseEntry("app", "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE victim");
        refused(app, "creates database `victim`, not this one");
    }

    @Test
    void tablesMayReferToOtherDatabasesOfTheImageAndAreRenamedWithThem() {
        TableEntry t = table("t", "CREATE TABLE `t` (`id` int(11) NOT NULL DEFAULT nextval(`app`.`s`),"
                + " `p` int, CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `other`.`parent` (`id`)) ENGINE=InnoDB"
                + " PARTITION BY HASH (`id`) PARTITIONS 3");
        TableEntry ranges = table("r", "CREATE TABLE `r` (`id` int) PARTITION BY RANGE (`id`) (PARTITION `p0` VALUES LESS THAN (10),"
                + " PARTITION `p1` VALUES LESS THAN MAXVALUE)");
        assertThat(check(ranges)).isEqualTo(ranges.createStatement());
        targets = Map.of("app", "app2", "other", "other2");
        assertThat(check(t)).isEqualTo("CREATE TABLE `t` (`id` int(11) NOT NULL DEFAULT nextval(`app2`.`s`),"
                + " `p` int, CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `other2`.`parent` (`id`)) ENGINE=InnoDB"
                + " PARTITION BY HASH (`id`) PARTITIONS 3");
    }

    @Test
    void hostileTableStatementsAreRefused() {
        refused(table("a", "GRANT ALL ON *.* TO 'evil'@'%' WITH GRANT OPTION"), "has 'GRANT' where CREATE was expected");
        refused(table("b", "CREATE USER 'evil'@'%'"), "has 'USER' where TABLE was expected");
        refused(table("c", "CREATE TABLE victim.c (id INT)"), "creates its table in database `victim`, not in its own");
        refused(table("d", "CREATE TABLE d (id INT); DROP DATABASE victim"), "holds more than one statement");
        refused(table("e", "CREATE TABLE e (id INT) /*!99999 ; DROP DATABASE victim */"), "holds more than one statement");
        refused(table("f", "CREATE TABLE f (id INT) /*M!100100 ,x INT */ DATA DIRECTORY='/etc'"), "DATA DIRECTORY");
        refused(table("g", "CREATE TABLE g AS SELECT * FROM mysql.user"), "does not define columns");
        refused(table("h", "CREATE TABLE h (id INT) SELECT * FROM t"), "reads rows (SELECT)");
        refused(table("i", "CREATE OR REPLACE TABLE i (id INT)"), "OR REPLACE");
        refused(table("j", "CREATE TABLE IF NOT EXISTS j (id INT)"), "IF NOT EXISTS");
        refused(table("k", "CREATE TABLE k (id INT, CONSTRAINT f FOREIGN KEY (id) REFERENCES mysql.user (id))"),
                "names database `mysql`, which this restore does not create");
        refused(table("l", "CREATE TABLE l (id INT, v BLOB DEFAULT (LOAD_FILE('/etc/shadow')))"), "LOAD_FILE");
        refused(table("m", "CREATE TABLE `../../etc/m` (id INT)"), "creates table `../../etc/m`, not this one");
        refused(table("n", "CREATE TABLE n (id INT) ENGINE=CONNECT TABLE_TYPE=CSV FILE_NAME='/etc/passwd'"), "uses engine CONNECT");
        refused(table("n2", "CREATE TABLE n2 (id INT) ENGINE=InnoDB FILE_NAME='/etc/passwd'"), "FILE_NAME");
        refused(table("o", "CREATE TABLE o (id INT) 'unclosed"), "cannot be read: a string is not closed");
        refused(table("p", "CREATE TABLE p (id INT) ENGINE=FEDERATED CONNECTION='mysql://u@elsewhere/db/t'"),
                "uses engine FEDERATED, whose tables reach outside the server");
        refused(table("q", "CREATE TABLE q (id INT) ENGINE = spider COMMENT='wrapper \"mysql\"'"), "uses engine SPIDER");
        refused(table("r", "CREATE TABLE r (id INT) ENGINE=MRG_MyISAM UNION=(`victim`.`t`)"), "names database `victim`");
        refused(table("s", "CREATE TABLE s (id INT DEFAULT (NEXTVAL(victim.seq)))"), "names database `victim`");
        refused(table("t", "CREATE TABLE t (v BLOB DEFAULT (LOAD_FILE('/etc/shadow')))"), "LOAD_FILE");
    }

    /** What an untrusted image's table may not name, a trusted one may: it restores as recorded. */
    @Test
    void aTrustedImagesTablesRestoreAsRecorded() {
        TableEntry fk = table("a", "CREATE TABLE a (id INT, CONSTRAINT f FOREIGN KEY (id) REFERENCES `shared`.`parent` (id))");
        refused(fk, "names database `shared`");
        reachable = Set.of("shared");
        assertThat(check(fk)).isEqualTo(fk.createStatement());
        trusted = true;
        for (String create : List.of("CREATE TABLE b (id INT) ENGINE=FEDERATED CONNECTION='mysql://u@h/db/t'",
                "CREATE TABLE c (id INT) DATA DIRECTORY='/data/fast'", "CREATE TABLE d (id INT) ENGINE=MRG_MyISAM UNION=(`shared`.`t`)")) {
            TableEntry t = table(create.split(" ")[2], create);
            assertThat(check(t)).isEqualTo(create);
        }
        refused(table("e", "CREATE TABLE e AS SELECT * FROM mysql.user"), "does not define columns");
    }

    @Test
    void viewsReadAnyDatabaseButTheProtectedOnesAndAreRenamed() {
        ViewEntry v = object(new ViewEntry(0, "v", "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY"
                + " DEFINER VIEW `v` AS select `app`.`t`.`id` AS `id` from (`app`.`t` join `shared`.`lookup`)"
                + " WITH CASCADED CHECK OPTION", VIEW));
        targets = Map.of("app", "copy", "other", "other");
        DefinitionChecker.Checked c = new DefinitionChecker(catalogue(), scope()).create(v);
        assertThat(c.sql()).isEqualTo("CREATE ALGORITHM=UNDEFINED DEFINER=" + DEFINER + " SQL SECURITY DEFINER VIEW `v` AS"
                + " select `copy`.`t`.`id` AS `id` from (`copy`.`t` join `shared`.`lookup`) WITH CASCADED CHECK OPTION");
        assertThat(c.definer()).isEqualTo("`root`@`localhost`");
        ViewEntry w = object(new ViewEntry(0, "w", "CREATE SQL SECURITY INVOKER VIEW w AS SELECT authentication_string"
                + " FROM mysql.global_priv", VIEW));
        DefinitionChecker.Checked bound = new DefinitionChecker(catalogue(), scope()).create(w);
        assertThat(bound.sql()).isEqualTo("CREATE DEFINER=" + DEFINER + " SQL SECURITY DEFINER VIEW w AS SELECT"
                + " authentication_string FROM mysql.global_priv");
        assertThat(bound.madeDefinerSecurity()).isTrue();
        refused(object(new ViewEntry(0, "y", "CREATE VIEW y AS SELECT 1; DROP DATABASE other", VIEW)),
                "holds more than one statement");
        trusted = true;
        assertThat(check(w)).isEqualTo(w.createStatement());
        assertThat(new DefinitionChecker(catalogue(), scope()).create(v).sql()).startsWith("CREATE ALGORITHM=UNDEFINED"
                + " DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v`");
    }

    /** In {@code other.id}, {@code other} is the table of that name in the view's own database, not database other. */
    @Test
    void aTwoPartNameStartingWithAnOwnTableIsThatTable() {
        table("other", "CREATE TABLE `other` (id INT)");
        ViewEntry v = object(new ViewEntry(0, "v", "CREATE VIEW v AS select other.id AS id from other", VIEW));
        targets = Map.of("app", "app", "other", "renamed");
        trusted = true;
        assertThat(check(v)).isEqualTo(v.createStatement());
        ViewEntry w = object(new ViewEntry(0, "w", "CREATE VIEW w AS select other.other.id AS id from other.other", VIEW));
        assertThat(check(w)).isEqualTo("CREATE VIEW w AS select renamed.other.id AS id from renamed.other");
    }

    @Test
    void triggersRunAsTheBoundDefinerWhateverTheyWrite() {
        table("t", "CREATE TABLE t (id INT)");
        TriggerEntry ok = object(new TriggerEntry(0, "tr", "t", "BEFORE", "INSERT", 1,
                "CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW"
                        + " BEGIN SET NEW.id = NEW.id + 1; INSERT INTO other.audit VALUES (NEW.id); END", PROGRAM));
        assertThat(check(ok)).isEqualTo(ok.createStatement().replace("`root`@`localhost`", DEFINER));
        TriggerEntry victim = object(new TriggerEntry(0, "t2", "t", "AFTER", "DELETE", 1,
                "CREATE TRIGGER t2 AFTER DELETE ON t FOR EACH ROW DELETE FROM victim.accounts", PROGRAM));
        assertThat(check(victim)).isEqualTo("CREATE DEFINER=" + DEFINER + " TRIGGER t2 AFTER DELETE ON t FOR EACH ROW"
                + " DELETE FROM victim.accounts");
        trusted = true;
        assertThat(check(ok)).isEqualTo(ok.createStatement());
        assertThat(check(victim)).isEqualTo(victim.createStatement());
    }

    @Test
    void aTriggerOnAnotherTableIsRefused() {
        table("t", "CREATE TABLE t (id INT)");
        table("u", "CREATE TABLE u (id INT)");
        refused(object(new TriggerEntry(0, "tr", "t", "BEFORE", "INSERT", 1,
                "CREATE TRIGGER tr BEFORE INSERT ON u FOR EACH ROW SET NEW.id = 1", PROGRAM)),
                "is on table `u` where the catalogue has `t`");
        refused(object(new TriggerEntry(0, "tr2", "t", "BEFORE", "INSERT", 1,
                "CREATE TRIGGER tr2 BEFORE UPDATE ON t FOR EACH ROW SET NEW.id = 1", PROGRAM)),
                "fires BEFORE UPDATE where the catalogue has BEFORE INSERT");
    }

    /**
     * Whatever a routine's body does, an untrusted image's routine runs as the bound definer, SQL SECURITY DEFINER:
     * the server, not the checker, refuses what it may not do. What is not one routine is refused.
     */
    @Test
    void routinesRunAsTheBoundDefinerAndStructureIsChecked() {
        RoutineEntry ok = object(new RoutineEntry(ObjectKind.PROCEDURE, 0, "p", "CREATE DEFINER=`u`@`%` PROCEDURE `p`(IN a INT)\n"
                + " MODIFIES SQL DATA SQL SECURITY INVOKER COMMENT 'x'\nlbl: BEGIN DECLARE CONTINUE HANDLER FOR SQLSTATE '42S02',"
                + " NOT FOUND SET a = 0; IF a > 0 THEN UPDATE t JOIN other.x ON t.id = x.id SET t.v = 1; ELSE CALL other.q();"
                + " END IF; SELECT * FROM information_schema.TABLES; END lbl", PROGRAM));
        assertThat(check(ok)).isEqualTo(ok.createStatement().replace("`u`@`%`", DEFINER).replace("INVOKER", "DEFINER"));
        String[] bodies = {
            "BEGIN GRANT ALL ON *.* TO 'evil'@'%'; END",
            "BEGIN CREATE USER 'evil'@'%'; END",
            "BEGIN SET GLOBAL read_only = 1; END",
            "BEGIN PREPARE s FROM @q; EXECUTE s; END",
            "BEGIN DROP DATABASE victim; END",
            "BEGIN SET STATEMENT max_statement_time = 1 FOR DELETE FROM victim.t; END",
            "DELETE FROM a USING app.t AS a JOIN victim.t AS b",
            "BEGIN SHUTDOWN; END",
            "BEGIN SELECT user FROM mysql.user; END",
            "INSERT INTO victim.t VALUES (1)",
        };
        for (int i = 0; i < bodies.length; i++) {
            RoutineEntry r = object(new RoutineEntry(ObjectKind.PROCEDURE, 0, "h" + i, "CREATE PROCEDURE h" + i + "() " + bodies[i],
                    PROGRAM));
            assertThat(check(r)).as(bodies[i]).isEqualTo("CREATE DEFINER=" + DEFINER + " PROCEDURE h" + i + "() " + bodies[i]);
        }
        refused(object(new RoutineEntry(ObjectKind.PROCEDURE, 0, "i", "CREATE PROCEDURE i() BEGIN SELECT 1; END; DROP DATABASE other",
                PROGRAM)), "holds more than one statement");
        refused(object(new RoutineEntry(ObjectKind.PROCEDURE, 0, "o", "CREATE PROCEDURE victim.o() BEGIN END", PROGRAM)),
                "creates its procedure in database `victim`");
        trusted = true;
        assertThat(check(ok)).isEqualTo(ok.createStatement());
    }

    /**
     * An executable comment that a server may skip could hide or fake a definer, a SQL SECURITY or an event status
     * from the checker: before an untrusted image's body, there is none.
     */
    @Test
    void anUntrustedHeadHasNoExecutableComment() {
        refused(object(new RoutineEntry(ObjectKind.PROCEDURE, 0, "a", "CREATE /*!99999 DEFINER=`root`@`localhost` */"
                + " PROCEDURE a() BEGIN END", PROGRAM)), "has an executable comment before its body");
        refused(object(new RoutineEntry(ObjectKind.PROCEDURE, 0, "b", "CREATE PROCEDURE b() SQL SECURITY /*!99999 DEFINER */"
                + " INVOKER BEGIN END", PROGRAM)), "executable comment");
        refused(object(new EventEntry(0, "c", "CREATE EVENT c ON SCHEDULE EVERY 1 HOUR /*M!999999 ENABLE */ DO DELETE FROM t",
                EventEntry.Status.DISABLED, PROGRAM)), "executable comment");
        RoutineEntry inBody = object(new RoutineEntry(ObjectKind.PROCEDURE, 0, "d", "CREATE PROCEDURE d() BEGIN"
                + " /*!50000 SELECT 1; */ END", PROGRAM));
        assertThat(check(inBody)).startsWith("CREATE DEFINER=" + DEFINER + " PROCEDURE d()");
    }

    @Test
    void packagesRunAsTheBoundDefinerToo() {
        DefinitionContext oracle = new DefinitionContext("ORACLE", "utf8mb4", "utf8mb4_general_ci", "utf8mb4_general_ci", null);
        RoutineEntry pkg = object(new RoutineEntry(ObjectKind.PACKAGE, 0, "pk", "CREATE DEFINER=\"root\"@\"localhost\" PACKAGE"
                + " \"pk\" SQL SECURITY INVOKER AS FUNCTION f RETURN INT; END", oracle));
        assertThat(check(pkg)).isEqualTo("CREATE DEFINER=" + DEFINER + " PACKAGE \"pk\" SQL SECURITY DEFINER AS FUNCTION f"
                + " RETURN INT; END");
    }

    @Test
    void aFunctionLoadingALibraryIsRefused() {
        for (boolean t : new boolean[] {false, true}) {
            trusted = t;
            refused(object(new RoutineEntry(ObjectKind.FUNCTION, 0, "f" + t, "CREATE FUNCTION f" + t + " RETURNS STRING SONAME"
                    + " 'evil.so'", PROGRAM)), "loads a library into the server (SONAME)");
        }
        RoutineEntry ok = object(new RoutineEntry(ObjectKind.FUNCTION, 0, "g", "CREATE DEFINER=`root`@`localhost` FUNCTION"
                + " `g`(a INT) RETURNS varchar(10) CHARSET utf8mb4 COLLATE utf8mb4_bin\n    DETERMINISTIC\nRETURN CONCAT(a, 'x')",
                PROGRAM));
        assertThat(check(ok)).isEqualTo(ok.createStatement());
        trusted = false;
        RoutineEntry aggregate = object(new RoutineEntry(ObjectKind.FUNCTION, 0, "h", "CREATE AGGREGATE FUNCTION h(x INT)"
                + " RETURNS INT BEGIN DECLARE s INT DEFAULT 0; LOOP FETCH GROUP NEXT ROW; SET s = s + x; END LOOP; END", PROGRAM));
        assertThat(check(aggregate)).startsWith("CREATE DEFINER=" + DEFINER + " AGGREGATE FUNCTION h(x INT)");
    }

    /**
     * Under ANSI_QUOTES a double-quoted name is a name, and is renamed with its database, in a routine or a view
     * (which the restore creates in its recorded sql_mode too); otherwise it is a string.
     */
    @Test
    void underAnsiQuotesDoubleQuotesAreNames() {
        trusted = true;
        targets = Map.of("app", "app", "other", "other2");
        DefinitionContext ansi = new DefinitionContext("ANSI_QUOTES", "utf8mb4", "utf8mb4_general_ci", "utf8mb4_general_ci", null);
        RoutineEntry p = object(new RoutineEntry(ObjectKind.PROCEDURE, 0, "p",
                "CREATE PROCEDURE p() BEGIN DELETE FROM \"other\".\"t\"; END", ansi));
        assertThat(check(p)).isEqualTo("CREATE PROCEDURE p() BEGIN DELETE FROM \"other2\".\"t\"; END");
        RoutineEntry q = object(new RoutineEntry(ObjectKind.PROCEDURE, 0, "q",
                "CREATE PROCEDURE q() BEGIN DELETE FROM \"other\".\"t\"; END", PROGRAM));
        assertThat(check(q)).isEqualTo(q.createStatement());
        ViewEntry v = object(new ViewEntry(0, "v", "CREATE VIEW v AS SELECT \"id\" FROM \"other\".\"t\"",
                new DefinitionContext("ANSI_QUOTES", "utf8mb4", "utf8mb4_general_ci", null, null)));
        assertThat(check(v)).isEqualTo("CREATE VIEW v AS SELECT \"id\" FROM \"other2\".\"t\"");
    }

    @Test
    void eventsAreCreatedDisabled() {
        trusted = true;
        EventEntry e = object(new EventEntry(0, "e", "CREATE DEFINER=`root`@`localhost` EVENT `e` ON SCHEDULE EVERY 1 SECOND"
                + " STARTS '2026-11-29 16:57:41' ON COMPLETION PRESERVE ENABLE DO INSERT INTO log(m) VALUES ('e')",
                EventEntry.Status.ENABLED, PROGRAM));
        assertThat(check(e)).isEqualTo("CREATE DEFINER=`root`@`localhost` EVENT `e` ON SCHEDULE EVERY 1 SECOND"
                + " STARTS '2026-11-29 16:57:41' ON COMPLETION PRESERVE DISABLE DO INSERT INTO log(m) VALUES ('e')");
        EventEntry f = object(new EventEntry(0, "f", "CREATE EVENT f ON SCHEDULE AT '2030-01-01' DISABLE ON SLAVE DO DELETE FROM t",
                EventEntry.Status.SLAVESIDE_DISABLED, PROGRAM));
        assertThat(check(f)).isEqualTo("CREATE EVENT f ON SCHEDULE AT '2030-01-01' DISABLE DO DELETE FROM t");
        EventEntry g = object(new EventEntry(0, "g", "CREATE EVENT g ON SCHEDULE EVERY 1 DAY COMMENT 'c' DO DELETE FROM t",
                EventEntry.Status.ENABLED, PROGRAM));
        assertThat(check(g)).isEqualTo("CREATE EVENT g ON SCHEDULE EVERY 1 DAY DISABLE COMMENT 'c' DO DELETE FROM t");
        trusted = false;
        assertThat(check(e)).isEqualTo("CREATE DEFINER=" + DEFINER + " EVENT `e` ON SCHEDULE EVERY 1 SECOND"
                + " STARTS '2026-11-29 16:57:41' ON COMPLETION PRESERVE DISABLE DO INSERT INTO log(m) VALUES ('e')");
        EventEntry h = object(new EventEntry(0, "h", "CREATE EVENT h ON SCHEDULE EVERY 1 HOUR DO DROP DATABASE victim",
                EventEntry.Status.ENABLED, PROGRAM));
        assertThat(check(h)).isEqualTo("CREATE DEFINER=" + DEFINER + " EVENT h ON SCHEDULE EVERY 1 HOUR DISABLE DO DROP DATABASE victim");
    }

    @Test
    void sequences() {
        SequenceEntry s = object(new SequenceEntry(0, "s", "CREATE SEQUENCE `s` start with 100 minvalue 1 maxvalue"
                + " 9223372036854775806 increment by -5 cache 1000 nocycle ENGINE=InnoDB", 5100, 0));
        assertThat(check(s)).isEqualTo(s.createStatement());
        refused(object(new SequenceEntry(0, "s2", "CREATE SEQUENCE s2; DROP DATABASE victim", 1, 0)), "not a sequence option");
        SequenceEntry far = object(new SequenceEntry(0, "s3", "CREATE SEQUENCE s3 ENGINE=Aria DATA DIRECTORY = '/tmp'", 1, 0));
        refused(far, "places files outside the server's data directory (DATA DIRECTORY)");
        refused(object(new SequenceEntry(0, "s4", "CREATE SEQUENCE s4 ENGINE=S3", 1, 0)), "uses engine S3");
        trusted = true;
        assertThat(check(far)).isEqualTo(far.createStatement());
    }

    @Test
    void accountsAndTheirGrantsNameOnlyThemselvesAndRestoredDatabases() {
        AccountEntry role = new AccountEntry("r1", "", true, "CREATE ROLE `r1`", List.of("GRANT SELECT ON `app`.* TO `r1`"));
        AccountEntry user = new AccountEntry("u1", "%", false,
                "CREATE USER `u1`@`%` IDENTIFIED BY PASSWORD '*D821809F681A40A6E379B50D0463EFAE20BDD122' WITH MAX_QUERIES_PER_HOUR 10",
                List.of("GRANT `r1` TO `u1`@`%`", "GRANT UPDATE ON `app`.* TO `u1`@`%` WITH GRANT OPTION",
                        "GRANT INSERT (`v`), SELECT ON `app`.`t` TO `u1`@`%`", "GRANT EXECUTE ON PROCEDURE `app`.`p1` TO `u1`@`%`",
                        "SET DEFAULT ROLE `r1` FOR `u1`@`%`"));
        accounts.add(role);
        accounts.add(user);
        targets = Map.of("app", "app2", "other", "other");
        DefinitionChecker checker = new DefinitionChecker(catalogue(), scope());
        assertThat(checker.create(user).sql()).startsWith("CREATE USER IF NOT EXISTS `u1`@`%` IDENTIFIED BY PASSWORD");
        assertThat(checker.create(role).sql()).isEqualTo("CREATE ROLE IF NOT EXISTS `r1`");
        assertThat(checker.grants(user)).containsExactly("GRANT `r1` TO `u1`@`%`",
                "GRANT UPDATE ON `app2`.* TO `u1`@`%` WITH GRANT OPTION", "GRANT INSERT (`v`), SELECT ON `app2`.`t` TO `u1`@`%`",
                "GRANT EXECUTE ON PROCEDURE `app2`.`p1` TO `u1`@`%`", "SET DEFAULT ROLE `r1` FOR `u1`@`%`");
        String[][] hostile = {
            {"GRANT ALL ON *.* TO `u1`@`%`", "grants privileges on every database"},
            {"GRANT ALL ON `victim`.* TO `u1`@`%`", "on database `victim`, which this restore does not create"},
            {"GRANT ALL ON `app`.* TO `evil`@`%`", "is for `evil`@`%`, not `u1`@`%`"},
            {"GRANT ALL ON `app`.* TO `u1`@`%`, `evil`@`%`", "has ',' after the account"},
            {"GRANT `dba` TO `u1`@`%`", "names role `dba`, which the image does not hold"},
            {"GRANT SELECT ON app.* TO `u1`@`%`; DROP DATABASE x", "has ';' after the account"},
        };
        for (String[] h : hostile) {
            AccountEntry bad = new AccountEntry("u1", "%", false, user.createStatement(), List.of(h[0]));
            assertThatThrownBy(() -> checker.grants(bad)).hasMessageContaining(h[1]);
        }
        AccountEntry two = new AccountEntry("u1", "%", false, "CREATE USER `u1`@`%`, `evil`@`%`", List.of());
        assertThatThrownBy(() -> checker.create(two)).hasMessageContaining("names more than one account");
        AccountEntry other = new AccountEntry("u1", "%", false, "CREATE USER `root`@`%`", List.of());
        assertThatThrownBy(() -> checker.create(other)).hasMessageContaining("creates `root`@`%`, not `u1`@`%`");
    }
}
