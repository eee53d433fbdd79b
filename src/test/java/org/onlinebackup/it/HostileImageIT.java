package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.AccountEntry;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.DefinitionContext;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.SequenceEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.ViewEntry;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.ImagePatch;
import org.onlinebackup.testing.TestImages;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * Images whose checksums are right but whose content is malformed or reaches outside what it restores, in ways no
 * privilege bounds: each is refused before anything on the server changes, by {@code verify} and by {@code restore}
 * (also with --overwrite), with the object named. Afterwards the image's database does not exist, the victim
 * database is intact, and no account {@code evil} exists.
 */
class HostileImageIT extends DatabaseTestBase {
    private static final String TABLE = "CREATE TABLE `t` (`id` int(11) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB";
    private String victim;

    @BeforeEach
    void createVictim() throws Exception {
        victim = own(TestServer.uniqueName("victim"));
        TestServer.execute(c, "CREATE DATABASE " + victim, "CREATE TABLE " + victim + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + victim + ".t VALUES (1), (2)");
    }

    private Path image(String name, String dbName, String dbCreate, String tableCreate, List<SchemaObject> objects)
            throws Exception {
        Catalogue cat = new Catalogue(List.of(new DatabaseEntry(dbName, "utf8mb4", "utf8mb4_general_ci", dbCreate)),
                List.of(new SnapshotEntry("consistent-snapshot", true)),
                List.of(new TableEntry(0, 0, "t", "InnoDB", 0, tableCreate,
                        List.of(new ColumnEntry("id", "int", "int(11)", null, null, true)))),
                objects, List.of(), List.of());
        Path image = TestImages.write(dir.resolve(name + ".obk"), cat, TestImages.chunk(0, 0, true, 2, "1", "2"));
        return image;
    }

    private Path image(String name, String tableCreate, SchemaObject... objects) throws Exception {
        return image(name, db, "CREATE DATABASE `" + db + "`", tableCreate, List.of(objects));
    }

    /** verify and restore (with and without --overwrite) refuse the image with {@code expected}; nothing changed. */
    private void refused(Path image, String expected) throws Exception {
        Cli.Result v = Cli.run("verify", image.toString());
        assertThat(v.code()).as(v.toString()).isEqualTo(1);
        assertThat(v.err()).as(v.toString()).contains(expected);
        for (String overwrite : new String[] {"--overwrite", "--comment=plain"}) {
            Cli.Result r = Cli.onServer("restore", overwrite, "--from", image.toString());
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).contains(expected).doesNotContain("data might be corrupted");
            assertThat(TestServer.databaseExists(c, db)).as("the image's database was not created").isFalse();
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + victim + ".t")).isEqualTo(2);
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM mysql.user WHERE User = 'evil'")).isZero();
        }
    }

    private String table() {
        return "table `" + db + "`.`t`";
    }

    @Test
    void statementsThatAreNotTheirEntryAreRefused() throws Exception {
        refused(image("drop", db, "DROP DATABASE " + victim, TABLE, List.of()),
                "OBK-2013 the statement of database `" + db + "` in the image is refused: it has 'DROP' where CREATE was expected");
        refused(image("grant", "GRANT ALL ON *.* TO 'evil'@'%' WITH GRANT OPTION"),
                "OBK-2013 the statement of " + table() + " in the image is refused: it has 'GRANT' where CREATE was expected");
        refused(image("user", "CREATE USER 'evil'@'%'"), "the statement of " + table() + " in the image is refused: it has 'USER'");
        refused(image("elsewhere", "CREATE TABLE `" + victim + "`.`t` (id INT)"),
                "it creates its table in database `" + victim + "`, not in its own");
        refused(image("two", TABLE + "; DROP DATABASE " + victim), "it holds more than one statement");
        refused(image("hidden", TABLE + " /*!00000 ; DROP DATABASE " + victim + " */"), "it holds more than one statement");
        refused(image("path", "CREATE TABLE `../../../etc/t` (id INT)"), "it creates table `../../../etc/t`, not this one");
    }

    /**
     * An untrusted image's tables act with the restore's privileges when they are created, and with a writer's when
     * written to: one that names another database, reaches another server or a file, is refused. (What views and
     * stored programs do is bound by the server: UntrustedImageIT.)
     */
    @Test
    void tablesThatReachOutsideAreRefused() throws Exception {
        refused(image("merge", "CREATE TABLE `t` (`id` int(11) NOT NULL) ENGINE=MRG_MyISAM UNION=(`" + victim + "`.`t`)"),
                "the statement of " + table() + " in the image is refused: it names database `" + victim + "`, which this"
                        + " restore does not create");
        refused(image("fk", "CREATE TABLE `t` (`id` int(11) NOT NULL, FOREIGN KEY (`id`) REFERENCES `" + victim + "`.`t` (`id`))"
                + " ENGINE=InnoDB"), "it names database `" + victim + "`");
        refused(image("federated", "CREATE TABLE `t` (`id` int(11) NOT NULL) ENGINE=FEDERATED"
                + " CONNECTION='mysql://root@127.0.0.1:3306/" + victim + "/t'"), "it uses engine FEDERATED");
        refused(image("connect", "CREATE TABLE `t` (`id` int(11) NOT NULL) ENGINE=CONNECT TABLE_TYPE=CSV FILE_NAME='/etc/passwd'"),
                "it uses engine CONNECT");
        refused(image("spider", "CREATE TABLE `t` (`id` int(11) NOT NULL) ENGINE=SPIDER COMMENT='wrapper \"mysql\"'"),
                "it uses engine SPIDER");
        refused(image("directory", "CREATE TABLE `t` (`id` int(11) NOT NULL) ENGINE=MyISAM DATA DIRECTORY='/tmp'"),
                "it places files outside the server's data directory (DATA DIRECTORY)");
        refused(image("like", "CREATE TABLE `t` (LIKE `" + victim + "`.`t`)"), "it names database `" + victim + "`");
        refused(image("sequence", TABLE, new SequenceEntry(0, "s", "CREATE SEQUENCE `s` ENGINE=Aria DATA DIRECTORY='/tmp'", 1, 0)),
                "the statement of sequence `" + db + "`.`s` in the image is refused: it places files outside the server's data"
                        + " directory");
    }

    /**
     * With --users, an untrusted image may create accounts and roles, and grant them privileges on what it restores;
     * it may not give anything to an account or role that exists already (a role with global privileges, say).
     */
    @Test
    void anUntrustedImageGrantsNothingToAccountsThatExist() throws Exception {
        String role = "obk_role_" + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
        String user = "obk_user_" + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
        TestServer.execute(c, "CREATE ROLE " + role, "GRANT ALL PRIVILEGES ON *.* TO " + role);
        try {
            Catalogue cat = new Catalogue(List.of(new DatabaseEntry(db, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + db + "`")),
                    List.of(new SnapshotEntry("consistent-snapshot", true)),
                    List.of(new TableEntry(0, 0, "t", "InnoDB", 0, TABLE, List.of(new ColumnEntry("id", "int", "int(11)", null, null, true)))),
                    List.of(), List.of(new AccountEntry(role, "", true, "CREATE ROLE `" + role + "`", List.of()),
                            new AccountEntry(user, "%", false, "CREATE USER `" + user + "`@`%`", List.of("GRANT `" + role
                                    + "` TO `" + user + "`@`%`", "SET DEFAULT ROLE `" + role + "` FOR `" + user + "`@`%`"))),
                    List.of());
            Path image = TestImages.write(dir.resolve("role.obk"), cat, TestImages.chunk(0, 0, true, 2, "1", "2"));
            Cli.Result r = Cli.onServer("restore", "--users", "--from", image.toString());
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("OBK-4011 the image is untrusted (it is not signed) and --users would grant privileges"
                    + " and roles to account(s) that exist on the server already: `" + role + "`");
            assertThat(TestServer.databaseExists(c, db)).isFalse();
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM mysql.user WHERE User = '" + user + "'")).isZero();
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM mysql.roles_mapping WHERE Role = '" + role + "' AND User = '"
                    + user + "'")).isZero();
        } finally {
            TestServer.execute(c, "DROP USER IF EXISTS `" + user + "`@`%`", "DROP ROLE IF EXISTS " + role);
        }
    }

    /**
     * The accounts a restore created do not outlive it when it fails, here on a grant the server refuses (a table the
     * image does not hold): the image's, and the definer its view was bound to; the line says so.
     */
    @Test
    void aRestoreThatFailsRemovesTheAccountsItCreated() throws Exception {
        String user = "obk_user_" + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
        Catalogue cat = new Catalogue(List.of(new DatabaseEntry(db, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + db + "`")),
                List.of(new SnapshotEntry("consistent-snapshot", true)),
                List.of(new TableEntry(0, 0, "t", "InnoDB", 0, TABLE, List.of(new ColumnEntry("id", "int", "int(11)", null, null, true)))),
                List.of(new ViewEntry(0, "v", "CREATE VIEW v AS SELECT id FROM t", new DefinitionContext(null, "utf8mb4",
                        "utf8mb4_general_ci", null, null))),
                List.of(new AccountEntry(user, "%", false, "CREATE USER `" + user + "`@`%`",
                        List.of("GRANT SELECT ON `" + db + "`.`t` TO `" + user + "`@`%`", "GRANT SELECT ON `" + db + "`.`absent` TO `"
                                + user + "`@`%`"))), List.of());
        Path image = TestImages.write(dir.resolve("grant.obk"), cat, TestImages.chunk(0, 0, true, 2, "1", "2"));
        try {
            Cli.Result r = Cli.onServer("restore", "--users", "--from", image.toString());
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("OBK-4007").contains("the account(s) and role(s) it created removed again (a restart"
                    + " creates them again): ").contains("`" + user + "`@`%`").containsPattern("again\\): [^\\[]*`obk_definer_[0-9a-f]{12}`@`localhost`");
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM mysql.user WHERE User = '" + user + "'")).isZero();
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM mysql.db WHERE User LIKE 'obk\\_definer\\_%' AND Db = '"
                    + db.replace("_", "\\\\_") + "'")).isZero();
        } finally {
            TestServer.execute(c, "DROP USER IF EXISTS `" + user + "`@`%`");
        }
    }

    /** Row counts that lie, with every checksum made right again: found by reading the payloads, before any change. */
    @Test
    void aRowCountThatLiesIsFoundBeforeAnythingChanges() throws Exception {
        Path more = image("more", TABLE);
        ImagePatch.lyingRowCount(more, 3);
        refused(more, "OBK-2005 image " + more + " is corrupt at byte offset");
        refused(more, "data chunk 0 of table `" + db + "`.`t` does not hold the 3 rows of 1 values it says");
        Path fewer = image("fewer", TABLE);
        ImagePatch.lyingRowCount(fewer, 1);
        refused(fewer, "does not hold the 1 rows of 1 values it says");
        Path huge = image("huge", TABLE);
        ImagePatch.lyingRowCount(huge, Integer.MAX_VALUE);
        refused(huge, "says it holds 2147483647 rows of 1 values, more than its 4 bytes can hold");
    }

    @Test
    void systemAndRepositorySchemasAreOffLimits() throws Exception {
        for (String name : new String[] {"mysql", "MySQL", "performance_schema", "sys", "information_schema", "online_backup"}) {
            Path image = image("protected-" + name, name, "CREATE DATABASE `" + name + "`", TABLE, List.of());
            for (String overwrite : new String[] {"--overwrite", "--comment=plain"}) {
                Cli.Result r = Cli.onServer("restore", overwrite, "--from", image.toString());
                assertThat(r.code()).as(r.toString()).isEqualTo(1);
                assertThat(r.err()).contains("OBK-1018 cannot restore `" + name + "`: the system schemas");
            }
            Cli.Result v = Cli.run("verify", image.toString());
            assertThat(v.err()).contains("OBK-1018 cannot restore `" + name + "`");
        }
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM mysql.user")).isPositive();
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM backup_history")).isPositive();
        Path plain = image("plain", TABLE);
        Cli.Result renamed = Cli.onServer("restore", "--from", plain.toString(), "--rename", db + "=mysql");
        assertThat(renamed.err()).contains("OBK-1018 cannot restore `mysql`");
        List<String> refusedBackups = new ArrayList<>();
        for (String name : new String[] {"online_backup", "mysql"}) {
            Cli.Result b = Cli.onServer("backup", "--databases", name, "--to", dir.resolve("b-" + name + ".obk").toString());
            assertThat(b.code()).isEqualTo(1);
            refusedBackups.add(b.err());
        }
        assertThat(refusedBackups.get(0)).contains("OBK-1018 cannot back up `online_backup`");
        assertThat(refusedBackups.get(1)).contains("OBK-1004");
    }
}
