package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestImages;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * An image whose checksums are right but whose rows the server refuses (a duplicate key, a value that is not a
 * number): the load fails instead of skipping rows and rolls back, and the error says what became of each database.
 */
class RestoreFailureIT extends DatabaseTestBase {
    private Path image(String... ids) throws Exception {
        Catalogue cat = new Catalogue(
                List.of(new DatabaseEntry(db, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + db + "`")),
                List.of(new SnapshotEntry("consistent-snapshot", true)),
                List.of(new TableEntry(0, 0, "t", "InnoDB", 0, "CREATE TABLE `t` (`id` int(11) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
                        List.of(new ColumnEntry("id", "int", "int(11)", null, null, true)))));
        Path image = dir.resolve("hostile-" + ids.length + ".obk");
        Files.deleteIfExists(image);
        TestImages.write(image, cat, TestImages.chunk(0, 0, true, ids.length, ids));
        return image;
    }

    @Test
    void rowsTheServerRefusesFailTheRestoreAndSaySo() throws Exception {
        Cli.Result dup = Cli.onServer("restore", "--from", image("1", "2", "1").toString());
        assertThat(dup.code()).as(dup.toString()).isEqualTo(1);
        assertThat(dup.err().strip())
                .startsWith("online-backup: OBK-4002 restore of table `" + db + "`.`t` failed")
                .contains("Duplicate entry", "removed again, nothing was loaded into them: `" + db + "`")
                .doesNotContain("\n");
        assertThat(TestServer.databaseExists(c, db)).as("the load rolled back, the database it created is gone").isFalse();

        Cli.Result notNumber = Cli.onServer("restore", "--overwrite", "--from", image("1", "x").toString());
        assertThat(notNumber.code()).as(notNumber.toString()).isEqualTo(1);
        assertThat(notNumber.err()).contains("OBK-4002", "`" + db + "`.`t`", "Incorrect integer value: 'x'", "removed again");
        assertThat(TestServer.databaseExists(c, db)).isFalse();
    }

    /**
     * A restore of 42 databases whose second table fails, on one connection: the first (replaced with --overwrite)
     * is named as changed; the second, whose load rolled back, and the 40 it created and never loaded are removed
     * again. The history keeps every name; the terminal line keeps the message id and the explanation and shortens
     * the list in the middle with a count.
     */
    @Test
    void aFailedRestoreNamesWhatItChangedAndRemovesWhatItCreatedEmpty() throws Exception {
        List<String> names = new ArrayList<>(List.of(db, own(TestServer.uniqueName("failing"))));
        for (int i = 0; i < 40; i++) {
            names.add(own(TestServer.uniqueName("untouched" + i)));
        }
        List<DatabaseEntry> dbs = new ArrayList<>();
        List<TableEntry> tables = new ArrayList<>();
        for (String n : names) {
            dbs.add(new DatabaseEntry(n, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + n + "`"));
            tables.add(new TableEntry(tables.size(), dbs.size() - 1, "t", "InnoDB", 0,
                    "CREATE TABLE `t` (`id` int(11) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
                    List.of(new ColumnEntry("id", "int", "int(11)", null, null, true))));
        }
        Catalogue cat = new Catalogue(dbs, List.of(new SnapshotEntry("consistent-snapshot", true)), tables);
        List<byte[]> chunks = new ArrayList<>();
        for (int t = 0; t < names.size(); t++) {
            chunks.add(t == 1 ? TestImages.chunk(t, 0, true, 2, "1", "1") : TestImages.chunk(t, 0, true, 2, "1", "2"));
        }
        Path image = TestImages.write(dir.resolve("many.obk"), cat, chunks.toArray(byte[][]::new));
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "INSERT INTO " + db + ".t VALUES (7)");

        Cli.Result r = Cli.onServer("restore", "--overwrite", "--parallel", "1", "--from", image.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        String line = r.err().strip();
        assertThat(line).doesNotContain("\n").startsWith("online-backup: OBK-4002 restore of table `" + names.get(1) + "`.`t` failed")
                .contains("data might be corrupted in database(s) `" + db + "`;",
                        "removed again, nothing was loaded into them: `" + names.get(1) + "`, `" + names.get(2) + "`",
                        "… and 37 more …", "`" + names.get(41) + "`")
                .matches(".*\\[backup_id \\d+\\] \\[job execution \\d+\\]$");
        for (String n : names.subList(1, names.size())) {
            assertThat(TestServer.databaseExists(c, n)).as(n).isFalse();
        }
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".t")).isEqualTo(2);
        long backupId = Long.parseLong(line.replaceAll(".*\\[backup_id (\\d+)\\].*", "$1"));
        String history = TestRepository.queryString("SELECT error_message FROM backup_history WHERE backup_id = " + backupId);
        assertThat(history).contains("data might be corrupted in database(s) `" + db + "`;");
        for (String n : names.subList(1, names.size())) {
            assertThat(history).contains("`" + n + "`");
        }
    }

    @Test
    void aTableTheServerRefusesToCreateBesideOthersBeingCreatedFailsTheRestoreNamingItAndLeavesNothing() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add(own(TestServer.uniqueName("created" + i)));
        }
        int refused = 7;
        List<DatabaseEntry> dbs = new ArrayList<>();
        List<TableEntry> tables = new ArrayList<>();
        for (String n : names) {
            dbs.add(new DatabaseEntry(n, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + n + "`"));
            for (String t : List.of("a", "b", "c")) {
                String id = dbs.size() - 1 == refused && t.equals("b") ? "`id` int(11) NOT NULL DEFAULT 'none'" : "`id` int(11) NOT NULL";
                tables.add(new TableEntry(tables.size(), dbs.size() - 1, t, "InnoDB", 0,
                        "CREATE TABLE `" + t + "` (" + id + ", PRIMARY KEY (`id`)) ENGINE=InnoDB",
                        List.of(new ColumnEntry("id", "int", "int(11)", null, null, true))));
            }
        }
        Catalogue cat = new Catalogue(dbs, List.of(new SnapshotEntry("consistent-snapshot", true)), tables);
        List<byte[]> chunks = new ArrayList<>();
        for (int t = 0; t < tables.size(); t++) {
            chunks.add(TestImages.chunk(t, 0, true, 1, "1"));
        }
        Path image = TestImages.write(dir.resolve("refused.obk"), cat, chunks.toArray(byte[][]::new));

        Cli.Result r = Cli.onServer("restore", "--parallel", "3", "--from", image.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n")
                .startsWith("online-backup: OBK-4007 restore of table `" + names.get(refused) + "`.`b` failed: server error 1067")
                .contains("removed again, nothing was loaded into them");
        for (String n : names) {
            assertThat(TestServer.databaseExists(c, n)).as(n).isFalse();
        }
    }
}
