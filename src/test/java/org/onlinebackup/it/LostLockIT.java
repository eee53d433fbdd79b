package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.lock.OperationLock;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * A backup whose operation lock was lost (its connection killed from another session) while it read the data
 * fails with OBK-1024 instead of publishing an image another operation could have run beside.
 */
class LostLockIT extends DatabaseTestBase {
    @Test
    void aBackupWhoseOperationLockConnectionWasKilledPublishesNoImage() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + db + ".t VALUES (1), (2)");
        Path image = dir.resolve("lost.obk");
        CompletableFuture<Cli.Result> running;
        try (BreakpointHolder bp = new BreakpointHolder(Breakpoint.DATA_FINISH)) {
            running = CompletableFuture.supplyAsync(() ->
                    Cli.onServer("backup", "--breakpoints", "--databases", db, "--to", image.toString()));
            bp.awaitWaiter();
            long holder = TestServer.queryLong(c, "SELECT IS_USED_LOCK('" + OperationLock.LOCK_NAME + "')");
            TestServer.execute(c, "KILL " + holder);
        }
        Cli.Result r = running.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("online-backup: OBK-1024 the backup lost its operation lock "
                + OperationLock.LOCK_NAME + ": its server connection was killed or dropped");
        assertThat(image).doesNotExist();
        assertThat(dir.resolve(".lost.obk.work")).doesNotExist();
    }
}
