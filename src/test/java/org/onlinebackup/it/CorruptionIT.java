package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * 1000 random single-byte corruptions of a real image (a backup of tables, a view, a trigger, a routine, an event
 * and a sequence): verify finds every one; 40 of them, chosen at random, are also restored, and each is refused
 * before the database exists, so none restores wrong data.
 */
class CorruptionIT extends DatabaseTestBase {

    @Test
    void everySingleByteCorruptionIsFound() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "USE " + db,
                "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100), b BLOB) ENGINE=InnoDB",
                "INSERT INTO t SELECT seq, CONCAT('row ', seq), RANDOM_BYTES(32) FROM seq_1_to_3000",
                "CREATE TABLE m (id INT PRIMARY KEY) ENGINE=MyISAM", "INSERT INTO m VALUES (1), (2)",
                "CREATE VIEW v AS SELECT id FROM t", "CREATE TRIGGER tr BEFORE INSERT ON m FOR EACH ROW SET NEW.id = NEW.id",
                "CREATE PROCEDURE p() SELECT 1", "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM m",
                "CREATE SEQUENCE s", "USE mysql");
        Path image = dir.resolve("real.obk");
        Cli.Result b = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(b.code()).as(b.toString()).isZero();
        assertThat(Cli.run("verify", image.toString()).code()).isZero();
        TestServer.drop(c, db);
        byte[] original = Files.readAllBytes(image);
        long seed = Long.getLong("obk.corruption.seed", System.nanoTime());
        Random rnd = new Random(seed);
        Path bad = dir.resolve("bad.obk");
        int restored = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] copy = original.clone();
            int at = rnd.nextInt(copy.length);
            copy[at] = (byte) (copy[at] ^ (1 + rnd.nextInt(255)));
            Files.write(bad, copy);
            Cli.Result v = Cli.run("verify", bad.toString());
            assertThat(v.code()).as("byte " + at + " of " + copy.length + " (seed " + seed + "): " + v).isEqualTo(1);
            assertThat(v.err()).startsWith("online-backup: OBK-20");
            if (rnd.nextInt(25) == 0 && restored < 40) {
                restored++;
                Cli.Result r = Cli.onServer("restore", "--verify-first", "--from", bad.toString());
                assertThat(r.code()).as("restore, byte " + at + " (seed " + seed + "): " + r).isEqualTo(1);
                assertThat(r.err()).contains("OBK-20").doesNotContain("data might be corrupted");
                assertThat(TestServer.databaseExists(c, db)).isFalse();
            }
        }
        assertThat(restored).isPositive();
    }
}
