package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * The password comes from a prompt or an option file, never reaches a job parameter, and the job repository on the
 * server keeps each execution for later processes.
 */
class CredentialsIT extends DatabaseTestBase {
    @BeforeEach
    void setUp() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + db + ".t VALUES (1)");
    }

    @Test
    void promptedPasswordWorksAndIsInNoJobParameter() throws Exception {
        Path image = dir.resolve("p.obk");
        Cli.Result r = Cli.runWithInput(TestServer.PASSWORD + "\n", "backup", "--host", TestServer.HOST,
                "--port", Integer.toString(TestServer.PORT), "--user", TestServer.USER, "-p",
                "--databases", db, "--to", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(TestServer.PASSWORD);

        long execution = executionId(r.out());
        try (Connection repository = TestRepository.connect(); PreparedStatement ps = repository.prepareStatement(
                "SELECT JOBPARAMETERS, BATCHSTATUS, EXITSTATUS FROM JOB_EXECUTION WHERE JOBEXECUTIONID = ?")) {
            ps.setLong(1, execution);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("execution %d in the job repository", execution).isTrue();
                assertThat(rs.getString(1)).contains(db, image.toString()).doesNotContain(TestServer.PASSWORD);
                assertThat(rs.getString(2)).isEqualTo("COMPLETED");
                assertThat(rs.getString(3)).startsWith("COMPLETED: backed up 1 database(s)");
            }
        }
    }

    @Test
    void optionFileGivesTheConnection() throws Exception {
        Path cnf = dir.resolve("backup.cnf");
        Files.writeString(cnf, "[client]\nhost = " + TestServer.HOST + "\nport = " + TestServer.PORT
                + "\nuser = " + TestServer.USER + "\npassword = \"" + TestServer.PASSWORD + "\"\n");
        Path image = dir.resolve("f.obk");
        Cli.Result r = Cli.run("backup", "--defaults-file", cnf.toString(), "--databases", db, "--to", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        for (String command : new String[] {"list", "verify"}) {
            Cli.Result offline = Cli.run(command, "--defaults-file", cnf.toString(), image.toString());
            assertThat(offline.code()).as(command + " takes the option-file options every client takes: " + offline).isZero();
        }

        Cli.Result missing = Cli.run("backup", "--defaults-file", dir.resolve("none.cnf").toString(), "--databases", db,
                "--to", dir.resolve("g.obk").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("online-backup: OBK-1006 ");
    }

    @Test
    void unixSocketConnects() throws Exception {
        Path socket = Path.of(System.getenv().getOrDefault("OBK_TEST_SOCKET", "/run/mysqld/mysqld.sock"));
        Assumptions.assumeTrue(Files.exists(socket), "no local server socket at " + socket);
        Cli.Result r = Cli.run("backup", "--host", "localhost", "--socket", socket.toString(), "--user", TestServer.USER,
                "--password=" + TestServer.PASSWORD, "--databases", db, "--to", dir.resolve("s.obk").toString());
        assertThat(r.code()).as(r.toString()).isZero();
    }

    private static long executionId(String out) {
        Matcher m = Pattern.compile("\\[job execution (\\d+)]").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
