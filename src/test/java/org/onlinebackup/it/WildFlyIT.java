package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.naming.InitialContext;
import javax.sql.DataSource;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.assertj.core.api.Assertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.onlinebackup.runtime.wildfly.WildFlySchedules;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestKeys;
import org.onlinebackup.testing.PrivateServer;
import org.onlinebackup.testing.TestServer;

/**
 * online-backup.war in a managed WildFly: the wildfly-dist the build unpacks into target/wildfly, set up by the
 * README's own command (src/test/wildfly/from-readme runs it: wildfly-config/apply offline, with the driver module,
 * the data sources ObkTarget and ObkRepository, the JDBC job repository, the thread pool, and the WAR deployed).
 * A backup and a restore run through the JobOperator, in the server; then through the management API, from outside,
 * as the README gives its commands and as the admin console does: start-job, the execution's batch-status and
 * exit-status, stop-job, restart-job. The history rows are read in the repository (the database of ObkRepository).
 * The data sources' passwords come from the server's environment.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyIT {
    private static final String DATA_SOURCE = "java:jboss/datasources/ObkTarget";
    private static final String WAR = "online-backup.war";
    private static final Pattern BACKUP_ID = Pattern.compile("\\[backup_id (\\d+)\\]");
    private static final String JBOSS_HOME = "target/wildfly/wildfly-39.0.1.Final";
    /** The README's management commands, which the tests run as it gives them. */
    private static final String START_JOB = "/deployment=online-backup.war/subsystem=batch-jberet:start-job(";
    private static final String READ_EXECUTION = "/deployment=online-backup.war/subsystem=batch-jberet/job=backup/execution=1:read-resource(";

    /**
     * The tests' own deployment, beside the online-backup.war that the README's set-up command deployed (the build
     * runs it: src/test/wildfly/from-readme): the same jobs and classes with the tests', for the JobOperator test in
     * the server. It leaves the schedules to online-backup.war.
     */
    @Deployment(testable = true)
    static WebArchive deployment() {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "online-backup-it.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/online-backup-wildfly.war")));
        String schedules = "/WEB-INF/classes/" + WildFlySchedules.class.getName().replace('.', '/');
        war.getContent(path -> path.get().startsWith(schedules)).keySet().forEach(war::delete);
        war.addClasses(WildFlyIT.class, TestServer.class, Definitions.class, PrivateServer.class, TestKeys.class);
        war.addAsLibraries(new File(Assertions.class.getProtectionDomain().getCodeSource().getLocation().getPath()));
        return war;
    }

    /** In the server: the JobOperator of the deployment starts a backup, then a restore of it under another name. */
    @Test
    @Order(1)
    void aBackupAndARestoreThroughTheJobOperator() throws Exception {
        DataSource ds = (DataSource) new InitialContext().lookup(DATA_SOURCE);
        String db = "obk_wildfly_jo_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        Path dir = Files.createTempDirectory("wildfly-it");
        try (Connection c = ds.getConnection()) {
            database(c, db, 20000);
        }
        try {
            JobOperator jobs = BatchRuntime.getJobOperator();
            Properties backup = new Properties();
            backup.setProperty("dataSource", DATA_SOURCE);
            backup.setProperty("databases", db);
            backup.setProperty("image", dir.resolve("jo.obk").toString());
            JobExecution b = await(jobs, jobs.start("backup", backup));
            assertThat(b.getBatchStatus()).as(b.getExitStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(b.getExitStatus()).contains("backed up 1 database(s), 1 table(s), 20000 row(s)");

            Properties restore = new Properties();
            restore.setProperty("dataSource", DATA_SOURCE);
            restore.setProperty("image", dir.resolve("jo.obk").toString());
            restore.setProperty("rename", db + "=" + db + "_r");
            JobExecution r = await(jobs, jobs.start("restore", restore));
            assertThat(r.getBatchStatus()).as(r.getExitStatus()).isEqualTo(BatchStatus.COMPLETED);
            try (Connection c = ds.getConnection()) {
                assertThat(checksum(c, db + "_r.t")).isEqualTo(checksum(c, db + ".t"));
                assertThat(historyState(c, backupId(b.getExitStatus()))).isEqualTo("complete");
                assertThat(historyState(c, backupId(r.getExitStatus()))).isEqualTo("complete");
            }
        } finally {
            try (Connection c = ds.getConnection()) {
                execute(c, "DROP DATABASE IF EXISTS " + db, "DROP DATABASE IF EXISTS " + db + "_r");
            }
            delete(dir);
        }
    }

    /**
     * From outside, through the management API: start-job runs a backup and a restore; a backup stopped with stop-job
     * ends STOPPED with OBK-1010 and leaves no lock, and restart-job completes it; the history has each of them.
     */
    @Test
    @Order(2)
    @RunAsClient
    void theManagementApiStartsStopsAndRestartsJobs(@ArquillianResource ManagementClient client) throws Exception {
        Path dir = Files.createTempDirectory("wildfly-it");
        String db = TestServer.uniqueName("wildfly_api");
        try (Connection c = TestServer.connect()) {
            database(c, db, 50000,
                    "CREATE VIEW " + db + ".v AS SELECT COUNT(*) AS n FROM " + db + ".t");
            try {
                Path readme = dir.resolve("readme.obk");
                String started = jbossCli(readme(START_JOB).replace("databases=shop", "databases=" + db)
                        .replace("image=/backups/shop.obk", "image=" + readme));
                Matcher id = Pattern.compile("\"result\" => (\\d+)L").matcher(started);
                assertThat(id.find()).as(started).isTrue();
                await(client, "backup", Long.parseLong(id.group(1)));
                String read = jbossCli(readme(READ_EXECUTION).replace("execution=1", "execution=" + id.group(1)));
                assertThat(read).as("the README's commands, as it gives them").contains("\"batch-status\" => \"COMPLETED\"",
                        "\"exit-status\" => \"COMPLETED: backed up 1 database(s), 1 table(s), 1 view(s), 50000 row(s) into " + readme);

                Path image = dir.resolve("api.obk");
                ModelNode backup = await(client, "backup", startJob(client, "backup", Map.of("dataSource", DATA_SOURCE,
                        "databases", db, "image", image.toString(), "signKey", TestKeys.privateKey().toString())));
                assertThat(backup.get("batch-status").asString()).as(backup.toString()).isEqualTo("COMPLETED");
                assertThat(backup.get("exit-status").asString()).contains("backed up 1 database(s)").containsPattern(BACKUP_ID);

                ModelNode nowhere = await(client, "backup", startJob(client, "backup", Map.of("databases", db,
                        "image", dir.resolve("nowhere.obk").toString())));
                assertThat(nowhere.get("batch-status").asString()).as(nowhere.toString()).isEqualTo("FAILED");
                assertThat(nowhere.get("exit-status").asString()).as("no default server behind a job that names none")
                        .startsWith("FAILED: OBK-1009 missing parameter: the server: job parameter dataSource");
                ModelNode relative = await(client, "backup", startJob(client, "backup", Map.of("dataSource", DATA_SOURCE,
                        "databases", db, "image", "relative.obk")));
                assertThat(relative.get("exit-status").asString()).as("not in WildFly's working directory")
                        .contains("OBK-1000 job parameter image must be an absolute path, not 'relative.obk'");

                ModelNode existing = await(client, "restore", startJob(client, "restore", Map.of("dataSource", DATA_SOURCE,
                        "image", image.toString(), "trustKey", TestKeys.publicKey().toString())));
                assertThat(existing.get("exit-status").asString()).as("job parameters, not the command line's options")
                        .contains("OBK-4001 database(s) `" + db + "` already exist on the server; restore with overwrite=true"
                                + " to replace them, or under another name with rename");
                ModelNode restore = await(client, "restore", startJob(client, "restore", Map.of("dataSource", DATA_SOURCE,
                        "image", image.toString(), "rename", db + "=" + db + "_r", "trustKey", TestKeys.publicKey().toString())));
                assertThat(restore.get("batch-status").asString()).as(restore.toString()).isEqualTo("COMPLETED");
                Definitions.assertSame(Definitions.of(c, db + "_r", db), Definitions.of(c, db, db));

                Path slow = dir.resolve("slow.obk");
                long first = startJob(client, "backup", Map.of("dataSource", DATA_SOURCE, "databases", db, "image", slow.toString(),
                        "sleep", "1", "parallel", "1"));
                awaitHistory(c, first, "running");
                execute(client, Operations.createOperation("stop-job", batchOf()), "execution-id", first);
                ModelNode stopped = await(client, "backup", first);
                assertThat(stopped.get("batch-status").asString()).as(stopped.toString()).isEqualTo("STOPPED");
                assertThat(stopped.get("exit-status").asString()).contains("OBK-1010 operation has been interrupted");
                assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                        + " AND (INFO LIKE '%BACKUP STAGE%' OR STATE LIKE '%backup lock%')")).as("nothing left waiting or blocking").isZero();
                assertThat(TestServer.queryString(c, "SELECT IFNULL(IS_USED_LOCK('online_backup.operation'), 'free')", 1)).isEqualTo("free");
                ModelNode restart = Operations.createOperation("restart-job", batchOf());
                restart.get("execution-id").set(first);
                long second = execute(client, restart).asLong();
                ModelNode done = await(client, "backup", second);
                assertThat(done.get("batch-status").asString()).as(done.toString()).isEqualTo("COMPLETED");
                assertThat(slow).exists();

                assertThat(historyState(c, backupId(backup.get("exit-status").asString()))).isEqualTo("complete");
                assertThat(historyState(c, backupId(restore.get("exit-status").asString()))).isEqualTo("complete");
                assertThat(historyState(c, backupId(stopped.get("exit-status").asString()))).isEqualTo("cancel");
                assertThat(historyState(c, backupId(done.get("exit-status").asString()))).isEqualTo("complete");
            } finally {
                TestServer.drop(c, db, db + "_r");
                delete(dir);
            }
        }
    }

    /**
     * A window fires in the server; when it closes on the running backup (3 s), the backup is stopped at its
     * checkpoint; the schedule is then given a longer window, and the next window takes the stopped backup up and
     * finishes it. The claims table says which node ran each window, and the history's comment too.
     */
    @Test
    @Order(3)
    @RunAsClient
    void aWindowStopsItsJobAndTheNextWindowFinishesIt(@ArquillianResource ManagementClient client) throws Exception {
        Path schedules = Path.of(System.getProperty("obk.schedules.file"));
        Path dir = Files.createTempDirectory("wildfly-it");
        String db = TestServer.uniqueName("wildfly_window");
        String name = "window-" + db;
        try (Connection c = TestServer.connect()) {
            database(c, db, 50000);
            try {
                String body = "[" + name + "]\ncron = */15 * * * * *\njob = backup\ndatabases = " + db + "\nimage = " + dir
                        + "/w-{time}.obk\nsleep = 1\nparallel = 1\n";
                Files.writeString(schedules, body + "window = 3s\n");
                long first = firing(c, name, 1);
                ModelNode stopped = await(client, "backup", first);
                assertThat(stopped.get("batch-status").asString()).as(stopped.toString()).isEqualTo("STOPPED");
                assertThat(stopped.get("exit-status").asString()).contains("OBK-1010");
                Files.writeString(schedules, body + "window = 5m\n");
                long second = firing(c, name, 2);
                ModelNode done = await(client, "backup", second);
                assertThat(done.get("batch-status").asString()).as(done.toString()).isEqualTo("COMPLETED");
                assertThat(TestServer.queryString(c, "SELECT GROUP_CONCAT(node) FROM online_backup_jberet.schedule_firing WHERE schedule = '"
                        + name + "'", 1)).isEqualTo("wildfly-it,wildfly-it");
                long backupId = backupId(done.get("exit-status").asString());
                assertThat(historyState(c, backupId)).isEqualTo("complete");
                assertThat(TestServer.queryString(c, "SELECT user_comment FROM online_backup_jberet.backup_history WHERE backup_id = " + backupId, 1))
                        .startsWith("schedule " + name + ", window of ").contains("node wildfly-it, taking up job execution " + first);
                try (Stream<Path> images = Files.list(dir)) {
                    assertThat(images.filter(f -> f.toString().endsWith(".obk")).count()).as("one image, named by the first window").isEqualTo(1);
                }
            } finally {
                Files.deleteIfExists(schedules);
                TestServer.drop(c, db);
                delete(dir);
            }
        }
    }

    /**
     * The server and a {@code bin/online-backup schedule} daemon read one schedule file and claim on one repository:
     * each of five windows of 4 s fired once, by one of them, each with its own image.
     */
    @Test
    @Order(4)
    @RunAsClient
    void twoSchedulersRunEachWindowOnce() throws Exception {
        Path schedules = Path.of(System.getProperty("obk.schedules.file"));
        Path dir = Files.createTempDirectory("wildfly-it");
        String db = TestServer.uniqueName("wildfly_two");
        String name = "two-" + db;
        try (Connection c = TestServer.connect()) {
            execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "INSERT INTO " + db + ".t VALUES (1)");
            Files.writeString(schedules, "[" + name + "]\ncron = */4 * * * * *\nwindow = 3s\njob = backup\ndatabases = " + db
                    + "\nimage = " + dir + "/two-{time}.obk\n");
            List<String> cmd = new ArrayList<>(List.of(Path.of("bin", "online-backup").toAbsolutePath().toString(),
                    "schedule", "--file", schedules.toString(), "--node", "se-daemon",
                    "--repository", "mariadb://" + TestServer.USER + "@" + TestServer.HOST + ":" + TestServer.PORT + "/online_backup_jberet"));
            cmd.addAll(TestServer.cliOptions());
            Process daemon = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("daemon.out").toFile()).start();
            try {
                // five windows of 4 s, claimed by one scheduler or the other (2 minutes at most)
                String claimed = "SELECT COUNT(*) FROM online_backup_jberet.schedule_firing WHERE schedule = '" + name + "'";
                long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (windowsClaimed(c, claimed) < 5) {
                    assertThat(System.nanoTime()).as("five windows of " + name + " claimed").isLessThan(until);
                    Thread.sleep(200);
                }
            } finally {
                Files.deleteIfExists(schedules);
                daemon.destroy();
                daemon.waitFor();
            }
            // the jobs of the last windows end by themselves, or are stopped at their window's end
            String going = "SELECT COUNT(*) FROM online_backup_jberet.backup_history WHERE user_comment LIKE 'schedule " + name
                    + ",%' AND backup_state IN ('starting', 'running', 'validity point')";
            long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (TestServer.queryLong(c, going) > 0) {
                assertThat(System.nanoTime()).as("the scheduled jobs end").isLessThan(until);
                Thread.sleep(200);
            }
            long windows = TestServer.queryLong(c, "SELECT COUNT(*) FROM online_backup_jberet.schedule_firing WHERE schedule = '" + name + "'");
            long ran = TestServer.queryLong(c, "SELECT COUNT(*) FROM online_backup_jberet.schedule_firing WHERE schedule = '" + name
                    + "' AND execution_id IS NOT NULL");
            long histories = TestServer.queryLong(c, "SELECT COUNT(*) FROM online_backup_jberet.backup_history WHERE user_comment LIKE 'schedule "
                    + name + ",%'");
            System.out.println("WildFlyIT: " + windows + " windows, run by " + TestServer.queryString(c,
                    "SELECT GROUP_CONCAT(node ORDER BY opening) FROM online_backup_jberet.schedule_firing WHERE schedule = '" + name + "'", 1));
            assertThat(windows).as("windows, every 4 s").isGreaterThanOrEqualTo(4);
            assertThat(ran).as("each window started one job").isEqualTo(windows);
            assertThat(histories).as("one history row per window").isEqualTo(windows);
            long completed = TestServer.queryLong(c, "SELECT COUNT(*) FROM online_backup_jberet.backup_history WHERE"
                    + " user_comment LIKE 'schedule " + name + ",%' AND backup_state = 'complete'");
            assertThat(completed).as("jobs that completed in their window (on a slow machine some are stopped at its end)")
                    .isPositive();
            try (Stream<Path> images = Files.list(dir)) {
                assertThat(images.filter(f -> f.toString().endsWith(".obk")).count()).as("an image per completed job")
                        .isEqualTo(completed);
            }
            assertThat(Files.readString(dir.resolve("daemon.out"))).contains("scheduling the windows of " + schedules + " as node se-daemon");
        } finally {
            try (Connection c = TestServer.connect()) {
                TestServer.drop(c, db);
            }
            delete(dir);
        }
    }

    /**
     * Several servers, one data source each, named in the job parameter: a second MariaDB server (private, started
     * here) gets a data source through the management API; a backup of the first server restores onto it equal, and
     * its own history records the restore.
     */
    @Test
    @Order(5)
    @RunAsClient
    void eachServerIsADataSourceNamedInTheJob(@ArquillianResource ManagementClient client) throws Exception {
        Path dir = Files.createTempDirectory("wildfly-it");
        String db = TestServer.uniqueName("wildfly_two_servers");
        ModelNode second = Operations.createAddress("subsystem", "datasources", "data-source", "ObkSecond");
        try (PrivateServer other = PrivateServer.start("wildfly-second"); Connection c = TestServer.connect();
             Connection o = other.connect()) {
            ModelNode add = Operations.createAddOperation(second);
            add.get("jndi-name").set("java:jboss/datasources/ObkSecond");
            add.get("driver-name").set("mariadb");
            add.get("connection-url").set("jdbc:mariadb://127.0.0.1:" + other.cliOptions().get(3) + "/");
            add.get("user-name").set(PrivateServer.USER);
            add.get("password").set(PrivateServer.PASSWORD);
            add.get("jta").set(false);
            add.get("min-pool-size").set(0);
            add.get("validate-on-match").set(true);
            add.get("valid-connection-checker-class-name").set("org.jboss.jca.adapters.jdbc.extensions.mysql.MySQLValidConnectionChecker");
            add.get("exception-sorter-class-name").set("org.jboss.jca.adapters.jdbc.extensions.mysql.MySQLExceptionSorter");
            execute(client, add);
            try {
                database(c, db, 1000);
                Path image = dir.resolve("first.obk");
                ModelNode backup = await(client, "backup", startJob(client, "backup", Map.of("dataSource", DATA_SOURCE,
                        "databases", db, "image", image.toString(), "signKey", TestKeys.privateKey().toString())));
                assertThat(backup.get("batch-status").asString()).as(backup.toString()).isEqualTo("COMPLETED");
                ModelNode restore = await(client, "restore", startJob(client, "restore", Map.of("dataSource",
                        "java:jboss/datasources/ObkSecond", "image", image.toString(), "trustKey", TestKeys.publicKey().toString())));
                assertThat(restore.get("batch-status").asString()).as(restore.toString()).isEqualTo("COMPLETED");
                Definitions.assertSame(Definitions.of(o, db, db), Definitions.of(c, db, db));
                assertThat(historyState(c, backupId(restore.get("exit-status").asString()))).as("the restore's history, in the"
                        + " repository").isEqualTo("complete");
                assertThat(TestServer.queryLong(o, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE"
                        + " 'online\\_backup%'")).as("nothing of ours on the second server").isZero();
            } finally {
                execute(client, Operations.createRemoveOperation(second));
                TestServer.drop(c, db);
                delete(dir);
            }
        }
    }

    /** The windows {@code count} (a query of the claims) finds; 0 while no scheduler has made the claims' table. */
    private static long windowsClaimed(Connection c, String count) throws SQLException {
        try {
            return TestServer.queryLong(c, count);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return 0;
            }
            throw e;
        }
    }

    /** The execution id of the {@code n}th window of {@code schedule} once it has one (2 minutes at most). */
    private static long firing(Connection c, String schedule, int n) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT execution_id FROM online_backup_jberet.schedule_firing WHERE schedule = '" + schedule
                         + "' AND execution_id IS NOT NULL ORDER BY opening LIMIT " + (n - 1) + ", 1")) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            } catch (SQLException notYet) {
                // the table is made by the scheduler when it starts
            }
            assertThat(System.nanoTime()).as("window " + n + " of " + schedule + " fired").isLessThan(end);
            Thread.sleep(250);
        }
    }

    private static ModelNode batchOf() {
        return Operations.createAddress("deployment", WAR, "subsystem", "batch-jberet");
    }

    private static long startJob(ManagementClient client, String job, Map<String, String> properties) throws Exception {
        ModelNode op = Operations.createOperation("start-job", batchOf());
        op.get("job-xml-name").set(job);
        properties.forEach((k, v) -> op.get("properties").get(k).set(v));
        return execute(client, op).asLong();
    }

    private static ModelNode execute(ManagementClient client, ModelNode op, String name, long value) throws Exception {
        op.get(name).set(value);
        return execute(client, op);
    }

    private static ModelNode execute(ManagementClient client, ModelNode op) throws Exception {
        ModelNode result = client.getControllerClient().execute(op);
        assertThat(Operations.isSuccessfulOutcome(result)).as(result.toString()).isTrue();
        return Operations.readResult(result);
    }

    /** The execution's resource once its batch status is no longer STARTING, STARTED or STOPPING (at most 2 minutes). */
    private static ModelNode await(ManagementClient client, String job, long execution) throws Exception {
        ModelNode address = Operations.createAddress("deployment", WAR, "subsystem", "batch-jberet", "job", job,
                "execution", Long.toString(execution));
        ModelNode read = Operations.createReadResourceOperation(address);
        read.get("include-runtime").set(true);
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            ModelNode outcome = client.getControllerClient().execute(read.clone());
            if (!Operations.isSuccessfulOutcome(outcome)) {
                // a restarted execution shows in the model a moment after restart-job returns its id
                assertThat(System.nanoTime()).as(outcome.toString()).isLessThan(end);
                Thread.sleep(200);
                continue;
            }
            ModelNode r = Operations.readResult(outcome);
            String status = r.get("batch-status").asString();
            // JBeret ends the batch status before the job listener writes the exit status (the outcome, the backup id)
            boolean ended = !status.equals("STARTING") && !status.equals("STARTED") && !status.equals("STOPPING");
            if (ended && !r.get("exit-status").asString().equals(status)) {
                return r;
            }
            assertThat(System.nanoTime()).as("execution " + execution + " still " + status).isLessThan(end);
            Thread.sleep(200);
        }
    }

    /** The line of README.md that begins with {@code start}: the management command it gives. */
    private static String readme(String start) throws IOException {
        return Files.readAllLines(Path.of("README.md")).stream().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no line beginning with " + start));
    }

    /** Runs a management command with WildFly's jboss-cli.sh, connected to the test's server; returns what it printed. */
    private static String jbossCli(String command) throws Exception {
        Process p = new ProcessBuilder(JBOSS_HOME + "/bin/jboss-cli.sh", "--connect", "--controller=127.0.0.1:10090",
                "--command=" + command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(command + "\n" + out).isZero();
        return out;
    }

    /** Waits until the history row of job execution {@code execution} is in {@code state} (2 minutes at most). */
    private static void awaitHistory(Connection c, long execution, String state) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (TestServer.queryLong(c, "SELECT COUNT(*) FROM online_backup_jberet.backup_history WHERE job_execution_id = "
                + execution + " AND backup_state = '" + state + "'") == 0) {
            assertThat(System.nanoTime()).as("job execution " + execution + " " + state).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static JobExecution await(JobOperator jobs, long execution) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JobExecution e = jobs.getJobExecution(execution);
            BatchStatus s = e.getBatchStatus();
            if (s != BatchStatus.STARTING && s != BatchStatus.STARTED && s != BatchStatus.STOPPING) {
                return e;
            }
            assertThat(System.nanoTime()).as("execution " + execution + " still " + s).isLessThan(end);
            Thread.sleep(200);
        }
    }

    private static long backupId(String exitStatus) {
        Matcher m = BACKUP_ID.matcher(exitStatus);
        assertThat(m.find()).as(exitStatus).isTrue();
        return Long.parseLong(m.group(1));
    }

    /**
     * The final state of the history row of {@code backupId}. The batch status is COMPLETED before the job listener
     * has ended (it reads that status), so the row may say running for a moment longer: waited for, 10 s at most.
     */
    private static String historyState(Connection c, long backupId) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT backup_state FROM online_backup_jberet.backup_history WHERE backup_id = " + backupId)) {
                assertThat(rs.next()).as("history row of backup_id " + backupId).isTrue();
                String state = rs.getString(1);
                if (!state.equals("running") && !state.equals("starting") && !state.equals("validity point") || System.nanoTime() > end) {
                    return state;
                }
            }
            Thread.sleep(100);
        }
    }

    private static String checksum(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("CHECKSUM TABLE " + table + " EXTENDED")) {
            rs.next();
            return rs.getString(2);
        }
    }

    /** Database {@code db} with table {@code t} of {@code rows} rows, and the statements given. */
    private static void database(Connection c, String db, int rows, String... more) throws SQLException {
        execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(40))",
                "INSERT INTO " + db + ".t SELECT seq, CONCAT('row ', seq) FROM " + db + ".seq_1_to_" + rows);
        execute(c, more);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void execute(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
