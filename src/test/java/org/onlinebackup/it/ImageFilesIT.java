package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * The files that hold a copy of the data are private: under umask 022, the work directory is 0700 and its segments,
 * plan and image 0600. A full or read-only file system has its own clear error and leaves nothing behind.
 */
class ImageFilesIT extends DatabaseTestBase {

    private void data(int rows) throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(200)) ENGINE=InnoDB",
                "USE " + db, "INSERT INTO t SELECT seq, REPEAT('x', 200) FROM seq_1_to_" + rows, "USE mysql");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void imagesAndWorkFilesAreReadableByTheirOwnerOnly() throws Exception {
        data(100);
        Path image = dir.resolve("private.obk");
        Path work = dir.resolve(".private.obk.work");
        CompletableFuture<Cli.Result> backup;
        try (BreakpointHolder reading = new BreakpointHolder("backup_cs_reading")) {
            backup = CompletableFuture.supplyAsync(() -> Cli.onServer("backup", "--breakpoints", "--databases", db, "--to", image.toString()));
            reading.awaitWaiter();
            assertThat(mode(work)).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(work)) {
                List<Path> all = files.toList();
                assertThat(all).isNotEmpty();
                for (Path f : all) {
                    assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
                }
            }
        }
        Cli.Result r = backup.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(mode(image)).isEqualTo("rw-------");
    }

    /** A tmpfs of 256 KiB for a backup of about 2 MB (not compressed); needs root to mount, as CI has. */
    @Test
    void aFullFileSystemHasItsOwnErrorAndLeavesNothingBehind() throws Exception {
        data(10_000);
        Path small = Files.createDirectory(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()) == 0, "mounting a tmpfs needs root");
        try {
            Path image = small.resolve("full.obk");
            Cli.Result r = Cli.onServer("backup", "--compression", "none", "--databases", db, "--to", image.toString());
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("OBK-2014 cannot write", "the file system is full").doesNotContain("OBK-9001");
            try (Stream<Path> left = Files.list(small)) {
                assertThat(left.toList()).as("nothing left behind").isEmpty();
            }
            assertThat(run("mount", "-o", "remount,ro", small.toString())).isZero();
            Cli.Result ro = Cli.onServer("backup", "--databases", db, "--to", small.resolve("ro.obk").toString());
            assertThat(ro.code()).isEqualTo(1);
            assertThat(ro.err()).contains("OBK-2016 cannot write " + small + ": the file system is read-only");
        } finally {
            run("umount", small.toString());
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
