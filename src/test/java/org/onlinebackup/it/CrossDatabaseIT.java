package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestServer;

/**
 * Two databases whose triggers, procedures, events and views write to and read each other, backed up one database at
 * a time, as real databases are: each image, signed, restores alone, equal object for object and row for row. Before
 * trust came from keys, such an image could not be restored at all. Unsigned, it restores too, its objects bound to
 * the database they restore into; they reach the other one only when the restore is told so (--allow-access).
 */
class CrossDatabaseIT extends DatabaseTestBase {

    private void create(String a, String b) throws SQLException {
        TestServer.execute(c, "CREATE DATABASE " + a, "CREATE DATABASE " + b,
                "CREATE TABLE " + b + ".log (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(40))",
                "CREATE TABLE " + a + ".orders (id INT PRIMARY KEY, total DECIMAL(10,2))",
                "INSERT INTO " + a + ".orders VALUES (1, 9.50), (2, 12.00)",
                "INSERT INTO " + b + ".log (what) VALUES ('start')",
                "CREATE TRIGGER " + a + ".orders_log AFTER INSERT ON " + a + ".orders"
                        + " FOR EACH ROW INSERT INTO " + b + ".log (what) VALUES (CONCAT('order ', NEW.id))",
                "CREATE PROCEDURE " + a + ".purge_log() DELETE FROM " + b + ".log WHERE what LIKE 'order %'",
                "CREATE EVENT " + a + ".nightly ON SCHEDULE EVERY 1 DAY STARTS '2037-01-01 00:00:00' ON COMPLETION PRESERVE"
                        + " ENABLE DO CALL " + a + ".purge_log()",
                "CREATE SQL SECURITY INVOKER VIEW " + a + ".orders_logged AS SELECT o.id, l.what FROM " + a + ".orders o JOIN "
                        + b + ".log l ON l.what = CONCAT('order ', o.id)",
                "CREATE VIEW " + b + ".order_totals AS SELECT SUM(total) AS total FROM " + a + ".orders",
                "CREATE PROCEDURE " + b + ".discount() UPDATE " + a + ".orders SET total = total * 0.9");
    }

    @Test
    void eachDatabaseRestoresAloneWhenTrusted() throws Exception {
        String b = own(db + "_b");
        create(db, b);
        Map<String, String> beforeA = Definitions.of(c, db, db);
        Map<String, String> beforeB = Definitions.of(c, b, b);
        Path imageA = dir.resolve("a.obk");
        Path imageB = dir.resolve("b.obk");
        for (String[] one : new String[][] {{db, imageA.toString()}, {b, imageB.toString()}}) {
            Cli.Result r = Cli.onServer("backup", "--databases", one[0], "--to", one[1]);
            assertThat(r.code()).as(r.toString()).isZero();
        }
        for (String[] one : new String[][] {{db, imageA.toString()}, {b, imageB.toString()}}) {
            TestServer.execute(c, "DROP DATABASE " + one[0]);
            Cli.Result r = Cli.onServer("restore", "--from", one[1]);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.err()).doesNotContain("untrusted");
        }
        Definitions.assertSame(Definitions.of(c, db, db), beforeA);
        Definitions.assertSame(Definitions.of(c, b, b), beforeB);
        TestServer.execute(c, "INSERT INTO " + db + ".orders VALUES (3, 1.00)", "CALL " + b + ".discount()");
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + b + ".log WHERE what = 'order 3'")).isEqualTo(1);
        assertThat(TestServer.queryString(c, "SELECT total FROM " + db + ".orders WHERE id = 3", 1)).isEqualTo("0.90");
    }

    @Test
    void untrustedTheyRestoreBoundAndReachTheOtherOnlyWhenAllowed() throws Exception {
        String b = own(db + "_b");
        create(db, b);
        Path image = dir.resolve("a.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--to", image.toString()).code()).isZero();
        String copy = own(db + "_c");
        Cli.Result bound = Cli.onServerAsGiven("restore", "--from", image.toString(), "--rename", db + "=" + copy);
        assertThat(bound.code()).as(bound.toString()).isZero();
        String definer = definer(bound.err());
        try {
            assertThatThrownBy(() -> TestServer.execute(c, "INSERT INTO " + copy + ".orders VALUES (3, 1.00)"))
                    .hasMessageContaining("command denied to user '" + definer + "'@'localhost' for table `" + b + "`.`log`");
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + copy + ".orders")).isEqualTo(2);
            TestServer.execute(c, "DROP DATABASE " + copy);

            Cli.Result allowed = Cli.onServerAsGiven("restore", "--from", image.toString(), "--rename", db + "=" + copy,
                    "--allow-access", b);
            assertThat(allowed.code()).as(allowed.toString()).isZero();
            String second = definer(allowed.err());
            try {
                assertThat(second).isNotEqualTo(definer);
                TestServer.execute(c, "INSERT INTO " + copy + ".orders VALUES (3, 1.00)");
                assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + b + ".log WHERE what = 'order 3'")).isEqualTo(1);
            } finally {
                TestServer.execute(c, "DROP USER IF EXISTS `" + second + "`@`localhost`");
            }
        } finally {
            TestServer.execute(c, "DROP USER IF EXISTS `" + definer + "`@`localhost`");
        }
    }

    private static String definer(String err) {
        Matcher m = Pattern.compile("run as `(obk_definer_[0-9a-f]{12})`@`localhost`").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return m.group(1);
    }
}
