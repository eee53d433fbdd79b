package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * WL#3324's consistent snapshot test: a backup paused at a breakpoint while another session writes; the restored
 * tables hold exactly what they held at the validity point.
 */
class ConsistentSnapshotIT extends DatabaseTestBase {

    private CompletableFuture<Cli.Result> backupWithBreakpoints(Path image) {
        return CompletableFuture.supplyAsync(() ->
                Cli.onServer("backup", "--breakpoints", "--databases", db, "--to", image.toString()));
    }

    private void restoreFresh(Path image) throws Exception {
        TestServer.drop(c, db);
        Cli.Result r = Cli.onServer("restore", "--from", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
    }

    private List<Integer> values(String sql) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    @Test
    void rowsInsertedWhileTheBackupIsPausedAfterTheSnapshotAreNotInTheImage() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t1 (a INT) ENGINE=InnoDB",
                "INSERT INTO " + db + ".t1 VALUES (1), (2), (3)");
        Path image = dir.resolve("cs.obk");
        CompletableFuture<Cli.Result> backup;
        try (BreakpointHolder bp = new BreakpointHolder("backup_cs_locked")) {
            backup = backupWithBreakpoints(image);
            bp.awaitWaiter();
            TestServer.execute(c, "INSERT INTO " + db + ".t1 VALUES (101), (102), (103)");
            assertThat(values("SELECT a FROM " + db + ".t1 ORDER BY a")).containsExactly(1, 2, 3, 101, 102, 103);
        }
        Cli.Result r = backup.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();

        restoreFresh(image);
        assertThat(values("SELECT a FROM " + db + ".t1 ORDER BY a")).containsExactly(1, 2, 3);
    }

    @Test
    void changesMadeWhileTheBackupIsReadingALargeTableAreNotInTheImage() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, v VARCHAR(200)) ENGINE=InnoDB");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db + ".big VALUES (?, REPEAT('v', 200))")) {
            for (int i = 1; i <= 30_000; i++) {
                ps.setInt(1, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        String before = TestServer.queryString(c, "CHECKSUM TABLE " + db + ".big", 2);
        Path image = dir.resolve("reading.obk");
        CompletableFuture<Cli.Result> backup;
        try (BreakpointHolder bp = new BreakpointHolder("backup_cs_reading")) {
            backup = backupWithBreakpoints(image);
            bp.awaitWaiter();
            TestServer.execute(c,
                    "INSERT INTO " + db + ".big VALUES (30001, 'new'), (30002, 'new')",
                    "UPDATE " + db + ".big SET v = 'changed' WHERE id IN (1, 15000, 30000)",
                    "DELETE FROM " + db + ".big WHERE id BETWEEN 20000 AND 20010");
        }
        Cli.Result r = backup.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("30000 row(s)");

        restoreFresh(image);
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".big")).isEqualTo(30_000);
        assertThat(TestServer.queryString(c, "CHECKSUM TABLE " + db + ".big", 2)).isEqualTo(before);
    }

    @Test
    void myIsamAndMemoryRowsWrittenAfterTheValidityPointAreNotInTheImageEither() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t1 (a INT) ENGINE=InnoDB",
                "CREATE TABLE " + db + ".t2 (a INT) ENGINE=MyISAM",
                "CREATE TABLE " + db + ".t3 (a INT) ENGINE=MEMORY",
                "USE " + db, "CREATE TABLE t4 (a INT) ENGINE=MERGE UNION=(t2) INSERT_METHOD=LAST",
                "INSERT INTO " + db + ".t1 VALUES (1), (2), (3)",
                "INSERT INTO " + db + ".t2 VALUES (1), (2), (3)",
                "INSERT INTO " + db + ".t3 VALUES (1), (2), (3)");
        Path image = dir.resolve("mixed.obk");
        CompletableFuture<Cli.Result> backup;
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        try (BreakpointHolder bp = new BreakpointHolder("backup_cs_locked")) {
            backup = backupWithBreakpoints(image);
            bp.awaitWaiter();
            for (String t : List.of("t1", "t2", "t3")) {
                writes.add(CompletableFuture.runAsync(() -> {
                    try (Connection w = TestServer.connect()) {
                        TestServer.execute(w, "INSERT INTO " + db + "." + t + " VALUES (101), (102), (103)");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            writes.get(0).get(30, TimeUnit.SECONDS);
        }
        Cli.Result r = backup.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (String t : List.of("t1", "t2", "t3")) {
            assertThat(values("SELECT a FROM " + db + "." + t + " ORDER BY a")).as(t).containsExactly(1, 2, 3, 101, 102, 103);
        }

        Catalogue catalogue = ImageReader.open(image).catalogue();
        assertThat(catalogue.snapshots()).containsExactly(new SnapshotEntry("consistent-snapshot", true),
                new SnapshotEntry("no-data", false), new SnapshotEntry("locking", true));
        assertThat(catalogue.tables()).extracting(t -> t.name() + ":" + catalogue.snapshots().get(t.snapshot()).driver())
                .containsExactly("t1:consistent-snapshot", "t2:locking", "t3:locking", "t4:no-data");

        restoreFresh(image);
        for (String t : List.of("t1", "t2", "t3", "t4")) {
            assertThat(values("SELECT a FROM " + db + "." + t + " ORDER BY a")).as(t).containsExactly(1, 2, 3);
        }
        assertThat(TestServer.queryString(c, "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + db + "' AND TABLE_NAME = 't4'", 1)).isEqualTo("MRG_MyISAM");
    }
}
