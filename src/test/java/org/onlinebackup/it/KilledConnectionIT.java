package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.lock.OperationLock;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * A server-side {@code KILL} of each kind of connection a backup or restore holds, while it is paused at a
 * breakpoint or loading: the operation ends with one clear line naming what was lost (never "server error -1", never
 * "cannot connect"), holds no lock afterwards, and {@code restart} completes it.
 */
class KilledConnectionIT extends DatabaseTestBase {

    private void createSource() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".t SELECT seq, REPEAT(CHAR(97 + seq % 26), 40) FROM " + db + ".seq_1_to_60000",
                "CREATE TABLE " + db + ".m (id INT PRIMARY KEY) ENGINE=MyISAM",
                "INSERT INTO " + db + ".m VALUES (1), (2)");
    }

    /** Kills the server connections {@code sql} selects (their ids); returns how many. */
    private int kill(String sql) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        for (long id : ids) {
            TestServer.execute(c, "KILL " + id);
        }
        return ids.size();
    }

    private record Ended(Cli.Result result, long execution) {
    }

    /** Runs the CLI paused at {@code breakpoint}, kills what {@code victims} selects, lets it go on. */
    private Ended killAt(String breakpoint, String victims, String... args) throws Exception {
        try (BreakpointHolder bp = new BreakpointHolder(breakpoint)) {
            CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> Cli.onServer(args[0],
                    Arrays.copyOfRange(args, 1, args.length)));
            bp.awaitWaiter();
            assertThat(kill(victims)).as("connections killed").isPositive();
            bp.close();
            Cli.Result r = running.get(120, TimeUnit.SECONDS);
            System.out.println("KilledConnectionIT: " + breakpoint + ": " + r.err().trim());
            Matcher m = Pattern.compile("\\[job execution (\\d+)]").matcher(r.err());
            assertThat(m.find()).as(r.toString()).isTrue();
            return new Ended(r, Long.parseLong(m.group(1)));
        }
    }

    private void nothingHeld() throws Exception {
        assertThat(TestServer.queryLong(c, "SELECT IS_USED_LOCK('" + OperationLock.LOCK_NAME + "') IS NULL")).isEqualTo(1);
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.METADATA_LOCK_INFO"
                + " WHERE LOCK_MODE LIKE 'MDL_BACKUP%'")).as("no backup stage lock").isZero();
        TestServer.execute(c, "SET SESSION lock_wait_timeout = 2", "CREATE TABLE " + db + ".after (id INT)",
                "DROP TABLE " + db + ".after", "SET SESSION lock_wait_timeout = DEFAULT");
    }

    private void backupKilledThenRestarted(String breakpoint, String victims, String expected) throws Exception {
        createSource();
        Path image = dir.resolve("k.obk");
        Ended e = killAt(breakpoint, victims, "backup", "--breakpoints", "--databases", db, "--to", image.toString());
        assertThat(e.result.code()).isEqualTo(1);
        assertThat(e.result.err().lines().filter(l -> l.startsWith("online-backup: OBK-")).toList()).hasSize(1)
                .allSatisfy(l -> assertThat(l).startsWith("online-backup: " + expected));
        assertThat(image).doesNotExist();
        nothingHeld();
        Map<String, String> source = Definitions.of(c, db, "src");
        Cli.Result again = Cli.onServer("restart", Long.toString(e.execution));
        assertThat(again.code()).as(again.toString()).isZero();
        String copy = own(db + "_c");
        assertThat(Cli.onServer("restore", "--from", image.toString(), "--rename", db + "=" + copy).code()).isZero();
        Definitions.assertSame(Definitions.of(c, copy, "src"), source);
    }

    @Test
    void killedSnapshotConnectionsFailTheBackupWhileReading() throws Exception {
        backupKilledThenRestarted(Breakpoint.BACKUP_CS_READING, "SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX"
                + " WHERE trx_mysql_thread_id <> CONNECTION_ID()", "OBK-1030 lost a connection to the MariaDB server while"
                + " reading");
    }

    @Test
    void aKilledBreakpointConnectionFailsTheBackupSayingSo() throws Exception {
        backupKilledThenRestarted(Breakpoint.BACKUP_META, "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE"
                + " 'SELECT GET_LOCK(''" + Breakpoint.BACKUP_META + "''%'", "OBK-1030 lost a connection to the MariaDB server of"
                + " the breakpoint session, waiting at breakpoint " + Breakpoint.BACKUP_META + ": ");
    }

    @Test
    void aKilledDdlBlockerFailsTheBackupBeforeItsValidityPoint() throws Exception {
        backupKilledThenRestarted(Breakpoint.BACKUP_META, "SELECT THREAD_ID FROM information_schema.METADATA_LOCK_INFO"
                + " WHERE LOCK_MODE LIKE 'MDL_BACKUP%'", "OBK-1024 the backup lost its DDL blocker");
    }

    @Test
    void aKilledOperationLockFailsTheBackupBeforeItsValidityPoint() throws Exception {
        backupKilledThenRestarted(Breakpoint.DATA_LOCK, "SELECT IS_USED_LOCK('" + OperationLock.LOCK_NAME + "')",
                "OBK-1024 the backup lost its operation lock");
    }

    /**
     * Restores the source paused at {@code breakpoint}, kills what {@code victims} selects, checks the one line
     * ({@code expected}) and that nothing is held, then restarts it and checks it equals the source.
     */
    private void restoreKilledThenRestarted(String breakpoint, String victims, String expected) throws Exception {
        createSource();
        Path image = dir.resolve("r.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--to", image.toString()).code()).isZero();
        Map<String, String> source = Definitions.of(c, db, "src");
        String target = own(db + "_r");
        Ended e = killAt(breakpoint, victims, "restore", "--breakpoints", "--from", image.toString(), "--rename",
                db + "=" + target);
        assertThat(e.result.code()).isEqualTo(1);
        assertThat(e.result.err().lines().filter(l -> l.startsWith("online-backup: OBK-")).toList()).hasSize(1)
                .allSatisfy(l -> assertThat(l).startsWith("online-backup: " + expected));
        nothingHeld();
        Cli.Result again = Cli.onServer("restart", Long.toString(e.execution));
        assertThat(again.code()).as(again.toString()).isZero();
        Definitions.assertSame(Definitions.of(c, target, "src"), source);
    }

    @Test
    void aRestoreWhoseEveryConnectionIsKilledEndsClearlyAndItsRestartCompletesIt() throws Exception {
        // at the data step: the control connection, the ledger's, the DDL blocker, the operation lock, the stop
        // watcher, the breakpoint session and the job repository's pool all go at once
        // every connection of this test's user but this one and the breakpoint's holder (it holds the user lock)
        restoreKilledThenRestarted(Breakpoint.RESTORE_DATA, "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
                + TestServer.USER + "' AND ID <> CONNECTION_ID() AND ID NOT IN (SELECT THREAD_ID FROM"
                + " information_schema.METADATA_LOCK_INFO WHERE LOCK_TYPE = 'User lock' AND TABLE_SCHEMA = '"
                + Breakpoint.RESTORE_DATA + "')", "OBK-1030 lost a connection to the MariaDB server");
    }

    @Test
    void aRestoreThatLosesItsOperationLockStopsAndItsRestartCompletesIt() throws Exception {
        restoreKilledThenRestarted(Breakpoint.RESTORE_DATA, "SELECT IS_USED_LOCK('" + OperationLock.LOCK_NAME + "')",
                "OBK-1024 the restore lost its operation lock");
    }

    @Test
    void aKilledLoaderConnectionFailsTheRestoreNamingTheTableAndTheRestartCompletesIt() throws Exception {
        createSource();
        Path image = dir.resolve("s.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--to", image.toString()).code()).isZero();
        Map<String, String> source = Definitions.of(c, db, "src");
        String target = own(db + "_r");
        CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> Cli.onServer("restore", "--sleep", "1",
                "--from", image.toString(), "--rename", db + "=" + target));
        // the data step's loader of table t, on its partition's own connection
        String loader = "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'LOAD DATA LOCAL INFILE%INTO TABLE `"
                + target + "`.`t`%'";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int killed = 0;
        while (killed == 0 && System.nanoTime() < deadline && !running.isDone()) {
            killed = kill(loader);
            Thread.sleep(20);
        }
        assertThat(killed).as("the loader was found loading").isPositive();
        Cli.Result r = running.get(120, TimeUnit.SECONDS);
        System.out.println("KilledConnectionIT: loader: " + r.err().trim());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("online-backup: OBK-1030 lost a connection to the MariaDB server while loading table `"
                + target + "`.`t`: ").contains("restore aborted - data might be corrupted in database(s) `" + target + "`");
        nothingHeld();
        Matcher m = Pattern.compile("\\[job execution (\\d+)]").matcher(r.err());
        assertThat(m.find()).isTrue();
        Cli.Result again = Cli.onServer("restart", m.group(1));
        assertThat(again.code()).as(again.toString()).isZero();
        Definitions.assertSame(Definitions.of(c, target, "src"), source);
    }

    /**
     * The loader of a table streamed as fast as the server takes it, killed on the server as soon as it is seen
     * loading, then once 10 MiB and once 25 MiB of its 41 MB stream have reached the server (its bytes received,
     * which the tests' other sessions barely move; the server tells no progress of a LOAD DATA): each restore ends
     * with one line (OBK-1030) instead of waiting for ever on a socket the server no longer reads, leaves no lock and
     * no holder row, and its restart completes it.
     */
    @Test
    void aLoaderKilledAnywhereInAFastStreamEndsAndItsRestartCompletesIt() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".big SELECT seq, REPEAT(CHAR(97 + seq % 26), 60) FROM " + db + ".seq_1_to_600000");
        Path image = dir.resolve("big.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--to", image.toString()).code()).isZero();
        Map<String, String> source = Definitions.of(c, db, "src");
        String received = "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'BYTES_RECEIVED'";
        for (long point : new long[] {0, 10L << 20, 25L << 20}) {
            String target = own(db + "_k" + (point >> 20));
            CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> Cli.onServer("restore",
                    "--from", image.toString(), "--rename", db + "=" + target));
            String loader = "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'LOAD DATA LOCAL INFILE%INTO TABLE `"
                    + target + "`.`big`%'";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (TestServer.queryLong(c, "SELECT COUNT(*) FROM (" + loader + ") l") == 0 && !running.isDone()
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long start = TestServer.queryLong(c, received);
            while (TestServer.queryLong(c, received) - start < point && !running.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            long bytes = TestServer.queryLong(c, received) - start;
            int killed = kill(loader);
            assertThat(killed).as("the loader was still loading after " + point + " bytes").isPositive();
            long at = System.nanoTime();
            // without a bound on the loader, the restore waited 108 s here on a socket the server no longer read
            Cli.Result r = running.get(60, TimeUnit.SECONDS);
            System.out.printf("KilledConnectionIT: loader killed after %.1f MiB of its stream: the restore ended %d ms later%n",
                    bytes / 1048576.0, (System.nanoTime() - at) / 1_000_000);
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().lines().filter(l -> l.startsWith("online-backup: OBK-")).toList()).as(r.toString()).hasSize(1)
                    .allSatisfy(l -> assertThat(l).startsWith("online-backup: OBK-1030 lost a connection to the MariaDB"
                            + " server while loading table `" + target + "`.`big`"));
            nothingHeld();
            assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM running_operation WHERE server = '"
                    + TestServer.queryString(c, "SELECT CONCAT(@@hostname, ':', @@port)", 1) + "'"))
                    .as("no holder row left").isZero();
            Matcher m = Pattern.compile("\\[job execution (\\d+)]").matcher(r.err());
            assertThat(m.find()).isTrue();
            Cli.Result again = Cli.onServer("restart", m.group(1));
            assertThat(again.code()).as(again.toString()).isZero();
            Definitions.assertSame(Definitions.of(c, target, "src"), source);
            TestServer.drop(c, target);
        }
    }
}
