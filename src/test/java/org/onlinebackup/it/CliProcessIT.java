package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.connect.Credentials;
import org.onlinebackup.connect.ServerAddress;
import org.onlinebackup.runtime.se.SeBatchRuntime;
import org.onlinebackup.testing.DatabaseTestBase;
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
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of("bin", "online-backup").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("OBK_LOG_FILE", dir.resolve("cli.log").toString());
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
        JobExecution seen = SeBatchRuntime.start(address, SeBatchRuntime.DEFAULT_REPOSITORY_SCHEMA)
                .operator().getJobExecution(Long.parseLong(m.group(1)));
        assertThat(seen.getJobName()).isEqualTo("backup");
        assertThat(seen.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(seen.getExitStatus()).startsWith("COMPLETED: backed up 1 database(s), 1 table(s), 2 row(s) into " + image);
    }
}
