package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.PrivateServer;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * The server restarts while a backup or a restore runs (on a private server started for the test): the operation
 * ends at once with one clear line, never waits for ever, and once the server is back {@code restart} completes it.
 */
class ServerRestartIT {
    private static PrivateServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = PrivateServer.start("restart");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private String createSource(Connection c) throws Exception {
        String db = TestServer.uniqueName("restart");
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".t SELECT seq, REPEAT(CHAR(97 + seq % 26), 40) FROM " + db + ".seq_1_to_60000",
                "CREATE TABLE " + db + ".m (id INT PRIMARY KEY) ENGINE=MyISAM",
                "INSERT INTO " + db + ".m VALUES (1), (2)");
        return db;
    }

    /** Runs the CLI paused at {@code breakpoint}, restarts the server, returns the result and its job execution. */
    private long restartedAt(String breakpoint, String... args) throws Exception {
        Cli.Result r;
        try (BreakpointHolder bp = new BreakpointHolder(breakpoint, server.connect())) {
            CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> server.cli(args[0],
                    Arrays.copyOfRange(args, 1, args.length)));
            bp.awaitWaiter();
            long[] ended = new long[1];
            CompletableFuture<Cli.Result> timed = running.whenComplete((x, e) -> ended[0] = System.nanoTime());
            long t0 = System.nanoTime();
            server.restart();
            long back = System.nanoTime();
            r = timed.get(120, TimeUnit.SECONDS);
            System.out.printf("ServerRestartIT: %s ended %d ms after the server's shutdown began (the server was back"
                    + " after %d ms): %s%n", args[0], (ended[0] - t0) / 1_000_000, (back - t0) / 1_000_000, r.err().trim());
        }
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("online-backup: OBK-")).toList();
        assertThat(errors).as(r.toString()).hasSize(1);
        assertThat(errors.get(0)).startsWith("online-backup: OBK-1030 lost a connection to the MariaDB server ");
        assertThat(r.err().lines().filter(l -> l.startsWith("online-backup: warning")).toList()).as("one line, no more:"
                + " the history and the stop watcher are in the repository, which the restart does not touch").isEmpty();
        try (Connection c = server.connect()) {
            assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM running_operation WHERE server = '"
                    + TestServer.queryString(c, "SELECT CONCAT(@@hostname, ':', @@port)", 1) + "'")).as("no holder row left")
                    .isZero();
        }
        Matcher m = Pattern.compile("\\[job execution (\\d+)]").matcher(r.err());
        assertThat(m.find()).as(r.toString()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aBackupCutByAServerRestartFailsClearlyAndItsRestartCompletes() throws Exception {
        try (Connection c = server.connect()) {
            String db = createSource(c);
            Path image = dir.resolve("b.obk");
            long execution = restartedAt(Breakpoint.BACKUP_CS_READING, "backup", "--breakpoints", "--databases", db,
                    "--to", image.toString());
            assertThat(image).doesNotExist();
            try (Connection after = server.connect()) {
                Map<String, String> source = Definitions.of(after, db, "src");
                Cli.Result again = server.cli("restart", Long.toString(execution));
                assertThat(again.code()).as(again.toString()).isZero();
                server.assertRestoresEqual(image, db, source);
            }
        }
    }

    @Test
    void aRestoreCutByAServerRestartFailsClearlyAndItsRestartCompletes() throws Exception {
        try (Connection c = server.connect()) {
            String db = createSource(c);
            Path image = dir.resolve("r.obk");
            assertThat(server.cli("backup", "--databases", db, "--to", image.toString()).code()).isZero();
            Map<String, String> source = Definitions.of(c, db, "src");
            String target = db + "_r";
            long execution = restartedAt(Breakpoint.RESTORE_TABLE_DATA, "restore", "--breakpoints", "--from",
                    image.toString(), "--rename", db + "=" + target);
            try (Connection after = server.connect()) {
                Cli.Result again = server.cli("restart", Long.toString(execution));
                assertThat(again.code()).as(again.toString()).isZero();
                Definitions.assertSame(Definitions.of(after, target, "src"), source);
                TestServer.drop(after, db, target);
            }
        }
    }
}
