package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.onlinebackup.store.BackupRepo;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestKeys;
import org.onlinebackup.testing.TestServer;

/**
 * A backup repository (--repo): backups name their images in it, info lists them, and restore --latest takes the
 * image with the latest validity point that can serve, naming each newer one it passes over and why.
 */
class BackupRepoIT extends DatabaseTestBase {

    @Test
    void backupsNameTheirImagesAndTheLatestThatHoldsTheDatabasesIsRestored() throws Exception {
        String other = own(TestServer.uniqueName("repo_other"));
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO " + db + ".t VALUES (1, 'one'), (2, 'two')", "CREATE DATABASE " + other,
                "CREATE TABLE " + other + ".o (id INT PRIMARY KEY)", "INSERT INTO " + other + ".o VALUES (7)");
        Path repo = dir.resolve("repo");
        Cli.Result both = Cli.onServer("backup", "--databases", db + "," + other, "--repo", repo.toString());
        assertThat(both.code()).as(both.toString()).isZero();
        Map<String, String> otherThen = Definitions.of(c, other, "X");
        TestServer.execute(c, "INSERT INTO " + db + ".t VALUES (3, 'three')", "ALTER TABLE " + db + ".t ADD COLUMN w INT DEFAULT 5",
                "DROP DATABASE " + other);
        Cli.Result one = Cli.onServer("backup", "--databases", db, "--repo", repo.toString());
        assertThat(one.code()).as(one.toString()).isZero();
        Map<String, String> dbNow = Definitions.of(c, db, "X");

        List<Path> images = BackupRepo.open(repo).images();
        assertThat(images).hasSize(2);
        assertThat(both.out()).contains(images.get(0).toString());
        assertThat(one.out()).contains(images.get(1).toString());

        Cli.Result info = Cli.run("info", "--repo", repo.toString(), "--trust-key", TestKeys.publicKey().toString());
        assertThat(info.code()).as(info.toString()).isZero();
        String out = info.out();
        assertThat(out).contains("images (2)", db + ", " + other + "; authenticated by signing key " + TestKeys.fingerprint(),
                db + "; authenticated by signing key");
        assertThat(out.indexOf(images.get(0).getFileName().toString())).as("by validity point")
                .isLessThan(out.indexOf(images.get(1).getFileName().toString()));
        Cli.Result json = Cli.run("info", "--repo", repo.toString(), "--json");
        assertThat(json.out().lines().filter(l -> l.startsWith("{\"event\":\"image\"")).toList()).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("\"usable\":true", "\"trusted\":false"));
        assertThat(json.out()).contains("\"databases\":[\"" + db + "\",\"" + other + "\"]");

        String copy = own(TestServer.uniqueName("repo_copy"));
        Cli.Result latest = Cli.onServer("restore", "--repo", repo.toString(), "--latest", "--rename", db + "=" + copy);
        assertThat(latest.code()).as(latest.toString()).isZero();
        assertThat(latest.out()).contains(images.get(1).toString());
        Definitions.assertSame(Definitions.of(c, copy, "X"), dbNow);

        Cli.Result older = Cli.onServer("restore", "--repo", repo.toString(), "--latest", "--databases", other);
        assertThat(older.code()).as(older.toString()).isZero();
        assertThat(older.err()).contains("passed over " + images.get(1).getFileName() + ": it holds no database " + other);
        assertThat(older.out()).contains(images.get(0).toString());
        Definitions.assertSame(Definitions.of(c, other, "X"), otherThen);
    }

    @Test
    void givenKeysAnImageTheyDoNotAuthenticateIsPassedOverAndACutOneAlways() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "INSERT INTO " + db + ".t VALUES (1)");
        Path repo = dir.resolve("repo");
        assertThat(Cli.onServer("backup", "--databases", db, "--repo", repo.toString()).code()).isZero();
        TestServer.execute(c, "INSERT INTO " + db + ".t VALUES (2)");
        Cli.Result unsigned = Cli.onServerAsGiven("backup", "--databases", db, "--repo", repo.toString());
        assertThat(unsigned.code()).as(unsigned.toString()).isZero();
        List<Path> images = BackupRepo.open(repo).images();
        Path cut = images.get(0).resolveSibling("29991231T235959Z.obk");
        Files.copy(images.get(0), cut);
        try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10);
        }

        String trusted = own(TestServer.uniqueName("repo_trusted"));
        Cli.Result t = Cli.onServerAsGiven("restore", "--repo", repo.toString(), "--latest", "--trust-key",
                TestKeys.publicKey().toString(), "--rename", db + "=" + trusted);
        assertThat(t.code()).as(t.toString()).isZero();
        assertThat(t.err()).contains("passed over 29991231T235959Z.obk: OBK-2004", "passed over " + images.get(1).getFileName()
                + ": not authenticated by", "it is not signed");
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + trusted + ".t")).as("the signed image, before the insert").isEqualTo(1);

        String any = own(TestServer.uniqueName("repo_any"));
        Cli.Result a = Cli.onServerAsGiven("restore", "--repo", repo.toString(), "--latest", "--rename", db + "=" + any);
        assertThat(a.code()).as(a.toString()).isZero();
        assertThat(a.err()).contains("passed over 29991231T235959Z.obk").doesNotContain("passed over " + images.get(1).getFileName());
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + any + ".t")).as("no key given: the latest image").isEqualTo(2);

        Cli.Result info = Cli.run("info", "--repo", repo.toString());
        assertThat(info.out()).contains("29991231T235959Z.obk     unusable: OBK-2004");
    }

    @Test
    void expireRemovesWhatThePolicyDoesNotKeepAndADryRunNothing() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        Path repo = dir.resolve("repo");
        for (int i = 1; i <= 3; i++) {
            TestServer.execute(c, "INSERT INTO " + db + ".t VALUES (" + i + ")");
            assertThat(Cli.onServer("backup", "--databases", db, "--repo", repo.toString()).code()).isZero();
        }
        List<Path> images = BackupRepo.open(repo).images();
        Cli.Result dry = Cli.run("expire", "--repo", repo.toString(), "--keep-full", "1", "--dry-run");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would remove   " + images.get(0).getFileName(), "would remove   " + images.get(1).getFileName(),
                "keep           " + images.get(2).getFileName(), "the newest of its series",
                "would expire 2 image(s)");
        assertThat(BackupRepo.open(repo).images()).isEqualTo(images);

        Cli.Result usage = Cli.run("expire", "--repo", repo.toString());
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("give --keep-full N, --keep-days D or both");

        Cli.Result expired = Cli.run("expire", "--repo", repo.toString(), "--keep-full", "1", "--trust-key",
                TestKeys.publicKey().toString());
        assertThat(expired.code()).as(expired.toString()).isZero();
        assertThat(expired.out()).contains("expired 2 image(s)", "kept 1 image(s)");
        assertThat(BackupRepo.open(repo).images()).containsExactly(images.get(2));
        String copy = own(TestServer.uniqueName("repo_expired"));
        assertThat(Cli.onServer("restore", "--repo", repo.toString(), "--latest", "--rename", db + "=" + copy).code()).isZero();
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + copy + ".t")).isEqualTo(3);
    }

    @Test
    void standardStreamsAreRefusedAndADirectoryOfOtherFilesIsLeftAlone() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        Path dash = Path.of("-").toAbsolutePath();
        Cli.Result to = Cli.onServer("backup", "--databases", db, "--to", "-");
        assertThat(to.code()).isEqualTo(1);
        assertThat(to.err()).contains("OBK-2029 --to -: an image cannot be written to standard output");
        assertThat(dash).doesNotExist();
        Cli.Result from = Cli.onServer("restore", "--from", "-");
        assertThat(from.code()).isEqualTo(1);
        assertThat(from.err()).contains("OBK-2029 --from -");

        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("keep.txt"), "mine");
        Cli.Result b = Cli.onServer("backup", "--databases", db, "--repo", foreign.toString());
        assertThat(b.code()).isEqualTo(1);
        assertThat(b.err()).contains("OBK-2026 " + foreign + " is not a backup repository");
        try (var s = Files.list(foreign)) {
            assertThat(s.toList()).containsExactly(foreign.resolve("keep.txt"));
        }
        Cli.Result r = Cli.onServer("restore", "--repo", foreign.toString(), "--latest");
        assertThat(r.err()).contains("OBK-2026");

        Path refusedFirst = dir.resolve("never");
        Cli.Result unknown = Cli.onServer("backup", "--databases", db + "_nope", "--repo", refusedFirst.toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(refusedFirst).as("a backup refused by the server makes no repository").doesNotExist();

        Path empty = dir.resolve("empty");
        BackupRepo.create(empty);
        Cli.Result none = Cli.onServer("restore", "--repo", empty.toString(), "--latest");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("OBK-2028 backup repository " + empty + " holds no image to restore (it holds none)");
        Cli.Result usage = Cli.onServer("restore", "--repo", empty.toString());
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("--repo needs --latest");
    }
}
