package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.CliProcess;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.PrivateServer;
import org.onlinebackup.testing.TestServer;

/**
 * A repository shared by processes (and hosts): a database on a third server, named with
 * {@code --repository mariadb://...}. A backup of a private server runs in one process; another stops it, a third
 * restarts it, one kills it and another takes it up, and {@code history} and {@code show} from yet another see it
 * all. The server backed up gets nothing of it.
 */
class SharedRepositoryIT {
    @TempDir
    Path dir;

    private PrivateServer source;
    private String repositoryDb;
    private String repository;

    @BeforeEach
    void start() throws Exception {
        source = PrivateServer.start("shared-source");
        repositoryDb = TestServer.uniqueName("shared_repo");
        repository = "mariadb://" + TestServer.USER + "@" + TestServer.HOST + ":" + TestServer.PORT + "/" + repositoryDb;
    }

    @AfterEach
    void stop() throws Exception {
        source.close();
        try (Connection c = TestServer.connect()) {
            TestServer.drop(c, repositoryDb);
        }
    }

    private List<String> sourceAndRepository() {
        List<String> options = source.cliOptions();
        options.addAll(List.of("--repository", repository));
        return options;
    }

    private long execution(String out) {
        Matcher m = Pattern.compile("\"job_execution\":(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    private long awaitExecution(CliProcess p) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (p.out().contains("\"job_execution\":")) {
                return execution(p.out());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no started line: " + p.out());
    }

    @Test
    void stopRestartKillHistoryAndShowFromOtherProcesses() throws Exception {
        String db = "shop";
        try (Connection c = source.connect()) {
            TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE shop.a (id INT PRIMARY KEY, v VARCHAR(20))",
                    "CREATE TABLE shop.b (id INT PRIMARY KEY) ENGINE=MyISAM", "INSERT INTO shop.b VALUES (1), (2)");
            for (int i = 0; i < 20; i++) {
                TestServer.execute(c, "INSERT INTO shop.a SELECT seq + " + (i * 1000) + ", 'x' FROM shop.seq_1_to_1000");
            }
            Map<String, String> expected = Definitions.of(c, db, "src");
            Path image = dir.resolve("shared.obk");

            long stopped;
            try (BreakpointHolder bp = new BreakpointHolder(Breakpoint.BACKUP_META, source.connect())) {
                CliProcess backup = CliProcess.start(dir, "backup", sourceAndRepository(), "backup", "--breakpoints", "--json",
                        "--databases", db, "--to", image.toString());
                bp.awaitWaiter();
                stopped = awaitExecution(backup);
                Cli.Result stop = CliProcess.start(dir, "stop", List.of("--repository", repository), "stop",
                        Long.toString(stopped)).await();
                assertThat(stop.code()).as(stop.toString()).isZero();
                assertThat(stop.out()).startsWith("job execution " + stopped + " stopped: OBK-1010");
                assertThat(backup.await().code()).isEqualTo(1);
            }

            long killed;
            try (BreakpointHolder bp = new BreakpointHolder(Breakpoint.BACKUP_CS_READING, source.connect())) {
                CliProcess restart = CliProcess.start(dir, "restart", sourceAndRepository(), "restart", "--json",
                        Long.toString(stopped));
                bp.awaitWaiter();
                killed = awaitExecution(restart);
                restart.kill();
            }
            Cli.Result again = CliProcess.start(dir, "again", sourceAndRepository(), "restart", Long.toString(killed)).await();
            assertThat(again.code()).as(again.toString()).isZero();
            assertThat(again.out()).contains("backed up 1 database(s), 2 table(s)");

            Cli.Result history = CliProcess.start(dir, "history", List.of("--repository", repository), "history").await();
            assertThat(history.code()).as(history.toString()).isZero();
            assertThat(history.out()).containsPattern("backup\\s+cancel").containsPattern("backup\\s+complete");
            Matcher id = Pattern.compile("\\[backup_id (\\d+)]").matcher(again.out());
            assertThat(id.find()).isTrue();
            Cli.Result show = CliProcess.start(dir, "show", List.of("--repository", repository), "show", id.group(1)).await();
            assertThat(show.out()).contains("state           complete", "(restart of job execution " + killed + ")");

            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.SCHEMATA"
                    + " WHERE SCHEMA_NAME = 'online_backup'")).as("nothing of ours on the server backed up").isZero();
            try (Connection r = TestServer.connect()) {
                assertThat(TestServer.queryLong(r, "SELECT COUNT(*) FROM " + repositoryDb + ".backup_history")).isEqualTo(3);
                assertThat(TestServer.queryLong(r, "SELECT COUNT(*) FROM " + repositoryDb + ".running_operation")).isZero();
            }
            Cli.Result plain = CliProcess.start(dir, "restore2", sourceAndRepository(), "restore", "--from", image.toString(),
                    "--rename", db + "=shop_copy").await();
            assertThat(plain.code()).as(plain.toString()).isZero();
            Definitions.assertSame(Definitions.of(c, "shop_copy", "src"), expected);
        }
    }

    /** Looking at a shared repository that no operation has used says so, and creates nothing on its server. */
    @Test
    void historyOfARepositoryThatDoesNotExistCreatesNothing() throws Exception {
        for (String command : List.of("history", "show")) {
            List<String> args = command.equals("show") ? List.of("1") : List.of();
            Cli.Result r = CliProcess.start(dir, command, List.of("--repository", repository), command,
                    args.toArray(String[]::new)).await();
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).startsWith("online-backup: OBK-1016 no history in repository " + repository
                    + ": no backup or restore has run with it");
        }
        try (Connection c = TestServer.connect()) {
            assertThat(TestServer.databaseExists(c, repositoryDb)).as("no repository made by looking").isFalse();
        }
    }
}
