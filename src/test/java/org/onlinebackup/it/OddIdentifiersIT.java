package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestServer;

/**
 * Names of any kind round-trip: databases and objects named with spaces, slashes, dots, backquotes, quotes,
 * non-ASCII letters and reserved words, tables whose names differ only in case, and foreign keys in a cycle across
 * two such databases; also restored under another odd name.
 */
class OddIdentifiersIT extends DatabaseTestBase {

    private static String q(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    @Test
    void oddNamesRoundTrip() throws Exception {
        String suffix = db.substring(db.lastIndexOf('_') + 1, db.lastIndexOf('_') + 7);
        String a = own("obk odd/.db `q'\"ü 中 " + suffix);
        String b = own("obk select." + suffix);
        TestServer.execute(c,
                "CREATE DATABASE " + q(a), "CREATE DATABASE " + q(b),
                "CREATE TABLE " + q(a) + ".`select` (`a.b` INT PRIMARY KEY, `c d` VARCHAR(10), ```q``` INT, `ü` INT)",
                "CREATE TABLE " + q(a) + ".`T` (x INT PRIMARY KEY)",
                "CREATE TABLE " + q(a) + ".`t` (x INT PRIMARY KEY, other INT)",
                "CREATE TABLE " + q(b) + ".`from/to` (id INT PRIMARY KEY, back INT)",
                "ALTER TABLE " + q(a) + ".`t` ADD CONSTRAINT `fk.1` FOREIGN KEY (other) REFERENCES " + q(b) + ".`from/to` (id)",
                "ALTER TABLE " + q(b) + ".`from/to` ADD CONSTRAINT `fk 2` FOREIGN KEY (back) REFERENCES " + q(a) + ".`t` (x)",
                "CREATE SEQUENCE " + q(a) + ".`s-q`",
                "INSERT INTO " + q(a) + ".`select` VALUES (1, 'x', 2, 3)", "INSERT INTO " + q(a) + ".`T` VALUES (1)",
                "INSERT INTO " + q(a) + ".`t` VALUES (1, NULL)", "INSERT INTO " + q(b) + ".`from/to` VALUES (1, 1)",
                "UPDATE " + q(a) + ".`t` SET other = 1",
                "CREATE VIEW " + q(a) + ".`v.w \"x\"` AS SELECT s.`a.b`, t.back FROM " + q(a) + ".`select` s JOIN " + q(b)
                        + ".`from/to` t ON t.id = s.`a.b`",
                "CREATE TRIGGER " + q(a) + ".`tr 1` BEFORE INSERT ON " + q(a) + ".`select` FOR EACH ROW SET NEW.`c d` = 'trig'",
                "CREATE PROCEDURE " + q(a) + ".`p``x`() SELECT * FROM `select`",
                "CREATE FUNCTION " + q(a) + ".`f ü`() RETURNS INT RETURN 1",
                "CREATE EVENT " + q(a) + ".`e.1` ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM `T`");
        Map<String, String> beforeA = Definitions.of(c, a, a);
        Map<String, String> beforeB = Definitions.of(c, b, b);
        assertThat(beforeA).containsKeys("table select", "table T", "table t", "view v.w \"x\"", "trigger tr 1", "procedure p`x",
                "event e.1", "sequence s-q");
        Path image = dir.resolve("odd.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", a + "," + b, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        TestServer.drop(c, a, b);

        Cli.Result r = Cli.onServer("restore", "--from", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        Definitions.assertSame(Definitions.of(c, a, a), beforeA);
        Definitions.assertSame(Definitions.of(c, b, b), beforeB);

        String copy = own("obk `copy` ü/" + suffix);
        Cli.Result renamed = Cli.onServer("restore", "--from", image.toString(), "--databases", a, "--rename", a + "=" + copy);
        assertThat(renamed.code()).as(renamed.toString()).isZero();
        Definitions.assertSame(Definitions.of(c, copy, a), beforeA);
        assertThat(Definitions.of(c, copy, copy).get("view v.w \"x\"")).contains(q(copy) + ".`select`");
    }
}
