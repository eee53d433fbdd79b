package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestServer;

/**
 * Table selection: a backup with --tables, --exclude-tables, --exclude-databases or --no-data carries exactly the
 * objects selected (and a restore of it creates exactly those, equal to the source); a restore with --tables creates
 * only those of a whole image; a selection that would keep a view without what it reads, or matches nothing, is
 * refused with one line and nothing written or changed.
 */
class SelectionIT extends DatabaseTestBase {
    private String other;

    @BeforeEach
    void databases() throws Exception {
        other = own(TestServer.uniqueName("Selection_other"));
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE DATABASE " + other,
                "CREATE TABLE " + db + ".orders (id INT PRIMARY KEY, total DECIMAL(10,2)) ENGINE=InnoDB",
                "CREATE TABLE " + db + ".order_items (id INT PRIMARY KEY, order_id INT, sku VARCHAR(20),"
                        + " FOREIGN KEY (order_id) REFERENCES " + db + ".orders (id)) ENGINE=InnoDB",
                "CREATE TABLE " + db + ".audit_2024 (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(40)) ENGINE=InnoDB",
                "CREATE TABLE " + db + ".audit_2025 (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(40)) ENGINE=Aria",
                "CREATE TABLE " + db + ".`odd.name` (id INT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE SEQUENCE " + db + ".invoice_no START WITH 100",
                "CREATE VIEW " + db + ".v_orders AS SELECT id, total FROM " + db + ".orders WHERE total > 10",
                "CREATE VIEW " + db + ".v_audit AS SELECT what FROM " + db + ".audit_2024",
                "CREATE TRIGGER " + db + ".orders_ai AFTER INSERT ON " + db + ".orders FOR EACH ROW"
                        + " INSERT INTO audit_2025 (what) VALUES (CONCAT('order ', NEW.id))",
                "CREATE PROCEDURE " + db + ".total_of(IN o INT) SELECT total FROM orders WHERE id = o",
                "CREATE EVENT " + db + ".purge_audit ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM audit_2024",
                "INSERT INTO " + db + ".orders VALUES (1, 5.00), (2, 25.50), (3, 99.99)",
                "INSERT INTO " + db + ".order_items VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c')",
                "INSERT INTO " + db + ".audit_2024 (what) VALUES ('x'), ('y')",
                "INSERT INTO " + db + ".`odd.name` VALUES (7)",
                "CREATE TABLE " + other + ".t (id INT PRIMARY KEY)", "INSERT INTO " + other + ".t VALUES (1)");
    }

    @Test
    void tablesCarriesTheNamedTablesViewsAndTheirTriggersOnly() throws Exception {
        Path image = dir.resolve("some.obk");
        Cli.Result b = Cli.onServer("backup", "--tables", db + ".orders," + db + ".order_*," + db + ".v_orders,"
                + "`" + db + "`.`odd.name`", "--to", image.toString());
        assertThat(b.code()).as(b.toString()).isZero();

        Cli.Result list = Cli.run("list", image.toString());
        assertThat(list.out()).contains("selection       --tables " + db + ".orders," + db + ".order_*," + db + ".v_orders,`"
                + db + "`.`odd.name` (routines and events: none)");
        assertThat(list.out()).contains("databases (1)").contains("tables (3)").doesNotContain(other)
                .contains("trigger `" + db + "`.`orders_ai` may use `" + db + "`.`audit_2025`, which the selection leaves out");

        String copy = own(TestServer.uniqueName("Selection_copy"));
        Cli.Result r = Cli.onServer("restore", "--from", image.toString(), "--rename", db + "=" + copy);
        assertThat(r.code()).as(r.toString()).isZero();
        Definitions.assertSame(Definitions.of(c, copy, db), only(Definitions.of(c, db, db),
                "database", "table orders", "rows orders", "table order_items", "rows order_items", "table odd.name",
                "rows odd.name", "view v_orders", "trigger orders_ai"));
        assertThat(TestServer.databaseExists(c, other)).isTrue();
    }

    @Test
    void excludedTablesAndDatabasesAreLeftOutAndTheRestIsWhole() throws Exception {
        Path refused = dir.resolve("refused.obk");
        Cli.Result broken = Cli.onServer("backup", "--databases", db + "," + other, "--exclude-tables", db + ".audit_*",
                "--to", refused.toString());
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err().strip()).startsWith("online-backup: OBK-1033 the selection keeps view `" + db + "`.`v_audit`"
                + " but leaves out `" + db + "`.`audit_2024`, which it reads: the server cannot create the view without it;"
                + " select both, or leave the view out too with --exclude-tables");
        assertThat(refused).doesNotExist();

        Path image = dir.resolve("most.obk");
        Cli.Result b = Cli.onServer("backup", "--databases", db + "," + other, "--exclude-tables", db + ".audit_*," + db + ".v_audit",
                "--exclude-databases", other, "--to", image.toString());
        assertThat(b.code()).as(b.toString()).isZero();
        assertThat(Cli.run("list", image.toString()).out()).contains("databases (1)").doesNotContain("(routines and events: none)");

        String copy = own(TestServer.uniqueName("Selection_copy"));
        Cli.Result r = Cli.onServer("restore", "--from", image.toString(), "--rename", db + "=" + copy);
        assertThat(r.code()).as(r.toString()).isZero();
        Map<String, String> expected = Definitions.of(c, db, db);
        expected.keySet().removeIf(k -> k.endsWith("audit_2024") || k.endsWith("audit_2025") || k.equals("view v_audit"));
        assertThat(expected).containsKeys("procedure total_of", "event purge_audit", "sequence invoice_no", "trigger orders_ai");
        Definitions.assertSame(Definitions.of(c, copy, db), expected);
    }

    @Test
    void noDataCarriesEveryDefinitionAndNoRow() throws Exception {
        Path image = dir.resolve("ddl.obk");
        Cli.Result b = Cli.onServer("backup", "--databases", db, "--no-data", "--to", image.toString());
        assertThat(b.code()).as(b.toString()).isZero();
        assertThat(Cli.run("list", image.toString()).out()).contains("selection       --no-data").contains("rows          0");

        String copy = own(TestServer.uniqueName("Selection_copy"));
        Cli.Result r = Cli.onServer("restore", "--from", image.toString(), "--rename", db + "=" + copy);
        assertThat(r.code()).as(r.toString()).isZero();
        Map<String, String> expected = Definitions.of(c, db, db);
        expected.replaceAll((k, v) -> k.startsWith("rows ") ? "" : v);
        Definitions.assertSame(Definitions.of(c, copy, db), expected);
    }

    @Test
    void restoreTablesCreatesOnlyThoseOfAWholeImage() throws Exception {
        Path image = dir.resolve("whole.obk");
        Cli.Result b = Cli.onServer("backup", "--databases", db + "," + other, "--to", image.toString());
        assertThat(b.code()).as(b.toString()).isZero();

        String copy = own(TestServer.uniqueName("Selection_copy"));
        Cli.Result view = Cli.onServer("restore", "--from", image.toString(), "--tables", db + ".v_audit", "--rename", db + "=" + copy);
        assertThat(view.code()).isEqualTo(1);
        assertThat(view.err()).contains("OBK-1033 the selection keeps view `" + db + "`.`v_audit` but leaves out `" + db + "`.`audit_2024`");
        assertThat(TestServer.databaseExists(c, copy)).as("nothing was created").isFalse();

        Cli.Result typo = Cli.onServer("restore", "--from", image.toString(), "--tables", db + ".ordrs", "--rename", db + "=" + copy);
        assertThat(typo.code()).isEqualTo(1);
        assertThat(typo.err().strip()).startsWith("online-backup: OBK-1032 --tables " + db + ".ordrs matches no table, view or sequence in the image");

        Cli.Result r = Cli.onServer("restore", "--from", image.toString(), "--tables", db + ".orders," + db + ".v_orders",
                "--rename", db + "=" + copy);
        assertThat(r.code()).as(r.toString()).isZero();
        Definitions.assertSame(Definitions.of(c, copy, db), only(Definitions.of(c, db, db),
                "database", "table orders", "rows orders", "view v_orders", "trigger orders_ai"));

        TestServer.drop(c, copy);
        Cli.Result ddl = Cli.onServer("restore", "--from", image.toString(), "--exclude-tables", db + ".audit_*," + db + ".v_audit",
                "--no-data", "--databases", db, "--rename", db + "=" + copy);
        assertThat(ddl.code()).as(ddl.toString()).isZero();
        Map<String, String> expected = Definitions.of(c, db, db);
        expected.keySet().removeIf(k -> k.endsWith("audit_2024") || k.endsWith("audit_2025") || k.equals("view v_audit"));
        expected.replaceAll((k, v) -> k.startsWith("rows ") ? "" : v);
        Definitions.assertSame(Definitions.of(c, copy, db), expected);
    }

    @Test
    void aSelectionThatMatchesNothingOrIsNotAPatternIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path image = dir.resolve("none.obk");
        Cli.Result typo = Cli.onServer("backup", "--tables", db + ".orders," + db + ".ordrs", "--to", image.toString());
        assertThat(typo.code()).isEqualTo(1);
        assertThat(typo.err().strip()).as("refused before any job started: no backup_id, no job execution")
                .isEqualTo("online-backup: OBK-1032 --tables " + db + ".ordrs matches no table, view or sequence on the server");

        Cli.Result inDb = Cli.onServer("backup", "--databases", other, "--tables", db + ".orders", "--to", image.toString());
        assertThat(inDb.code()).isEqualTo(1);
        assertThat(inDb.err()).contains("OBK-1032 --tables " + db + ".orders matches no table, view or sequence in database `" + other + "`");

        Cli.Result all = Cli.onServer("backup", "--databases", other, "--exclude-databases", "obk_selection_other_*", "--to", image.toString());
        assertThat(all.code()).isEqualTo(1);
        assertThat(all.err()).contains("OBK-1034 nothing selected: --exclude-databases obk_selection_other_* leaves out every database of `"
                + other + "`");

        Cli.Result usage = Cli.onServer("backup", "--tables", "orders", "--to", image.toString());
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("'orders' is not a table pattern: write database.table");

        Cli.Result none = Cli.onServer("backup", "--to", image.toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--databases=DB, --all or --tables=DB.TABLE");
        assertThat(image).doesNotExist();
        assertThat(Files.list(dir)).isEmpty();
    }

    private static Map<String, String> only(Map<String, String> all, String... keys) {
        Map<String, String> out = new TreeMap<>(all);
        out.keySet().retainAll(Set.of(keys));
        assertThat(out).hasSize(keys.length);
        return out;
    }
}
