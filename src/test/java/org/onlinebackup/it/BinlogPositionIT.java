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
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.PrivateServer;
import org.onlinebackup.testing.TestServer;

/**
 * On a server with the binlog on, the image records the binlog file, position and GTID position of its validity
 * point: it lies between the binlog position before the backup and the one while the backup is paused just after
 * its validity point, nothing but the tool's own history rows come between, and the rows written during the pause
 * come after it.
 */
class BinlogPositionIT {
    @TempDir
    Path dir;

    private static long masterPosition(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    @Test
    void theImageRecordsTheBinlogPositionOfItsValidityPoint() throws Exception {
        try (PrivateServer server = PrivateServer.start("binlog", "--log-bin=binlog", "--server-id=7");
             Connection c = server.connect()) {
            TestServer.execute(c, "CREATE DATABASE bl", "CREATE TABLE bl.t (a INT) ENGINE=InnoDB",
                    "INSERT INTO bl.t VALUES (1), (2), (3)");
            long before = masterPosition(c);
            Path image = dir.resolve("binlog.obk");
            String file;
            long position;
            CompletableFuture<Cli.Result> backup;
            try (Connection holder = server.connect()) {
                TestServer.execute(holder, "DO GET_LOCK('backup_cs_locked', 10)");
                List<String> args = new ArrayList<>(List.of("backup"));
                args.addAll(server.cliOptions());
                args.addAll(List.of("--breakpoints", "--databases", "bl", "--to", image.toString()));
                backup = CompletableFuture.supplyAsync(() -> Cli.run(args.toArray(String[]::new)));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                        + " WHERE INFO LIKE '%GET_LOCK(''backup_cs_locked''%' AND STATE = 'User lock' AND ID <> CONNECTION_ID()") == 0) {
                    assertThat(System.nanoTime()).as("the backup reaches backup_cs_locked").isLessThan(until);
                    Thread.sleep(20);
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                    rs.next();
                    file = rs.getString(1);
                    position = rs.getLong(2);
                }
                TestServer.execute(c, "INSERT INTO bl.t VALUES (101)");
                TestServer.execute(holder, "DO RELEASE_LOCK('backup_cs_locked')");
            }
            Cli.Result r = backup.get(120, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("3 row(s)");

            Header h = ImageReader.open(image).header();
            assertThat(h.binlogFile()).isEqualTo(file).startsWith("binlog.");
            assertThat(h.binlogPosition()).isBetween(before, position);
            assertThat(h.gtidPosition()).matches("0-7-\\d+");
            List<String> afterVp = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS IN '" + file + "' FROM " + h.binlogPosition())) {
                while (rs.next()) {
                    afterVp.add(rs.getLong("Pos") + " " + rs.getString("Info"));
                }
            }
            assertThat(afterVp).as("the row inserted during the pause comes after the validity point")
                    .anyMatch(e -> e.contains("INSERT INTO bl.t VALUES (101)"));
            assertThat(afterVp).as("between the validity point and the pause, only the tool's own history rows")
                    .filteredOn(e -> Long.parseLong(e.substring(0, e.indexOf(' '))) < position)
                    .noneMatch(e -> e.contains("bl.t"));
        }
    }
}
