package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.image.v1.Header;
import org.onlinebackup.image.v1.ImageReader;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.PrivateServer;
import org.onlinebackup.testing.TestServer;

/**
 * On a server with the binlog on, the image records the binlog file, position and GTID position of its validity
 * point: while the backup is paused just after the validity point, the server's binlog is exactly there, and the
 * rows written during the pause come after it.
 */
class BinlogPositionIT {
    @TempDir
    Path dir;

    @Test
    void theImageRecordsTheBinlogPositionOfItsValidityPoint() throws Exception {
        try (PrivateServer server = PrivateServer.start("binlog", "--log-bin=binlog", "--server-id=7");
             Connection c = server.connect()) {
            TestServer.execute(c, "CREATE DATABASE bl", "CREATE TABLE bl.t (a INT) ENGINE=InnoDB",
                    "INSERT INTO bl.t VALUES (1), (2), (3)");
            Path image = dir.resolve("binlog.obk");
            String file;
            long position;
            String gtid;
            CompletableFuture<Cli.Result> backup;
            try (Connection holder = server.connect()) {
                TestServer.execute(holder, "DO GET_LOCK('backup_cs_locked', 10)");
                List<String> args = new ArrayList<>(List.of("backup"));
                args.addAll(server.cliOptions());
                args.addAll(List.of("--breakpoints", "--databases", "bl", "--to", image.toString()));
                backup = CompletableFuture.supplyAsync(() -> Cli.run(args.toArray(String[]::new)));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                        + " WHERE INFO LIKE '%GET_LOCK(''backup_cs_locked''%' AND ID <> CONNECTION_ID()") == 0) {
                    assertThat(System.nanoTime()).as("the backup reaches backup_cs_locked").isLessThan(until);
                    Thread.sleep(20);
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                    rs.next();
                    file = rs.getString(1);
                    position = rs.getLong(2);
                }
                gtid = TestServer.queryString(c, "SELECT @@gtid_binlog_pos", 1);
                TestServer.execute(c, "INSERT INTO bl.t VALUES (101)");
                TestServer.execute(holder, "DO RELEASE_LOCK('backup_cs_locked')");
            }
            Cli.Result r = backup.get(120, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("3 row(s)");

            Header h = ImageReader.open(image).header();
            assertThat(h.binlogFile()).isEqualTo(file).startsWith("binlog.");
            assertThat(h.binlogPosition()).isEqualTo(position).isPositive();
            assertThat(h.gtidPosition()).isEqualTo(gtid).isNotEmpty();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS IN '" + file + "' FROM " + position)) {
                List<String> after = new ArrayList<>();
                while (rs.next()) {
                    after.add(rs.getString("Info"));
                }
                assertThat(after).anyMatch(info -> info.contains("INSERT INTO bl.t VALUES (101)"));
            }
        }
    }
}
