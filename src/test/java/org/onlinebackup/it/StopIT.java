package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.lock.OperationLock;
import org.onlinebackup.runtime.se.SeBatchRuntime;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.OperationLogCapture;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * A backup or restore paused at each of its breakpoints and stopped there with {@code JobOperator.stop}: it ends
 * STOPPED, its result and history say it was interrupted (WL#4538), it holds no lock any more, no image is left
 * behind, and the server takes DDL and writes at once; then {@code online-backup restart} takes it up, it completes,
 * and what it backed up or restored equals the source. Prints how long each stop took.
 */
class StopIT extends DatabaseTestBase {
    static Stream<String> backupBreakpoints() {
        return Stream.of(Breakpoint.BACKUP_COMMAND, Breakpoint.BACKUP_META, Breakpoint.BACKUP_DATA, Breakpoint.DATA_INIT,
                Breakpoint.DATA_PREPARE, Breakpoint.DATA_LOCK, Breakpoint.BACKUP_CS_LOCKED, Breakpoint.DATA_UNLOCK,
                Breakpoint.BACKUP_CS_OPEN_TABLES, Breakpoint.BACKUP_CS_READING, Breakpoint.DATA_FINISH);
    }

    static Stream<String> restoreBreakpoints() {
        return Stream.of(Breakpoint.RESTORE_COMMAND, Breakpoint.RESTORE_META, Breakpoint.RESTORE_DATA,
                Breakpoint.RESTORE_TABLE_DATA, Breakpoint.RESTORE_DONE);
    }

    private void createSource() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".t SELECT seq, CONCAT('v', seq) FROM " + db + ".seq_1_to_1000",
                "CREATE TABLE " + db + ".m (id INT PRIMARY KEY) ENGINE=MyISAM",
                "INSERT INTO " + db + ".m VALUES (1), (2)",
                "CREATE TRIGGER " + db + ".t_bi BEFORE INSERT ON " + db + ".t FOR EACH ROW SET NEW.v = UPPER(NEW.v)",
                "CREATE EVENT " + db + ".e ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM " + db + ".t WHERE id < 0");
    }

    /** Restarts the stopped job with the CLI; it completes, and the history says what it took up. */
    private void restart(Stopped s) throws Exception {
        assertThat(s.result.err()).contains("online-backup: to take it up again: online-backup restart " + s.executionId);
        Cli.Result again = Cli.onServer("restart", Long.toString(s.executionId));
        assertThat(again.code()).as(again.toString()).isZero();
        Matcher id = Pattern.compile("\\[job execution (\\d+)]").matcher(again.out());
        assertThat(id.find()).as(again.out()).isTrue();
        assertThat(TestRepository.queryString("SELECT command FROM backup_history WHERE job_execution_id = " + id.group(1)))
                .endsWith("(restart of job execution " + s.executionId + ")");
    }

    @ParameterizedTest
    @MethodSource("backupBreakpoints")
    void aBackupStoppedAtABreakpointEndsStoppedAndLeavesNothing(String breakpoint) throws Exception {
        createSource();
        Path image = dir.resolve("stopped.obk");
        Stopped s = stopAt(breakpoint, JobParams.BACKUP_JOB,
                "backup", "--breakpoints", "--databases", db, "--to", image.toString());
        assertThat(image).doesNotExist();
        assertThat(dir.resolve(".stopped.obk.work")).doesNotExist();
        assertThat(s.result.err()).startsWith("online-backup: OBK-1010 operation has been interrupted; backup aborted, no image"
                + " written [backup_id ");
        serverIsFree();

        Map<String, String> source = Definitions.of(c, db, "src");
        restart(s);
        assertThat(dir.resolve(".stopped.obk.work")).doesNotExist();
        String copy = own(db + "_c");
        Cli.Result restored = Cli.onServer("restore", "--from", image.toString(), "--rename", db + "=" + copy);
        assertThat(restored.code()).as(restored.toString()).isZero();
        Definitions.assertSame(Definitions.of(c, copy, "src"), source);
    }

    @ParameterizedTest
    @MethodSource("restoreBreakpoints")
    void aRestoreStoppedAtABreakpointEndsStopped(String breakpoint) throws Exception {
        createSource();
        Path image = dir.resolve("source.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        String target = own(db + "_r");
        Map<String, String> source = Definitions.of(c, db, "src");
        Stopped s = stopAt(breakpoint, JobParams.RESTORE_JOB,
                "restore", "--breakpoints", "--from", image.toString(), "--rename", db + "=" + target);
        if (breakpoint.equals(Breakpoint.RESTORE_COMMAND) || breakpoint.equals(Breakpoint.RESTORE_META)) {
            assertThat(s.result.err()).as("nothing was changed yet")
                    .startsWith("online-backup: OBK-1010 operation has been interrupted; restore aborted, nothing was changed"
                            + " [backup_id ");
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                    + target + "'")).isZero();
        } else {
            assertThat(s.result.err()).as("what the stopped restore left, named").containsAnyOf("removed again, nothing was loaded into them: `" + target + "`",
                        "restore aborted - data might be corrupted in database(s) `" + target + "`");
        }
        serverIsFree();

        restart(s);
        Definitions.assertSame(Definitions.of(c, target, "src"), source);
    }

    private record Stopped(Cli.Result result, long executionId) {
    }

    /** Runs the CLI, stops its job at {@code breakpoint}, and checks what every stop must show. */
    private Stopped stopAt(String breakpoint, String job, String... args) throws Exception {
        CompletableFuture<Cli.Result> running;
        long execution;
        long stoppedAt;
        try (BreakpointHolder bp = new BreakpointHolder(breakpoint); OperationLogCapture log = new OperationLogCapture()) {
            running = CompletableFuture.supplyAsync(() -> Cli.onServer(args[0], java.util.Arrays.copyOfRange(args, 1, args.length)));
            bp.awaitWaiter();
            SeBatchRuntime runtime = SeBatchRuntime.start(TestRepository.location());
            List<Long> ids = runtime.operator().getRunningExecutions(job);
            assertThat(ids).isNotEmpty();
            execution = Collections.max(ids);
            stoppedAt = System.nanoTime();
            runtime.operator().stop(execution);
            Cli.Result r = running.get(60, TimeUnit.SECONDS);
            System.out.printf("StopIT: %s stopped at %s in %d ms%n", job, breakpoint, (System.nanoTime() - stoppedAt) / 1_000_000);
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().lines().filter(l -> l.startsWith("online-backup: OBK-")).toList()).as(r.toString())
                    .hasSize(1).allMatch(l -> l.startsWith("online-backup: OBK-1010 operation has been interrupted"));
            JobExecution e = runtime.operator().getJobExecution(execution);
            assertThat(e.getBatchStatus()).as(r.toString()).isEqualTo(BatchStatus.STOPPED);
            assertThat(runtime.operator().getStepExecutions(execution)).as("no step failed because of the stop")
                    .allSatisfy(step -> assertThat(step.getBatchStatus()).as(step.getStepName())
                            .isIn(BatchStatus.COMPLETED, BatchStatus.STOPPED));
            String who = job.equals(JobParams.BACKUP_JOB) ? "Backup: " : "Restore: ";
            List<String> lines = log.lines();
            int interrupted = lines.indexOf("[Note] " + who + "Operation has been interrupted");
            assertThat(interrupted).as("the log: " + lines).isNotNegative();
            assertThat(lines.subList(interrupted, lines.size())).as("the log after the interruption")
                    .contains("[ERROR] " + who + "OBK-1010 operation has been interrupted")
                    .anyMatch(l -> l.startsWith("[Warning] " + who + "Operation aborted"));
            Matcher id = Pattern.compile("\\[backup_id (\\d+)]").matcher(r.err());
            assertThat(id.find()).as(r.err()).isTrue();
            try (Connection repository = TestRepository.connect(); Statement st = repository.createStatement();
                 ResultSet rs = st.executeQuery("SELECT backup_state, error_num FROM backup_history WHERE backup_id = " + id.group(1))) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("cancel");
                assertThat(rs.getInt(2)).isEqualTo(1010);
            }
            return new Stopped(r, execution);
        }
    }

    /**
     * The count {@code sql} gives once it is 0, or after 2 s (the lock_wait_timeout the DDL below gets). The server
     * ends a closed connection's session after the client has gone: once in CI, right after the job ended, the 10
     * table locks of snapshot connections the job had closed were still listed.
     */
    private static int settled(Statement st, String sql) throws Exception {
        long end = System.nanoTime() + 2_000_000_000L;
        while (true) {
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                int n = rs.getInt(1);
                if (n == 0 || System.nanoTime() > end) {
                    return n;
                }
            }
            Thread.sleep(50);
        }
    }

    /** No lock of the stopped job is left: the operation lock is free, DDL and writes go through at once. */
    private void serverIsFree() throws Exception {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT IS_USED_LOCK('" + OperationLock.LOCK_NAME + "')")) {
                rs.next();
                assertThat(rs.getObject(1)).as("operation lock holder").isNull();
            }
            assertThat(settled(st, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                    + " AND COMMAND <> 'Sleep' AND USER = '" + TestServer.USER + "'")).as("statements still running").isZero();
            assertThat(settled(st, "SELECT COUNT(*) FROM information_schema.METADATA_LOCK_INFO WHERE THREAD_ID <> CONNECTION_ID()"))
                    .as("metadata locks held (backup stage, tables, user locks)").isZero();
            assertThat(settled(st, "SELECT COUNT(*) FROM information_schema.INNODB_TRX"))
                    .as("transactions (snapshots) still open").isZero();
            st.execute("SET SESSION lock_wait_timeout = 2");
            st.execute("CREATE TABLE " + db + ".after_stop (id INT PRIMARY KEY)");
            st.execute("INSERT INTO " + db + ".after_stop VALUES (1)");
            st.execute("INSERT INTO " + db + ".m VALUES (3)");
            st.execute("SET SESSION lock_wait_timeout = DEFAULT");
        }
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith(".")).toList()).isEmpty();
    }
}
