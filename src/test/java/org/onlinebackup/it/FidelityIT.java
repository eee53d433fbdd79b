package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestServer;

/**
 * Everything in a database comes back: two databases holding every kind of object (sequences of two engines and a
 * table default using one, tables of four engines, partitioned, system-versioned by time (implicit and explicit
 * period columns, partitioned by SYSTEM_TIME) and by transaction, an application-time period, CHECK constraints,
 * generated and invisible columns, foreign keys across the two databases in a cycle, views on views in an order
 * their names do not give, with ALGORITHM, SQL SECURITY and CHECK OPTION, a view calling a function, triggers
 * ordered with PRECEDES, procedures and functions with their own sql_mode and character set, events of every
 * status) are backed up, dropped and restored: SHOW CREATE of every object, every row (history rows included),
 * every sequence's state are the same. The same under other names with --rename.
 */
class FidelityIT extends DatabaseTestBase {
    private String db2;

    @BeforeEach
    void createEveryKind() throws Exception {
        db2 = own(TestServer.uniqueName("fidelity_b"));
        TestServer.execute(c,
                "CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci COMMENT 'every kind of object'",
                "CREATE DATABASE " + db2 + " CHARACTER SET latin1 COLLATE latin1_german1_ci",
                "USE " + db,
                "CREATE SEQUENCE seq START WITH 100 INCREMENT BY 5 CACHE 10",
                "CREATE SEQUENCE seq_aria START WITH -1 INCREMENT BY -1 MINVALUE -1000 MAXVALUE -1 ENGINE=Aria",
                "CREATE SEQUENCE seq_myisam NOCACHE ENGINE=MyISAM",
                "CREATE TABLE by_myisam_seq (a INT DEFAULT NEXT VALUE FOR seq_myisam, b INT,"
                        + " c INT DEFAULT PREVIOUS VALUE FOR seq_myisam) ENGINE=InnoDB",
                "INSERT INTO by_myisam_seq (b) VALUES (1), (2)",
                "CREATE TABLE t (id INT PRIMARY KEY DEFAULT nextval(seq), v VARCHAR(20), e ENUM('a','b'), s SET('x','y'),"
                        + " d DATE, dt DATETIME, g INT AS (id * 2) VIRTUAL, gs VARCHAR(30) AS (CONCAT(v, '!')) PERSISTENT,"
                        + " inv INT INVISIBLE DEFAULT 3, KEY (v), CONSTRAINT positive CHECK (id > 0)) ENGINE=InnoDB",
                "CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(50)) ENGINE=InnoDB",
                "CREATE TABLE ticks (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6)) ENGINE=InnoDB",
                "CREATE TABLE my (id INT PRIMARY KEY, v TEXT) ENGINE=MyISAM",
                "CREATE TABLE ar (id INT PRIMARY KEY, v TEXT) ENGINE=Aria",
                "CREATE TABLE mem (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=MEMORY",
                "CREATE TABLE vt (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING",
                "CREATE TABLE vte (id INT PRIMARY KEY, v INT, rs TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE,"
                        + " re TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE, PERIOD FOR SYSTEM_TIME(rs, re)) WITH SYSTEM VERSIONING",
                "CREATE TABLE vtp (id INT, v INT) WITH SYSTEM VERSIONING"
                        + " PARTITION BY SYSTEM_TIME (PARTITION p_hist HISTORY, PARTITION p_cur CURRENT)",
                "CREATE TABLE vtx (id INT PRIMARY KEY, v INT, s BIGINT UNSIGNED GENERATED ALWAYS AS ROW START,"
                        + " e BIGINT UNSIGNED GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME(s, e)) WITH SYSTEM VERSIONING",
                "CREATE TABLE ap (id INT, s DATE, e DATE, PERIOD FOR p(s, e))",
                "CREATE TABLE pt (id INT PRIMARY KEY, v INT) PARTITION BY RANGE (id)"
                        + " (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE)",
                "CREATE TABLE " + db2 + ".parent (id INT PRIMARY KEY, child INT) ENGINE=InnoDB",
                "CREATE TABLE child (id INT PRIMARY KEY, parent INT, CONSTRAINT fk_parent FOREIGN KEY (parent) REFERENCES "
                        + db2 + ".parent (id)) ENGINE=InnoDB",
                "ALTER TABLE " + db2 + ".parent ADD CONSTRAINT fk_child FOREIGN KEY (child) REFERENCES " + db + ".child (id)",
                "SET SESSION sql_mode = ''",
                "INSERT INTO t (v, e, s, d, dt) VALUES ('x', 'a', 'x,y', '2020-02-02', '2020-02-02 02:02:02'),"
                        + " ('y', 'not in the list', '', '0000-00-00', '0000-00-00 00:00:00')",
                "SET SESSION sql_mode = DEFAULT",
                "INSERT INTO my VALUES (1, 'm')", "INSERT INTO ar VALUES (1, 'a')", "INSERT INTO mem VALUES (1, 'x')",
                "INSERT INTO vt VALUES (1, 1), (2, 1)", "UPDATE vt SET v = 2 WHERE id = 1", "DELETE FROM vt WHERE id = 2",
                "INSERT INTO vte VALUES (1, 1), (2, 1)", "UPDATE vte SET v = 2 WHERE id = 1", "DELETE FROM vte WHERE id = 2",
                "INSERT INTO vtp VALUES (1, 1), (2, 1)", "UPDATE vtp SET v = 2 WHERE id = 1", "DELETE FROM vtp WHERE id = 2",
                "INSERT INTO vtx (id, v) VALUES (1, 1), (2, 1)", "UPDATE vtx SET v = 2 WHERE id = 1",
                "DELETE FROM vtx WHERE id = 2", "INSERT INTO vtx (id, v) VALUES (2, 5)",
                "INSERT INTO ap VALUES (1, '2020-01-01', '2021-01-01')",
                "UPDATE ap FOR PORTION OF p FROM '2020-03-01' TO '2020-04-01' SET id = 2",
                "INSERT INTO pt VALUES (1, 1), (20, 2)",
                "INSERT INTO " + db2 + ".parent VALUES (1, NULL)", "INSERT INTO child VALUES (1, 1)",
                "UPDATE " + db2 + ".parent SET child = 1",
                "DO nextval(seq), nextval(seq_aria)",
                "CREATE TRIGGER tr_a BEFORE INSERT ON t FOR EACH ROW SET NEW.v = CONCAT('[', NEW.v)",
                "CREATE TRIGGER tr_b BEFORE INSERT ON t FOR EACH ROW PRECEDES tr_a INSERT INTO audit (what) VALUES ('before')",
                "CREATE DEFINER = CURRENT_USER TRIGGER tr_c AFTER INSERT ON t FOR EACH ROW"
                        + " INSERT INTO audit (what) VALUES (CONCAT('after ', NEW.id))",
                "INSERT INTO t (v) VALUES ('fired')",
                "CREATE FUNCTION f_inc(a INT) RETURNS INT DETERMINISTIC RETURN a + 1",
                "CREATE VIEW v1 AS SELECT id, v FROM t WHERE id > 1 WITH CHECK OPTION",
                "CREATE ALGORITHM = MERGE SQL SECURITY INVOKER VIEW v2 AS SELECT * FROM v1 WITH LOCAL CHECK OPTION",
                "CREATE VIEW a_top AS SELECT * FROM v2",
                "CREATE VIEW v_cross AS SELECT p.id FROM " + db2 + ".parent p JOIN child c ON c.parent = p.id",
                "CREATE VIEW v_func AS SELECT f_inc(id) AS x FROM t",
                "CREATE PROCEDURE p1(IN a INT, OUT b INT) MODIFIES SQL DATA COMMENT 'a compound body'"
                        + " lbl: BEGIN DECLARE CONTINUE HANDLER FOR SQLSTATE '23000' SET b = -1;"
                        + " IF a > 0 THEN INSERT INTO audit (what) VALUES ('p1'); ELSE SET b = 0; END IF;"
                        + " SELECT COUNT(*) INTO b FROM " + db2 + ".parent; END lbl",
                "SET SESSION sql_mode = 'ANSI_QUOTES'",
                "CREATE PROCEDURE p_ansi() SELECT \"id\" FROM t",
                "SET SESSION sql_mode = DEFAULT",
                "SET NAMES latin1",
                "CREATE PROCEDURE p_latin() SELECT 'ascii text, latin1 client'",
                "SET NAMES utf8mb4",
                // text that is not ASCII from clients of other character sets: a latin1 client sends latin1 bytes
                "SET @latin1_text = CONVERT(_utf8mb4'CREATE PROCEDURE p_latin_accent() SELECT ''déjà vu''' USING latin1)",
                "SET NAMES latin1",
                "EXECUTE IMMEDIATE @latin1_text",
                "SET NAMES utf8mb3",
                "CREATE VIEW v_accent AS SELECT 'café' AS word",
                "CREATE TRIGGER tr_accent BEFORE INSERT ON my FOR EACH ROW SET NEW.v = CONCAT(NEW.v, ' é')",
                "SET NAMES utf8mb4",
                "CREATE EVENT e_tick ON SCHEDULE EVERY 1 SECOND ON COMPLETION PRESERVE ENABLE COMMENT 'ticks'"
                        + " DO INSERT INTO ticks (at) VALUES (NOW(6))",
                "CREATE EVENT e_off ON SCHEDULE AT '2035-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE DO DELETE FROM ticks",
                "CREATE EVENT e_slave ON SCHEDULE EVERY 1 DAY DISABLE ON SLAVE DO DELETE FROM ticks",
                "USE mysql");
    }

    private Cli.Result backup(Path image) {
        Cli.Result r = Cli.onServer("backup", "--databases", db + "," + db2, "--to", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void everyKindComesBackIdentical() throws Exception {
        Path image = dir.resolve("every-kind.obk");
        Cli.Result b = backup(image);
        assertThat(b.err()).contains("table `" + db + "`.`vtx` is versioned by transaction id: a restore replays its history");
        Map<String, String> before = Definitions.of(c, db, db);
        Map<String, String> before2 = Definitions.of(c, db2, db2);
        assertThat(before.keySet()).contains("sequence seq", "sequence seq_aria", "table vtp", "view a_top", "function f_inc",
                "procedure p_latin", "trigger tr_b", "event e_slave", "rows vt");
        assertThat(before.get("procedure p_latin")).contains("character_set_client: latin1");
        assertThat(before.get("procedure p_latin_accent")).contains("déjà vu", "character_set_client: latin1");
        assertThat(before.get("view v_accent")).contains("café", "character_set_client: utf8mb3");
        assertThat(before.get("trigger tr_accent")).contains(" é", "character_set_client: utf8mb3");
        assertThat(before.get("rows vt").lines()).as("a current row and two history rows").hasSize(3);
        assertThat(before.get("rows vtx").lines()).as("every version of the rows, by commit rank")
                .containsExactly("1|1|commit 0|commit 1", "1|2|commit 1|now", "2|1|commit 0|commit 2", "2|5|commit 3|now");
        TestServer.drop(c, db, db2);

        Cli.Result r = Cli.onServer("restore", "--from", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("restored 2 database(s)", "3 sequence(s)", "15 table(s)", "6 view(s)", "4 trigger(s)",
                "3 event(s)");
        Definitions.assertSame(Definitions.of(c, db, db), before);
        Definitions.assertSame(Definitions.of(c, db2, db2), before2);
        assertThat(TestServer.queryLong(c, "SELECT e + 0 FROM " + db + ".t WHERE v = 'y'")).as("the ENUM error value").isZero();
        // what was recreated from another client character set runs as it did: called, selected, fired
        assertThat(TestServer.queryString(c, "CALL " + db + ".p_latin_accent()", 1)).isEqualTo("déjà vu");
        assertThat(TestServer.queryString(c, "SELECT word FROM " + db + ".v_accent", 1)).isEqualTo("café");
        TestServer.execute(c, "INSERT INTO " + db + ".my VALUES (2, 'fired')");
        assertThat(TestServer.queryString(c, "SELECT v FROM " + db + ".my WHERE id = 2", 1)).isEqualTo("fired é");
    }

    @Test
    void everyKindComesBackIdenticalUnderAnotherName() throws Exception {
        Path image = dir.resolve("renamed.obk");
        backup(image);
        String copy = own(TestServer.uniqueName("fidelity_copy"));
        String copy2 = own(TestServer.uniqueName("fidelity_copy_b"));
        Cli.Result r = Cli.onServer("restore", "--from", image.toString(), "--rename", db + "=" + copy, "--rename", db2 + "=" + copy2);
        assertThat(r.code()).as(r.toString()).isZero();
        Map<String, String> original = Definitions.of(c, db, db);
        Map<String, String> renamed = Definitions.of(c, copy, db);
        renamed.replaceAll((k, v) -> v.replace(copy2, db2));
        Definitions.assertSame(renamed, original);
        assertThat(renamed.get("view v_cross")).contains("`" + db2 + "`.`parent`");
        assertThat(Definitions.of(c, copy, copy).get("view v_cross")).contains("`" + copy2 + "`.`parent`").doesNotContain(db2);
        Map<String, String> renamed2 = Definitions.of(c, copy2, db2);
        renamed2.replaceAll((k, v) -> v.replace(copy, db));
        Definitions.assertSame(renamed2, Definitions.of(c, db2, db2));
    }

    /**
     * With the event scheduler on, the restore pauses after creating its triggers and events, before it gives the
     * events their status: the event that runs every second has not run and is disabled; the triggers did not fire on
     * the restored rows. Once the restore ends the event is enabled and runs.
     */
    @Test
    void nothingFiresDuringTheRestore() throws Exception {
        Path image = dir.resolve("quiet.obk");
        backup(image);
        long audit = TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".audit");
        long ticks = TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".ticks");
        TestServer.drop(c, db, db2);
        String scheduler = TestServer.queryString(c, "SELECT @@global.event_scheduler", 1);
        try {
            TestServer.execute(c, "SET GLOBAL event_scheduler = ON");
            CompletableFuture<Cli.Result> restore;
            try (BreakpointHolder done = new BreakpointHolder("restore_done")) {
                restore = CompletableFuture.supplyAsync(() -> Cli.onServer("restore", "--breakpoints", "--from", image.toString()));
                done.awaitWaiter();
                Thread.sleep(2500);
                assertThat(TestServer.queryString(c, "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '"
                        + db + "' AND EVENT_NAME = 'e_tick'", 1)).isEqualTo("DISABLED");
                assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".ticks")).isEqualTo(ticks);
                assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".audit")).isEqualTo(audit);
            }
            Cli.Result r = restore.get(60, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(TestServer.queryString(c, "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '"
                    + db + "' AND EVENT_NAME = 'e_tick'", 1)).isEqualTo("ENABLED");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".ticks") == ticks) {
                assertThat(System.nanoTime()).as("the enabled event runs after the restore").isLessThan(until);
                Thread.sleep(100);
            }
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".audit")).isEqualTo(audit);
        } finally {
            TestServer.execute(c, "SET GLOBAL event_scheduler = " + scheduler);
        }
    }

    @Test
    void aSubsetRestoresOnlyItsDatabases() throws Exception {
        Path image = dir.resolve("subset.obk");
        backup(image);
        Map<String, String> before = Definitions.of(c, db2, db2);
        TestServer.drop(c, db, db2);
        Cli.Result r = Cli.onServer("restore", "--from", image.toString(), "--databases", db2);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(TestServer.databaseExists(c, db)).isFalse();
        Definitions.assertSame(Definitions.of(c, db2, db2), before);
        Cli.Result unknown = Cli.onServer("restore", "--from", image.toString(), "--databases", "nope");
        assertThat(unknown.err()).contains("online-backup: OBK-4004 the image holds no database `nope`");
    }

    /** A view of one database reading another that this restore does not create is refused unless that one exists. */
    @Test
    void aSubsetNeedsTheDatabasesItsViewsRead() throws Exception {
        Path image = dir.resolve("needs.obk");
        backup(image);
        TestServer.drop(c, db, db2);
        Cli.Result r = Cli.onServer("restore", "--from", image.toString(), "--databases", db);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("online-backup: OBK-4008 definitions of the image read database(s) `" + db2 + "`");
        assertThat(TestServer.databaseExists(c, db)).isFalse();
    }

    /** An object whose definer does not exist on the target is restored, with a warning naming the definer. */
    @Test
    void aMissingDefinerIsAWarning() throws Exception {
        TestServer.execute(c, "CREATE DEFINER = 'obk_nobody'@'localhost' VIEW " + db + ".v_orphan AS SELECT 1 AS one");
        Path image = dir.resolve("definer.obk");
        backup(image);
        TestServer.drop(c, db, db2);
        Cli.Result r = Cli.onServer("restore", "--from", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("warning: definer `obk_nobody`@`localhost` does not exist on the server; restored anyway: view `"
                + db + "`.`v_orphan`");
        assertThat(TestServer.queryString(c, "SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '" + db
                + "' AND TABLE_NAME = 'v_orphan'", 1)).isEqualTo("obk_nobody@localhost");
    }

    /** With --users, the accounts and roles holding privileges on the databases come back with those grants. */
    @Test
    void accountsRolesAndGrantsComeBackWithUsers() throws Exception {
        String user = db.substring(0, Math.min(db.length(), 30)) + "_u";
        String role = db.substring(0, Math.min(db.length(), 30)) + "_r";
        try (Connection admin = TestServer.connect()) {
            TestServer.execute(admin, "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'secret-pw' WITH MAX_QUERIES_PER_HOUR 7",
                    "CREATE ROLE " + role, "GRANT SELECT ON " + db + ".* TO " + role, "GRANT " + role + " TO '" + user + "'@'%'",
                    "SET DEFAULT ROLE " + role + " FOR '" + user + "'@'%'",
                    "GRANT INSERT (v) ON " + db + ".t TO '" + user + "'@'%'",
                    "GRANT EXECUTE ON PROCEDURE " + db + ".p1 TO '" + user + "'@'%'",
                    "GRANT UPDATE ON " + db2 + ".* TO '" + user + "'@'%' WITH GRANT OPTION",
                    "GRANT PROCESS ON *.* TO '" + user + "'@'%'");
            try {
                String grantsBefore = grants(admin, "'" + user + "'@'%'") + grants(admin, role);
                String createBefore = TestServer.queryString(admin, "SHOW CREATE USER '" + user + "'@'%'", 1);
                Path image = dir.resolve("users.obk");
                Cli.Result b = Cli.onServer("backup", "--users", "--databases", db + "," + db2, "--to", image.toString());
                assertThat(b.code()).as(b.toString()).isZero();
                assertThat(b.err()).contains("the global privileges of `" + user + "`@`%` (ON *.*) are not in the image");
                TestServer.drop(admin, db, db2);
                TestServer.execute(admin, "DROP USER '" + user + "'@'%'", "DROP ROLE " + role);

                Cli.Result without = Cli.onServer("restore", "--from", image.toString());
                assertThat(without.code()).as(without.toString()).isZero();
                assertThat(without.err()).contains("the image holds 2 account(s) and role(s), not restored");
                assertThat(TestServer.queryLong(admin, "SELECT COUNT(*) FROM mysql.user WHERE User = '" + user + "'")).isZero();

                Cli.Result with = Cli.onServer("restore", "--overwrite", "--users", "--from", image.toString());
                assertThat(with.code()).as(with.toString()).isZero();
                assertThat(with.out()).contains("2 account(s)");
                assertThat(TestServer.queryString(admin, "SHOW CREATE USER '" + user + "'@'%'", 1)).isEqualTo(createBefore);
                assertThat(grants(admin, "'" + user + "'@'%'") + grants(admin, role))
                        .isEqualTo(grantsBefore.replace("GRANT PROCESS ON *.*", "GRANT USAGE ON *.*"));
            } finally {
                TestServer.execute(admin, "DROP USER IF EXISTS '" + user + "'@'%'", "DROP ROLE IF EXISTS " + role);
            }
        }
    }

    private static String grants(Connection c, String account) throws Exception {
        StringBuilder b = new StringBuilder();
        try (var s = c.createStatement(); var rs = s.executeQuery("SHOW GRANTS FOR " + account)) {
            while (rs.next()) {
                b.append(rs.getString(1)).append('\n');
            }
        }
        return b.toString();
    }
}
