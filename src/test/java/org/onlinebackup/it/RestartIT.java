package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.CliProcess;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * Restart and abandon of backups and restores whose process was killed ({@code kill -9}), from a new process: the
 * restart completes and what it backed up or restored equals the source; a restore redoes only what was not
 * committed. Prints how much of a killed restore its restart loaded again.
 */
class RestartIT extends DatabaseTestBase {
    private static final Pattern EXECUTION = Pattern.compile("\"job_execution\":(\\d+)");
    private static final Pattern ROWS_SENT = Pattern.compile("\"event\":\"progress\",\"rows\":(\\d+)");

    /** One table of 2,000,000 rows, six of 300,000, and one of 300,000 rows without a key, with duplicates. */
    private long createLargeSource() throws Exception {
        List<String> sql = new ArrayList<>(List.of("CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".big SELECT seq, REPEAT(CHAR(65 + seq % 26), 40) FROM " + db + ".seq_1_to_2000000",
                "CREATE TABLE " + db + ".nopk (a INT, b VARCHAR(20)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".nopk SELECT seq % 1000, CONCAT('b', seq % 7) FROM " + db + ".seq_1_to_300000"));
        for (int i = 1; i <= 6; i++) {
            sql.add("CREATE TABLE " + db + ".s" + i + " (id INT PRIMARY KEY, v VARCHAR(64), KEY (v)) ENGINE=InnoDB");
            sql.add("INSERT INTO " + db + ".s" + i + " SELECT seq, REPEAT(CHAR(97 + seq % 26), 30 + " + i
                    + ") FROM " + db + ".seq_1_to_300000");
        }
        TestServer.execute(c, sql.toArray(String[]::new));
        return 2_000_000L + 7 * 300_000L;
    }

    private void createSmallSource() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".t SELECT seq, CONCAT('v', seq) FROM " + db + ".seq_1_to_5000",
                "CREATE TABLE " + db + ".nopk (a INT) ENGINE=InnoDB",
                "INSERT INTO " + db + ".nopk SELECT seq % 10 FROM " + db + ".seq_1_to_100",
                "CREATE TABLE " + db + ".m (id INT PRIMARY KEY) ENGINE=MyISAM",
                "INSERT INTO " + db + ".m VALUES (1), (2)");
    }

    /** Row count and {@code CHECKSUM TABLE ... EXTENDED} of every table of a database, by table name. */
    private Map<String, String> checksums(String database) throws Exception {
        Map<String, String> out = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + database + "'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String t : tables) {
            String q = "`" + database + "`.`" + t + "`";
            out.put(t, TestServer.queryLong(c, "SELECT COUNT(*) FROM " + q) + " rows, checksum "
                    + TestServer.queryString(c, "CHECKSUM TABLE " + q + " EXTENDED", 2));
        }
        return out;
    }

    private static long execution(String json) {
        Matcher m = EXECUTION.matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long rowsSent(String json) {
        long rows = 0;
        Matcher m = ROWS_SENT.matcher(json);
        while (m.find()) {
            rows = Long.parseLong(m.group(1));
        }
        return rows;
    }

    /** By table: the rows the history's progress rows of an operation say it loaded; negative: rows it kept. */
    private Map<String, Long> tablesDone(long execution) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection r = TestRepository.connect(); Statement s = r.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT p.object, p.notes FROM backup_progress p JOIN backup_history h ON h.backup_id = p.backup_id"
                + " WHERE h.job_execution_id = " + execution + " AND p.object LIKE 'table %'")) {
            while (rs.next()) {
                Matcher m = Pattern.compile("(\\d+) row\\(s\\)").matcher(rs.getString(2));
                assertThat(m.find()).as(rs.getString(2)).isTrue();
                long rows = Long.parseLong(m.group(1));
                assertThat(out.put(rs.getString(1), rs.getString(2).startsWith("kept") ? -rows : rows)).isNull();
            }
        }
        return out;
    }

    private static long loaded(Map<String, Long> done) {
        return done.values().stream().mapToLong(Long::longValue).filter(r -> r > 0).sum();
    }

    @Test
    void aRestoreKilledInItsDataStepIsTakenUpByANewProcessAndRedoesOnlyWhatWasNotCommitted() throws Exception {
        long total = createLargeSource();
        Path image = dir.resolve("large.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        Map<String, String> source = checksums(db);
        String target = own(db + "_r");

        CliProcess restore = CliProcess.start(dir, "restore", "restore", "--from", image.toString(), "--rename",
                db + "=" + target, "--parallel", "2", "--json");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (rowsSent(restore.out()) < total / 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(rowsSent(restore.out())).as("rows sent before the kill").isGreaterThanOrEqualTo(total / 2).isLessThan(total);
        restore.kill();
        long killed = execution(restore.out());
        Map<String, Long> before = tablesDone(killed);

        Cli.Result restart = CliProcess.run(dir, "restart", "restart", Long.toString(killed), "--json");
        assertThat(restart.code()).as(restart.toString()).isZero();
        long restarted = execution(restart.out());
        assertThat(checksums(target)).isEqualTo(source);
        Map<String, Long> after = tablesDone(restarted);
        System.out.printf("RestartIT: restore killed after %d of %d rows (%d of 8 tables) had been committed; its restart"
                + " loaded %d rows (%.0f %% of the whole), and kept %d table(s) it found committed%n", loaded(before), total,
                before.size(), loaded(after), 100.0 * loaded(after) / total, after.values().stream().filter(r -> r < 0).count());
        assertThat(loaded(after)).as("rows loaded again").isLessThan(total);
        Map<String, Long> once = new TreeMap<>(before);
        after.forEach((table, rows) -> {
            if (rows > 0) {
                assertThat(once.put(table, rows)).as(table + " loaded by both executions").isNull();
            } else {
                // committed by the killed execution, which may have been killed before its history row was written
                once.putIfAbsent(table, -rows);
            }
        });
        assertThat(once).as("every table loaded once").hasSize(8);
        assertThat(loaded(once)).isEqualTo(total);
        assertThat(TestRepository.queryString("SELECT backup_state || ' ' || error_num FROM backup_history"
                + " WHERE job_execution_id = " + killed)).isEqualTo("cancel 1021");
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM running_operation")).isZero();
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM restore_ledger l JOIN"
                + " JOB_EXECUTION e ON e.JOBINSTANCEID = l.job_instance_id WHERE e.JOBEXECUTIONID = " + killed))
                .as("a completed restore leaves no ledger").isZero();
    }

    /** Starts a backup with breakpoints in a process of its own, kills it while it reads, returns its job execution. */
    private long backupKilledWhileReading(Path image) throws Exception {
        try (BreakpointHolder bp = new BreakpointHolder(Breakpoint.BACKUP_CS_READING)) {
            CliProcess backup = CliProcess.start(dir, "backup", "backup", "--breakpoints", "--json", "--databases", db,
                    "--to", image.toString());
            bp.awaitWaiter();
            backup.kill();
            return execution(backup.out());
        }
    }

    @Test
    void aBackupKilledWhileReadingIsRestartedByANewProcessAtANewValidityPoint() throws Exception {
        createSmallSource();
        Path image = dir.resolve("killed.obk");
        long killed = backupKilledWhileReading(image);
        Path work = dir.resolve(".killed.obk.work");
        assertThat(work).as("the killed backup's partial image").isDirectory();

        Cli.Result other = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err()).startsWith("online-backup: OBK-2010 a backup to " + image)
                .contains("(job instance ").contains("restart or abandon that backup");

        TestServer.execute(c, "INSERT INTO " + db + ".t VALUES (100000, 'after the kill')");
        Map<String, String> source = Definitions.of(c, db, "src");
        Cli.Result restart = CliProcess.run(dir, "restart", "restart", Long.toString(killed));
        assertThat(restart.code()).as(restart.toString()).isZero();
        assertThat(restart.out()).contains("backed up 1 database(s)");
        assertThat(work).doesNotExist();
        assertThat(Files.readString(dir.resolve("cli.log"))).contains("Restart: the earlier execution's partial image is set aside",
                "Restart: nothing of the earlier execution's image is kept, every table is read again: the binary log was off");

        String copy = own(db + "_c");
        Cli.Result restored = Cli.onServer("restore", "--from", image.toString(), "--rename", db + "=" + copy);
        assertThat(restored.code()).as(restored.toString()).isZero();
        Definitions.assertSame(Definitions.of(c, copy, "src"), source);

        Cli.Result twice = Cli.onServer("restart", Long.toString(killed));
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.err()).startsWith("online-backup: OBK-1026 job execution " + killed + " was restarted already");
    }

    @Test
    void aKilledBackupAbandonedLeavesNothingAndCannotBeRestarted() throws Exception {
        createSmallSource();
        Path image = dir.resolve("given-up.obk");
        long killed = backupKilledWhileReading(image);
        Cli.Result abandon = Cli.onServer("abandon", Long.toString(killed));
        assertThat(abandon.code()).as(abandon.toString()).isZero();
        assertThat(abandon.out()).startsWith("job execution " + killed + " (backup) abandoned: its partial image, in ")
                .contains("removed");
        assertThat(dir.resolve(".given-up.obk.work")).doesNotExist();
        assertThat(TestRepository.queryString("SELECT BATCHSTATUS FROM JOB_EXECUTION WHERE JOBEXECUTIONID = "
                + killed)).isEqualTo("ABANDONED");

        Cli.Result restart = Cli.onServer("restart", Long.toString(killed));
        assertThat(restart.code()).isEqualTo(1);
        assertThat(restart.err()).startsWith("online-backup: OBK-1028 job execution " + killed + " was abandoned");
        Cli.Result next = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(next.code()).as(next.toString()).isZero();
    }

    @Test
    void aStoppedRestoreAbandonedNamesTheDatabasesItLeaves() throws Exception {
        createSmallSource();
        Path image = dir.resolve("source.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--to", image.toString()).code()).isZero();
        String target = own(db + "_r");
        long stopped;
        try (BreakpointHolder bp = new BreakpointHolder(Breakpoint.RESTORE_DATA)) {
            CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> Cli.onServer("restore",
                    "--breakpoints", "--from", image.toString(), "--rename", db + "=" + target));
            bp.awaitWaiter();
            stopped = TestRepository.queryLong("SELECT MAX(JOBEXECUTIONID) FROM JOB_EXECUTION WHERE BATCHSTATUS = 'STARTED'");
            assertThat(Cli.onServer("stop", Long.toString(stopped)).code()).isZero();
            assertThat(running.get(60, TimeUnit.SECONDS).code()).isEqualTo(1);
        }
        Cli.Result abandon = Cli.onServer("abandon", Long.toString(stopped));
        assertThat(abandon.code()).as(abandon.toString()).isZero();
        assertThat(abandon.out()).isEqualTo("job execution " + stopped + " (restore) abandoned: database(s) `" + target
                + "` it changed are left as they are, not restored completely: drop them, or restore again with --overwrite\n");
        assertThat(TestServer.databaseExists(c, target)).isTrue();
    }

    @Test
    void whatCannotBeRestartedIsRefusedWithItsReason() throws Exception {
        createSmallSource();
        Path image = dir.resolve("done.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(backup.code()).isZero();
        Matcher m = Pattern.compile("\\[job execution (\\d+)]").matcher(backup.out());
        assertThat(m.find()).isTrue();
        Cli.Result done = Cli.onServer("restart", m.group(1));
        assertThat(done.err()).isEqualTo("online-backup: OBK-1025 job execution " + m.group(1)
                + " completed: there is nothing to restart\n");
        Cli.Result abandonDone = Cli.onServer("abandon", m.group(1));
        assertThat(abandonDone.err()).isEqualTo("online-backup: OBK-1025 job execution " + m.group(1)
                + " completed: there is nothing to abandon\n");
        Cli.Result unknown = Cli.onServer("abandon", "999999999");
        assertThat(unknown.err()).startsWith("online-backup: OBK-1022 no job execution 999999999 in the job repository");

        try (BreakpointHolder bp = new BreakpointHolder(Breakpoint.BACKUP_META)) {
            CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> Cli.onServer("backup",
                    "--breakpoints", "--databases", db, "--to", dir.resolve("paused.obk").toString()));
            bp.awaitWaiter();
            long paused = TestRepository.queryLong("SELECT MAX(JOBEXECUTIONID) FROM JOB_EXECUTION WHERE BATCHSTATUS = 'STARTED'");
            Cli.Result busy = Cli.onServer("restart", Long.toString(paused));
            assertThat(busy.err()).startsWith("online-backup: OBK-1027 job execution " + paused + " is running (backup, job execution "
                    + paused + ", process ").endsWith("stop it first (online-backup stop " + paused + ")\n");
            bp.close();
            assertThat(running.get(60, TimeUnit.SECONDS).code()).isZero();
        }
    }
}
