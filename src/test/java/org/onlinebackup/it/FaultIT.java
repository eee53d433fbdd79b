package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.runtime.se.SeBatchRuntime;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.OperationLogCapture;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * Errors injected with the job parameter {@code fault} ({@code --inject-fault}): the caller gets the injected error
 * first, also when a stop and the cleanup follow it; a failed operation can be restarted and completes.
 */
class FaultIT extends DatabaseTestBase {

    private void createSource() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".a (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".a SELECT seq, REPEAT(CHAR(97 + seq % 26), 40) FROM " + db + ".seq_1_to_100000",
                "CREATE TABLE " + db + ".b (id INT PRIMARY KEY, v VARCHAR(64)) ENGINE=InnoDB",
                "INSERT INTO " + db + ".b SELECT seq, REPEAT(CHAR(65 + seq % 26), 40) FROM " + db + ".seq_1_to_60000");
    }

    private static long execution(Cli.Result r) {
        Matcher m = Pattern.compile("\\[job execution (\\d+)]").matcher(r.out() + r.err());
        assertThat(m.find()).as(r.toString()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void anInjectedErrorThenAStopReportsTheErrorFirstAndTheInterruptionAfterIt() throws Exception {
        createSource();
        Path image = dir.resolve("source.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--to", image.toString()).code()).isZero();
        String target = own(db + "_r");
        OperationLogCapture capture = new OperationLogCapture();
        Cli.Result r;
        long execution;
        try {
            // a second between chunks: table a is still loading on one partition when table b fails on the other,
            // at its second chunk; then the stop
            CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> Cli.onServer("restore",
                    "--sleep", "1", "--inject-fault", "chunk:" + db + ".b:1", "--parallel", "2", "--from", image.toString(),
                    "--rename", db + "=" + target));
            while (TestRepository.queryLong("SELECT COUNT(*) FROM backup_history WHERE operation = 'restore'"
                    + " AND backup_state IN ('starting', 'running')") == 0 && !running.isDone()) {
                Thread.sleep(20);
            }
            SeBatchRuntime runtime = SeBatchRuntime.start(TestRepository.location());
            execution = Collections.max(runtime.operator().getRunningExecutions(JobParams.RESTORE_JOB));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (TestRepository.queryLong("SELECT COUNT(*) FROM PARTITION_EXECUTION p JOIN"
                    + " STEP_EXECUTION s ON s.STEPEXECUTIONID = p.STEPEXECUTIONID WHERE s.JOBEXECUTIONID = " + execution
                    + " AND p.BATCHSTATUS = 'FAILED'") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            runtime.operator().stop(execution);
            r = running.get(60, TimeUnit.SECONDS);
            assertThat(runtime.operator().getJobExecution(execution).getExitStatus())
                    .as("JBeret's status may say STOPPED or FAILED; the exit status is the first error")
                    .matches("(STOPPED|FAILED): OBK-9002 .*");
        } finally {
            capture.close();
        }
        List<String> log = capture.lines();
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("online-backup: OBK-")).toList();
        assertThat(errors).as(r.toString()).hasSize(1);
        assertThat(errors.get(0)).startsWith("online-backup: OBK-9002 injected fault at chunk:" + db + ".b:1 (job parameter fault,"
                + " for tests)");
        assertThat(TestRepository.queryString("SELECT backup_state || ' ' || error_num FROM backup_history"
                + " WHERE job_execution_id = " + execution)).isEqualTo("error 9002");
        int injected = -1;
        int interrupted = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith("[ERROR] Restore: OBK-9002 injected fault at chunk:" + db + ".b:1")) {
                injected = i;
            } else if (log.get(i).equals("[Note] Restore: Operation has been interrupted") && injected >= 0) {
                interrupted = i;
            }
        }
        assertThat(injected).as("the injected error in the log: " + log).isNotNegative();
        assertThat(interrupted).as("the interruption, logged after the injected error: " + log).isGreaterThan(injected);
    }

    @Test
    void aBackupFailedByAnInjectedFaultIsRestartedWithoutItAndCompletes() throws Exception {
        createSource();
        Path image = dir.resolve("failed.obk");
        Cli.Result failed = Cli.onServer("backup", "--inject-fault", "step:finish", "--databases", db, "--to",
                image.toString());
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err()).startsWith("online-backup: OBK-9002 injected fault at step:finish");
        assertThat(image).doesNotExist();
        assertThat(dir.resolve(".failed.obk.work")).doesNotExist();

        Map<String, String> source = Definitions.of(c, db, "src");
        Cli.Result restart = Cli.onServer("restart", Long.toString(execution(failed)));
        assertThat(restart.code()).as(restart.toString()).isZero();
        String copy = own(db + "_c");
        assertThat(Cli.onServer("restore", "--from", image.toString(), "--rename", db + "=" + copy).code()).isZero();
        Definitions.assertSame(Definitions.of(c, copy, "src"), source);
    }

    @Test
    void eachKindOfPointFailsWhereItSays() throws Exception {
        createSource();
        for (String point : List.of("step:init", "step:validity-point", "step:data", "driver:consistent-snapshot",
                "table:" + db + ".a", "chunk:" + db + ".a:1")) {
            Path image = dir.resolve("f.obk");
            // one partition: table a is one key range, of several chunks
            Cli.Result r = Cli.onServer("backup", "--inject-fault", point, "--parallel", "1", "--databases", db,
                    "--to", image.toString());
            assertThat(r.code()).as(point + ": " + r).isEqualTo(1);
            assertThat(r.err()).as(point).startsWith("online-backup: OBK-9002 injected fault at " + point + " ");
            assertThat(image).doesNotExist();
        }
        Path image = dir.resolve("r.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--to", image.toString()).code()).isZero();
        for (String point : List.of("step:prepare", "chunk:" + db + ".a:0", "step:finish")) {
            String target = own(db + "_" + point.replaceAll("\\W", "_"));
            Cli.Result r = Cli.onServer("restore", "--inject-fault", point, "--from", image.toString(), "--rename",
                    db + "=" + target);
            assertThat(r.code()).as(point + ": " + r).isEqualTo(1);
            assertThat(r.err()).as(point).startsWith("online-backup: OBK-9002 injected fault at " + point + " ");
        }
    }
}
