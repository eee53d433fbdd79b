package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * After a backup and a restore run by {@code bin/online-backup} in processes of their own, with a password (from an
 * option file) and an image key (from a key file), neither the password nor the key is found in the repository
 * tables (job executions and their parameters, history, progress), the log file, the image, or the process list
 * taken while each run was paused at a breakpoint.
 */
class SecretsIT extends DatabaseTestBase {

    @Test
    void neitherThePasswordNorTheKeyIsWrittenAnywhere() throws Exception {
        Random rnd = new Random();
        String user = db.substring(0, Math.min(30, db.length())) + "_s";
        String password = "pw-" + Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong());
        byte[] keyBytes = new byte[32];
        rnd.nextBytes(keyBytes);
        String key = HexFormat.of().formatHex(keyBytes);
        Path keyFile = dir.resolve("image.key");
        Files.writeString(keyFile, key);
        Path options = dir.resolve("my.cnf");
        Files.writeString(options, "[client]\nuser=" + user + "\npassword=" + password + "\nhost=" + TestServer.HOST
                + "\nport=" + TestServer.PORT + "\n");
        Files.setPosixFilePermissions(options, PosixFilePermissions.fromString("rw-------"));
        TestServer.execute(c, "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT ALL PRIVILEGES ON *.* TO '" + user + "'@'%'",
                "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v TEXT)",
                "INSERT INTO " + db + ".t VALUES (1, 'a'), (2, 'b')");
        Path log = dir.resolve("cli.log");
        Path image = dir.resolve("secret.obk");
        List<String> seen = new ArrayList<>();
        try {
            seen.add(run(log, "backup_cs_locked", "backup", "--defaults-file=" + options, "--breakpoints", "--databases", db,
                    "--key-file", keyFile.toString(), "--to", image.toString()));
            TestServer.drop(c, db);
            seen.add(run(log, "restore_data", "restore", "--defaults-file=" + options, "--breakpoints", "--key-file",
                    keyFile.toString(), "--from", image.toString()));
            assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".t")).isEqualTo(2);

            seen.add(Files.readString(log));
            seen.add(new String(Files.readAllBytes(image), StandardCharsets.ISO_8859_1));
            seen.add(repository());
            String keyLatin1 = new String(keyBytes, StandardCharsets.ISO_8859_1);
            for (String where : seen) {
                assertThat(where).doesNotContain(password).doesNotContain(key).doesNotContain(key.toUpperCase())
                        .doesNotContain(keyLatin1);
            }
            assertThat(seen.get(0)).as("the process list shows the run").contains("online-backup", "backup");
            assertThat(seen.get(4)).as("the repository holds the runs").contains(image.toString());
        } finally {
            TestServer.execute(c, "DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    /** Runs bin/online-backup, paused at {@code breakpoint} while the process list is taken; returns that list. */
    private String run(Path log, String breakpoint, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of("bin", "online-backup").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("OBK_LOG_FILE", log.toString());
        pb.environment().remove("OBK_KEY");
        String processes;
        Process p;
        try (BreakpointHolder hold = new BreakpointHolder(breakpoint)) {
            p = pb.start();
            hold.awaitWaiter();
            Process ps = new ProcessBuilder("ps", "-eo", "pid,args", "--no-headers").redirectErrorStream(true).start();
            processes = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ps.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isZero();
        return processes;
    }

    /** Every row of every table of the repository schema, as text. */
    private String repository() throws Exception {
        StringBuilder b = new StringBuilder();
        List<String> tables = new ArrayList<>();
        try (Connection r = TestRepository.connect(); Statement s = r.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).contains("backup_history", "backup_progress");
        for (String t : tables) {
            try (Connection r = TestRepository.connect(); Statement s = r.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM \"" + t + "\"")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        b.append(v instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(v)).append('\t');
                    }
                    b.append('\n');
                }
            }
        }
        return b.toString();
    }
}
