package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/** While one backup is paused at a breakpoint, a second backup and a restore are refused, naming it. */
class OneOperationAtATimeIT extends DatabaseTestBase {
    @Test
    void aSecondOperationIsRefusedWhileOneRuns() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + db + ".t VALUES (1)");
        Path earlier = dir.resolve("earlier.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--to", earlier.toString()).code()).isZero();

        Path first = dir.resolve("first.obk");
        CompletableFuture<Cli.Result> running;
        Cli.Result refusedBackup;
        try (BreakpointHolder bp = new BreakpointHolder("backup_cs_locked")) {
            running = CompletableFuture.supplyAsync(() ->
                    Cli.onServer("backup", "--breakpoints", "--databases", db, "--to", first.toString()));
            bp.awaitWaiter();

            Path second = dir.resolve("second.obk");
            Cli.Result backup = Cli.onServer("backup", "--databases", db, "--to", second.toString());
            refusedBackup = backup;
            assertThat(backup.code()).as(backup.toString()).isEqualTo(1);
            assertThat(backup.err().strip())
                    .startsWith("online-backup: OBK-1011 another backup or restore is running on this server (backup, job execution ")
                    .doesNotContain("\n");
            assertThat(second).doesNotExist();

            Cli.Result restore = Cli.onServer("restore", "--overwrite", "--from", earlier.toString());
            assertThat(restore.code()).as(restore.toString()).isEqualTo(1);
            assertThat(restore.err()).contains("OBK-1011", "backup, job execution ");
        }
        Cli.Result r = running.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.exists(first)).isTrue();

        Cli.Result after = Cli.onServer("restore", "--overwrite", "--from", earlier.toString());
        assertThat(after.code()).as("the lock is free once the first backup ended: " + after).isZero();

        Matcher refused = Pattern.compile("\\[job execution (\\d+)]").matcher(refusedBackup.err());
        assertThat(refused.find()).as(refusedBackup.toString()).isTrue();
        Cli.Result restart = Cli.onServer("restart", refused.group(1));
        assertThat(restart.code()).isEqualTo(1);
        assertThat(restart.err()).as("a refused run is not taken up later as a whole backup")
                .startsWith("online-backup: OBK-1038 job execution " + refused.group(1) + " never started (OBK-1011 another"
                        + " backup or restore is running on this server").contains("there is nothing to restart; run the backup again");
    }
}
