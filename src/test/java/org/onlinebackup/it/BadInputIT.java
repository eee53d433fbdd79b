package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * Every bad input gets a one-line error with its id and a non-zero exit, and changes nothing on the server or on
 * disk.
 */
class BadInputIT extends DatabaseTestBase {
    @BeforeEach
    void setUp() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO " + db + ".t VALUES (1, 'one'), (2, 'two')");
    }

    private static void assertOneLineError(Cli.Result r, String id) {
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip()).as(r.toString()).startsWith("online-backup: " + id + " ").doesNotContain("\n");
        assertThat(r.out()).as(r.toString()).isEmpty();
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private Path goodImage() throws Exception {
        Path image = dir.resolve("good.obk");
        Cli.Result r = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        return image;
    }

    @Test
    void unknownDatabase() throws Exception {
        Path image = dir.resolve("x.obk");
        long before = TestRepository.queryLong("SELECT COUNT(*) FROM backup_history");
        Cli.Result r = Cli.onServer("backup", "--databases", db + ",no_such_db_" + db, "--to", image.toString());
        assertOneLineError(r, "OBK-1003");
        assertThat(r.err()).contains("`no_such_db_" + db + "`").as("found before any job started").doesNotContain("[job execution");
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM backup_history")).as("no history row").isEqualTo(before);
        assertThat(files()).isEmpty();
    }

    @Test
    void aBrokenMergeTableIsNamedInTheOneLine() throws Exception {
        TestServer.execute(c, "CREATE TABLE " + db + ".part (id INT) ENGINE=MyISAM",
                "CREATE TABLE " + db + ".whole (id INT) ENGINE=MERGE UNION=(" + db + ".part)",
                "ALTER TABLE " + db + ".part ADD COLUMN other INT");
        Cli.Result r = Cli.onServer("backup", "--databases", db, "--to", dir.resolve("merge.obk").toString());
        assertOneLineError(r, "OBK-1007");
        assertThat(r.err()).as("the table the server could not open").contains("`" + db + "`.`whole`");
        assertThat(files()).isEmpty();
    }

    @Test
    void onlySystemDatabases() throws Exception {
        Cli.Result r = Cli.onServer("backup", "--databases", "mysql,information_schema", "--to", dir.resolve("x.obk").toString());
        assertOneLineError(r, "OBK-1004");
        Cli.Result mixed = Cli.onServer("backup", "--databases", db + ",sys", "--to", dir.resolve("x.obk").toString());
        assertOneLineError(mixed, "OBK-1008");
        assertThat(files()).isEmpty();
    }

    @Test
    void serverUnreachable() throws Exception {
        Cli.Result r = Cli.run("backup", "--host", "127.0.0.1", "--port", "1", "--user", TestServer.USER,
                "--password=x", "--databases", db, "--to", dir.resolve("x.obk").toString());
        assertOneLineError(r, "OBK-1001");
        assertThat(r.err()).contains("127.0.0.1:1");
        assertThat(files()).isEmpty();
    }

    @Test
    void wrongPassword() throws Exception {
        Cli.Result r = Cli.run("backup", "--host", TestServer.HOST, "--port", Integer.toString(TestServer.PORT),
                "--user", TestServer.USER, "--password=not-the-password", "--databases", db,
                "--to", dir.resolve("x.obk").toString());
        assertOneLineError(r, "OBK-1002");
        assertThat(r.err()).doesNotContain("not-the-password");
        assertThat(files()).isEmpty();
    }

    @Test
    void missingOrUnreadableImage() throws Exception {
        assertOneLineError(Cli.onServer("restore", "--from", dir.resolve("absent.obk").toString()), "OBK-2001");
        Path directory = dir.resolve("a-directory.obk");
        Files.createDirectory(directory);
        assertOneLineError(Cli.onServer("restore", "--from", directory.toString()), "OBK-2002");
    }

    /**
     * A restore's image and parameters are checked before anything starts: a missing, unreadable or damaged image,
     * one encrypted with no key given, a database, table or rename the image does not have are each one line and
     * leave no history row.
     */
    @Test
    void aRestoreRefusedWithoutTheServerLeavesNoHistoryRow() throws Exception {
        Path image = goodImage();
        Path key = dir.resolve("key.hex");
        Files.writeString(key, "00".repeat(32));
        Path encrypted = dir.resolve("encrypted.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--key-file", key.toString(), "--to", encrypted.toString()).code()).isZero();
        Path fifo = dir.resolve("fifo.obk");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path text = dir.resolve("dump.sql");
        Files.writeString(text, "CREATE DATABASE x;\n");
        long before = TestRepository.queryLong("SELECT COUNT(*) FROM backup_history");
        assertOneLineError(Cli.onServer("restore", "--from", dir.resolve("absent.obk").toString()), "OBK-2001");
        assertOneLineError(Cli.onServer("restore", "--from", dir.toString()), "OBK-2002");
        Cli.Result f = Cli.onServer("restore", "--from", fifo.toString());
        assertOneLineError(f, "OBK-2002");
        assertThat(f.err()).contains("it is not a regular file");
        assertOneLineError(Cli.onServer("restore", "--from", text.toString()), "OBK-2003");
        assertOneLineError(Cli.onServer("restore", "--from", encrypted.toString()), "OBK-2019");
        assertOneLineError(Cli.onServer("restore", "--from", image.toString(), "--databases", "other_" + db), "OBK-4004");
        assertOneLineError(Cli.onServer("restore", "--from", image.toString(), "--tables", db + ".nope"), "OBK-1032");
        assertOneLineError(Cli.onServer("restore", "--from", image.toString(), "--rename", "other=x"), "OBK-1019");
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM backup_history"))
                .as("no history row for a restore refused before it starts").isEqualTo(before);
        Cli.Result json = Cli.onServer("restore", "--json", "--from", dir.resolve("absent.obk").toString());
        assertThat(json.out().strip()).startsWith("{\"event\":\"result\",\"ok\":false,").contains("OBK-2001");
    }

    @Test
    void notAnImage() throws Exception {
        TestServer.drop(c, db);
        Path text = dir.resolve("dump.sql");
        Files.writeString(text, "CREATE DATABASE x;\n");
        assertOneLineError(Cli.onServer("restore", "--from", text.toString()), "OBK-2003");
        assertThat(TestServer.databaseExists(c, db)).isFalse();
    }

    @Test
    void truncatedImage() throws Exception {
        Path image = goodImage();
        byte[] bytes = Files.readAllBytes(image);
        TestServer.drop(c, db);
        for (int cut : new int[] {1, 20, bytes.length / 2, bytes.length - 1}) {
            Path truncated = dir.resolve("cut-" + cut + ".obk");
            Files.write(truncated, Arrays.copyOf(bytes, bytes.length - cut));
            assertOneLineError(Cli.onServer("restore", "--from", truncated.toString()), "OBK-2004");
            assertThat(TestServer.databaseExists(c, db)).as("database after restoring a truncated image").isFalse();
        }
    }

    @Test
    void imageInAMissingDirectory() throws Exception {
        Path image = dir.resolve("no-such-dir").resolve("x.obk");
        assertOneLineError(Cli.onServer("backup", "--databases", db, "--to", image.toString()), "OBK-2008");
        assertThat(files()).isEmpty();
    }

    @Test
    void anImagePathThatCannotBeWrittenIsRefusedBeforeAnythingStarts() throws Exception {
        long before = TestRepository.queryLong("SELECT COUNT(*) FROM backup_history");
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        Cli.Result r = Cli.onServer("backup", "--databases", db, "--to", notADirectory.resolve("x.obk").toString());
        assertOneLineError(r, "OBK-2011");
        assertThat(r.err()).contains(notADirectory + " is not a directory");
        Cli.Result proc = Cli.onServer("backup", "--databases", db, "--to", "/proc/x.obk");
        assertOneLineError(proc, "OBK-2011");
        assertThat(proc.err()).doesNotContain("OBK-9001").contains("/proc");
        Cli.Result missing = Cli.onServer("backup", "--databases", db, "--to", dir.resolve("none").resolve("x.obk").toString());
        assertOneLineError(missing, "OBK-2008");
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM backup_history"))
                .as("no history row for a path checked before the job starts").isEqualTo(before);
        assertThat(r.err() + proc.err() + missing.err()).doesNotContain("[job execution");
    }

    @Test
    void imageFileAlreadyExists() throws Exception {
        Path image = dir.resolve("exists.obk");
        Files.writeString(image, "precious");
        assertOneLineError(Cli.onServer("backup", "--databases", db, "--to", image.toString()), "OBK-2009");
        assertThat(Files.readString(image)).isEqualTo("precious");
        assertThat(files()).containsExactly(image);
    }

    @Test
    void restoreIntoAnExistingDatabaseWithoutOverwrite() throws Exception {
        Path image = goodImage();
        TestServer.execute(c, "INSERT INTO " + db + ".t VALUES (3, 'three')");
        Cli.Result r = Cli.onServer("restore", "--from", image.toString());
        assertOneLineError(r, "OBK-4001");
        assertThat(r.err()).contains("`" + db + "`", "--overwrite");
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".t")).isEqualTo(3);

        Cli.Result overwrite = Cli.onServer("restore", "--from", image.toString(), "--overwrite");
        assertThat(overwrite.code()).as(overwrite.toString()).isZero();
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".t")).isEqualTo(2);
    }
}
