package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.connect.Credentials;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.lock.Breakpoint;
import org.onlinebackup.lock.OperationLock;
import org.onlinebackup.runtime.se.SeBatchRuntime;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestKeys;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * {@code bin/online-backup} as a DBA runs it, in a process of its own after {@code mvn package}; and the job
 * repository lets this (later) process see the execution that one ran.
 */
class CliProcessIT extends DatabaseTestBase {
    @BeforeEach
    void setUp() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v TEXT)",
                "INSERT INTO " + db + ".t VALUES (1, 'x'), (2, NULL)");
    }

    record Run(int code, String out, String err) {
    }

    private Run cli(String stdin, String... args) throws Exception {
        return cli(Map.of(), stdin, args);
    }

    private Run cli(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of("bin", "online-backup").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("OBK_LOG_FILE", dir.resolve("cli.log").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("bin/online-backup finished").isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void theScriptBacksUpListsAndReportsErrorsAndALaterProcessSeesTheJob() throws Exception {
        Path image = dir.resolve("proc.obk");
        Run backup = cli(TestServer.PASSWORD + "\n", "backup", "-h", TestServer.HOST, "-P", Integer.toString(TestServer.PORT),
                "-u", TestServer.USER, "-p", "--databases", db, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        assertThat(backup.out().lines()).hasSize(1);
        assertThat(backup.err()).isEmpty();
        assertThat(Files.readString(dir.resolve("cli.log"))).contains("[Note] Backup: Starting backup process",
                "[Note] Backup: Backing up database(s) `" + db + "`", "[Note] Backup: Backup completed");

        Run list = cli("", "list", image.toString());
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains("`" + db + "`.`t`");

        Run again = cli(TestServer.PASSWORD + "\n", "backup", "-h", TestServer.HOST, "-P", Integer.toString(TestServer.PORT),
                "-u", TestServer.USER, "-p", "--databases", db, "--to", image.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().lines()).hasSize(1);
        assertThat(again.err()).startsWith("online-backup: OBK-2009 ");

        Matcher m = Pattern.compile("\\[job execution (\\d+)]").matcher(backup.out());
        assertThat(m.find()).isTrue();
        ServerAddress address = new ServerAddress(TestServer.HOST, TestServer.PORT, null, TestServer.USER);
        Credentials.register(address, TestServer.PASSWORD.toCharArray());
        JobExecution seen = SeBatchRuntime.start(TestRepository.location())
                .operator().getJobExecution(Long.parseLong(m.group(1)));
        assertThat(seen.getJobName()).isEqualTo("backup");
        assertThat(seen.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(seen.getExitStatus()).startsWith("COMPLETED: backed up 1 database(s), 1 table(s), 2 row(s) into " + image);

        Matcher idm = Pattern.compile("\\[backup_id (\\d+)]").matcher(backup.out());
        assertThat(idm.find()).as(backup.out()).isTrue();
        Run history = cli(TestServer.PASSWORD + "\n", "history", "-h", TestServer.HOST, "-P", Integer.toString(TestServer.PORT),
                "-u", TestServer.USER, "-p");
        assertThat(history.code()).as(history.toString()).isZero();
        assertThat(history.out()).containsPattern("(?m)^\\s*" + idm.group(1) + "\\s+backup\\s+complete\\s.*" + Pattern.quote(image.toString()));
    }

    /**
     * Starts {@code bin/online-backup backup --breakpoints} of {@link #db} to {@code image} in a process of its own,
     * its standard output and error in files beside the image ({@link #errorsOf}), its log in {@code cli.log}.
     */
    private Process startBackupWithBreakpoints(Path image) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin", "online-backup").toAbsolutePath().toString(),
                "backup", "--breakpoints", "-h", TestServer.HOST, "-P", Integer.toString(TestServer.PORT),
                "-u", TestServer.USER, "-p" + TestServer.PASSWORD, "--databases", db, "--to", image.toString())
                .redirectOutput(image.resolveSibling(image.getFileName() + ".out").toFile())
                .redirectError(errorsOf(image).toFile());
        pb.environment().put("OBK_LOG_FILE", dir.resolve("cli.log").toString());
        return pb.start();
    }

    private static Path errorsOf(Path image) {
        return image.resolveSibling(image.getFileName() + ".err");
    }

    @Test
    void onlyABackupThatStartedItsJobLeavesTheClassArchiveLaterRunsStartFrom() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        Path archives = cache.resolve("online-backup");

        Run refused = onServer(env, "backup", "--databases", db + "_absent", "--to", dir.resolve("no.obk").toString());
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        Run help = cli(env, "", "backup", "--help");
        assertThat(help.code()).as(help.toString()).isZero();
        assertThat(archivesIn(archives)).as("a run refused before its job, or --help, leaves no archive").isEmpty();

        Run backup = onServer(env, "backup", "--databases", db, "--to", dir.resolve("cds.obk").toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        Run list = cli(env, "", "list", dir.resolve("cds.obk").toString());
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(archivesIn(archives)).as("the archive of the backup that ran its job").hasSize(1)
                .allSatisfy(name -> assertThat(name).matches("[0-9-]+\\.jsa"));
    }

    /** The class archives in {@code dir}, not counting those of runs not yet taken up. */
    private static List<String> archivesIn(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jsa") || n.endsWith(".keep"))
                    .filter(n -> !n.matches(".*\\.[0-9]+\\.jsa")).sorted().toList();
        }
    }

    private Run onServer(String... args) throws Exception {
        return onServer(Map.of(), args);
    }

    private Run onServer(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-h", TestServer.HOST, "-P", Integer.toString(TestServer.PORT), "-u", TestServer.USER, "-p"));
        return cli(env, TestServer.PASSWORD + "\n", all.toArray(String[]::new));
    }

    @Test
    void stopFromAnotherProcessEndsTheJobWhereItRuns() throws Exception {
        Path image = dir.resolve("remote.obk");
        Process p;
        long execution;
        Run stop;
        try (BreakpointHolder bp = new BreakpointHolder(Breakpoint.BACKUP_META)) {
            p = startBackupWithBreakpoints(image);
            bp.awaitWaiter();
            long connection = TestServer.queryLong(c, "SELECT IS_USED_LOCK('" + OperationLock.LOCK_NAME + "')");
            execution = TestRepository.queryLong("SELECT job_execution_id FROM backup_history WHERE connection_id = "
                    + connection + " ORDER BY backup_id DESC LIMIT 1");
            stop = onServer("stop", Long.toString(execution));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(stop.code()).as(stop.toString()).isZero();
        assertThat(stop.out()).startsWith("job execution " + execution + " stopped: OBK-1010 operation has been interrupted");
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(errorsOf(image)))
                .startsWith("online-backup: OBK-1010 operation has been interrupted; backup aborted, no image written [backup_id ");
        assertThat(image).doesNotExist();

        Run again = onServer("stop", Long.toString(execution));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).startsWith("online-backup: OBK-1023 job execution " + execution + " is not running: it is STOPPED");
        Run unknown = onServer("stop", "999999999");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("online-backup: OBK-1022 no job execution 999999999 in the job repository");
    }

    @Test
    void sigtermStopsTheJobAndTheLogFileSaysSo() throws Exception {
        Path image = dir.resolve("terminated.obk");
        Process p;
        try (BreakpointHolder bp = new BreakpointHolder(Breakpoint.BACKUP_CS_LOCKED)) {
            p = startBackupWithBreakpoints(image);
            bp.awaitWaiter();
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).as("an interrupted operation's status, not the signal's").isEqualTo(1);
        assertThat(Files.readString(errorsOf(image))).contains("online-backup: OBK-1010 operation has been interrupted");
        assertThat(Files.readString(dir.resolve("cli.log"))).contains("[Note] Backup: Operation has been interrupted",
                "[ERROR] Backup: OBK-1010 operation has been interrupted", "[Warning] Backup: Operation aborted");
        assertThat(image).doesNotExist();
        assertThat(dir.resolve(".terminated.obk.work")).doesNotExist();
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM running_operation")).isZero();
    }

    /**
     * SIGTERM while a restore streams a large table: the load in flight is cut off at once (the server rolls it back
     * by itself), the process exits 1 with the interruption as its one error, no lock or holder row is left, and the
     * restart loads what is missing.
     */
    @Test
    void sigtermStopsARestoreWhileItLoadsAndItsRestartCompletesIt() throws Exception {
        String src = own(db + "_s");
        TestServer.execute(c, "CREATE DATABASE " + src, "CREATE TABLE " + src + ".big (id INT PRIMARY KEY, v VARCHAR(64))",
                "INSERT INTO " + src + ".big SELECT seq, REPEAT('x', 60) FROM " + src + ".seq_1_to_600000");
        Path image = dir.resolve("big.obk");
        assertThat(Cli.onServer("backup", "--databases", src, "--to", image.toString()).code()).isZero();
        Map<String, String> source = Definitions.of(c, src, "src");
        String target = own(db + "_t");
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin", "online-backup").toAbsolutePath().toString(), "restore",
                "-h", TestServer.HOST, "-P", Integer.toString(TestServer.PORT), "-u", TestServer.USER, "-p" + TestServer.PASSWORD,
                "--trust-key", TestKeys.publicKey().toString(), "--from", image.toString(), "--rename", src + "=" + target)
                .redirectOutput(dir.resolve("restore.out").toFile()).redirectError(dir.resolve("restore.err").toFile());
        pb.environment().put("OBK_LOG_FILE", dir.resolve("cli.log").toString());
        Process p = pb.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE"
                + " 'LOAD DATA LOCAL INFILE%" + target + "%'") == 0) {
            assertThat(p.isAlive()).as("the restore reaches its load").isTrue();
            assertThat(System.nanoTime()).isLessThan(until);
            Thread.sleep(5);
        }
        long at = System.nanoTime();
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.printf("CliProcessIT: SIGTERM while loading: the restore exited %d ms later%n",
                (System.nanoTime() - at) / 1_000_000);
        assertThat(p.exitValue()).isEqualTo(1);
        String err = Files.readString(dir.resolve("restore.err"));
        assertThat(err.lines().filter(l -> l.startsWith("online-backup: OBK-")).toList()).as(err).hasSize(1)
                .allSatisfy(l -> assertThat(l).startsWith("online-backup: OBK-1010 operation has been interrupted"));
        assertThat(TestServer.queryLong(c, "SELECT IS_USED_LOCK('" + OperationLock.LOCK_NAME + "') IS NULL")).isEqualTo(1);
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM running_operation")).isZero();
        Matcher m = Pattern.compile("online-backup restart (\\d+)").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        Cli.Result again = Cli.onServer("restart", m.group(1));
        assertThat(again.code()).as(again.toString()).isZero();
        Definitions.assertSame(Definitions.of(c, target, "src"), source);
    }

    @Test
    void anOperationWhoseProcessWasKilledIsEndedAsInterruptedByTheNextOne() throws Exception {
        Path image = dir.resolve("killed.obk");
        long connection;
        long backupId;
        try (BreakpointHolder bp = new BreakpointHolder(Breakpoint.BACKUP_CS_LOCKED)) {
            Process p = startBackupWithBreakpoints(image);
            bp.awaitWaiter();
            connection = TestServer.queryLong(c, "SELECT IS_USED_LOCK('" + OperationLock.LOCK_NAME + "')");
            backupId = TestRepository.queryLong("SELECT backup_id FROM backup_history WHERE connection_id = "
                    + connection + " ORDER BY backup_id DESC LIMIT 1");
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        for (int i = 0; i < 100 && TestServer.queryLong(c, "SELECT IS_USED_LOCK('" + OperationLock.LOCK_NAME + "') IS NOT NULL") == 1; i++) {
            Thread.sleep(100);
        }
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM running_operation WHERE connection_id = "
                + connection)).as("the killed process left its row").isEqualTo(1);
        assertThat(TestRepository.queryString("SELECT backup_state FROM backup_history WHERE backup_id = "
                + backupId)).isNotIn("complete", "error", "cancel");

        Run history = onServer("history");
        assertThat(history.code()).as(history.toString()).isZero();
        assertThat(history.out()).containsPattern("(?m)^\\s*" + backupId + "\\s+backup\\s+interrupted\\*\\s")
                .contains("* its process ended without finishing it");

        Run next = onServer("backup", "--databases", db, "--to", dir.resolve("next.obk").toString());
        assertThat(next.code()).as(next.toString()).isZero();
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM running_operation WHERE connection_id = "
                + connection)).isZero();
        assertThat(TestRepository.queryString("SELECT backup_state || ' ' || error_num || ' ' || error_message || ' ' ||"
                + " (stop_time IS NOT NULL) FROM backup_history WHERE backup_id = " + backupId))
                .startsWith("cancel 1021 ").contains("the process running it ended without finishing it").endsWith(" 1");
        assertThat(Files.readString(dir.resolve("cli.log"))).contains("Found operation(s) [" + backupId + "] abandoned");
        long execution = TestRepository.queryLong("SELECT job_execution_id FROM backup_history WHERE backup_id = "
                + backupId);
        assertThat(TestRepository.queryString("SELECT BATCHSTATUS || ' ' || (ENDTIME IS NOT NULL) FROM JOB_EXECUTION"
                + " WHERE JOBEXECUTIONID = " + execution)).as("JBeret's record of the killed execution").isEqualTo("STOPPED 1");
        assertThat(TestRepository.queryLong("SELECT COUNT(*) FROM STEP_EXECUTION WHERE JOBEXECUTIONID = "
                + execution + " AND BATCHSTATUS IN ('STARTING', 'STARTED', 'STOPPING')")).isZero();
    }

    @Test
    void aRowTheHeapCannotHoldIsAClearErrorNamingTheTableAndLeavesNoImage() throws Exception {
        TestServer.execute(c, "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, b LONGBLOB)",
                "INSERT INTO " + db + ".big VALUES (1, REPEAT('x', 12582912)), (2, REPEAT('y', 12582912))");
        Path image = dir.resolve("big.obk");
        Run small = onServer(Map.of("OBK_HEAP", "48m"), "backup", "--databases", db, "--to", image.toString());
        assertThat(small.code()).as(small.toString()).isEqualTo(1);
        assertThat(small.err().lines()).as(small.err()).hasSize(1);
        assertThat(small.err()).startsWith("online-backup: OBK-1020 not enough memory to read a row of table `" + db
                + "`.`big`: the Java heap of ").contains("OBK_HEAP");
        assertThat(image).doesNotExist();
        assertThat(dir.resolve(".big.obk.work")).doesNotExist();

        Run usual = onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(usual.code()).as(usual.toString()).isZero();
        assertThat(usual.out()).contains("backed up 1 database(s), 2 table(s), 4 row(s) into " + image);
    }

    private static List<JsonNode> jsonLines(Run r) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            JsonNode n = json.readTree(line);
            assertThat(n.isObject()).as(line).isTrue();
            out.add(n);
        }
        return out;
    }

    private static List<String> events(List<JsonNode> lines) {
        return lines.stream().map(n -> n.get("event").asText()).toList();
    }

    @Test
    void jsonPrintsOneParsableObjectPerEventAndQuietPrintsNothing() throws Exception {
        Path image = dir.resolve("json.obk");
        Run backup = onServer("backup", "--json", "--databases", db, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        List<JsonNode> lines = jsonLines(backup);
        assertThat(events(lines)).startsWith("started", "phase").endsWith("result")
                .contains("planned", "table", "progress");
        assertThat(lines.stream().filter(n -> n.get("event").asText().equals("phase")).map(n -> n.get("phase").asText()))
                .containsExactly("init", "prepare", "validity-point", "data", "finish");
        JsonNode started = lines.get(0);
        assertThat(started.get("operation").asText()).isEqualTo("backup");
        long backupId = started.get("backup_id").asLong();
        JsonNode table = lines.stream().filter(n -> n.get("event").asText().equals("table")).findFirst().orElseThrow();
        assertThat(table.get("table").asText()).isEqualTo("`" + db + "`.`t`");
        assertThat(table.get("rows").asLong()).isEqualTo(2);
        JsonNode result = lines.get(lines.size() - 1);
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("backup_id").asLong()).isEqualTo(backupId);
        assertThat(result.get("message").asText()).startsWith("backed up 1 database(s), 1 table(s), 2 row(s) into " + image);

        Run restore = onServer("restore", "--json", "--overwrite", "--from", image.toString());
        assertThat(restore.code()).as(restore.toString()).isZero();
        List<JsonNode> restoreLines = jsonLines(restore);
        JsonNode planned = restoreLines.stream().filter(n -> n.get("event").asText().equals("planned")).findFirst().orElseThrow();
        assertThat(planned.get("rows").asLong()).isEqualTo(2);
        assertThat(planned.get("estimated").asBoolean()).isFalse();
        JsonNode last = restoreLines.get(restoreLines.size() - 1);
        assertThat(last.get("event").asText()).isEqualTo("result");
        assertThat(last.get("backup_id").asLong()).isGreaterThan(backupId);

        Run failed = onServer("backup", "--json", "--databases", db, "--to", image.toString());
        assertThat(failed.code()).isEqualTo(1);
        List<JsonNode> failedLines = jsonLines(failed);
        JsonNode failure = failedLines.get(failedLines.size() - 1);
        assertThat(failure.get("ok").asBoolean()).isFalse();
        assertThat(failure.get("message").asText()).startsWith("OBK-2009 ");
        assertThat(failed.err()).startsWith("online-backup: OBK-2009 ");
        assertThat(Files.readString(dir.resolve("cli.log"))).contains("[Note] Restore: Starting restore process",
                "[Note] Restore: Restoring database(s) `" + db + "`", "[Note] Restore: Restore completed",
                "online-backup: OBK-2009 ");

        Run quiet = onServer("backup", "--quiet", "--databases", db, "--to", dir.resolve("quiet.obk").toString());
        assertThat(quiet.code()).as(quiet.toString()).isZero();
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.err()).isEmpty();
        assertThat(dir.resolve("quiet.obk")).exists();
    }
}
