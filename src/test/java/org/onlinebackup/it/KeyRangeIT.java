package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.image.v3.Summary;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * Tables cut into key ranges: read on several connections, written to one image, restored on several connections.
 * Rows written after the ranges were cut but before the validity point (below the smallest key, above the largest,
 * between) are in the image all the same; a table whose key is not an integer stays whole; the restore on four
 * connections and the one on one connection both give the tables back equal.
 */
class KeyRangeIT extends DatabaseTestBase {
    private long checksum(String database, String table) throws Exception {
        return Long.parseLong(TestServer.queryString(c, "CHECKSUM TABLE " + database + "." + table, 2));
    }

    @Test
    void splitTablesAreReadAndRestoredInRangesAndComeBackEqual() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "USE " + db,
                "CREATE TABLE t (id BIGINT PRIMARY KEY, k INT, v VARCHAR(200), KEY (k)) ENGINE=InnoDB",
                "INSERT INTO t SELECT seq * 3, seq % 1000, REPEAT(CHAR(65 + seq % 26), 150 + seq % 50) FROM seq_1000_to_60000",
                "CREATE TABLE s (code VARCHAR(20) PRIMARY KEY, v VARCHAR(200)) ENGINE=InnoDB",
                "INSERT INTO s SELECT CONCAT('c', seq), REPEAT('s', 180) FROM seq_1_to_20000",
                "ANALYZE TABLE t, s", "USE mysql");
        Path image = dir.resolve("ranges.obk");
        CompletableFuture<Cli.Result> backup;
        try (BreakpointHolder lock = new BreakpointHolder("data_lock")) {
            backup = CompletableFuture.supplyAsync(() -> Cli.onServer("backup", "--breakpoints", "--split-size", "1",
                    "--parallel", "3", "--databases", db, "--to", image.toString()));
            lock.awaitWaiter();
            TestServer.execute(c, "INSERT INTO " + db + ".t VALUES (-7, 1, 'below'), (1000000000000, 2, 'above'),"
                    + " (90001, 3, 'between'), (179999, 4, 'near the end')", "DELETE FROM " + db + ".t WHERE id = 3003",
                    "UPDATE " + db + ".t SET v = 'changed' WHERE id = 150000");
        }
        Cli.Result b = backup.get(120, TimeUnit.SECONDS);
        assertThat(b.code()).as(b.toString()).isZero();
        long t = checksum(db, "t");
        long s = checksum(db, "s");
        long rows = TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".t");

        ImageReader reader = ImageReader.open(image);
        Catalogue cat = reader.catalogue();
        Summary.TableStats split = reader.summary().tables().get(cat.tables().stream()
                .filter(x -> x.name().equals("t")).findFirst().orElseThrow().number());
        Summary.TableStats whole = reader.summary().tables().get(cat.tables().stream()
                .filter(x -> x.name().equals("s")).findFirst().orElseThrow().number());
        assertThat(split.ranges()).isGreaterThan(4);
        assertThat(split.rows()).isEqualTo(rows);
        assertThat(whole.ranges()).isEqualTo(1);
        Cli.Result list = Cli.run("list", image.toString());
        assertThat(list.out()).containsPattern("`" + db + "`\\.`t`\\s+InnoDB\\s+3\\s+" + rows + "\\s+" + split.ranges() + "\\s");

        TestServer.drop(c, db);
        Cli.Result parallel = Cli.onServer("restore", "--parallel", "4", "--from", image.toString());
        assertThat(parallel.code()).as(parallel.toString()).isZero();
        assertThat(checksum(db, "t")).isEqualTo(t);
        assertThat(checksum(db, "s")).isEqualTo(s);
        assertThat(TestServer.queryString(c, "SELECT GROUP_CONCAT(v ORDER BY id) FROM " + db + ".t WHERE id IN"
                + " (-7, 1000000000000, 90001, 179999, 150000)", 1)).isEqualTo("below,between,changed,near the end,above");
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".t WHERE id = 3003")).isZero();

        String copy = own(TestServer.uniqueName("rangecopy"));
        Cli.Result serial = Cli.onServer("restore", "--parallel", "1", "--rename", db + "=" + copy, "--from", image.toString());
        assertThat(serial.code()).as(serial.toString()).isZero();
        assertThat(checksum(copy, "t")).isEqualTo(t);
        assertThat(checksum(copy, "s")).isEqualTo(s);
    }
}
