package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.image.v3.ChunkIndex;
import org.onlinebackup.image.v3.ImageFormat;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/** One flipped byte in any data chunk is found by the restore, which names the chunk, its table and its byte offset. */
class CorruptChunkIT extends DatabaseTestBase {
    @BeforeEach
    void setUp() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".wide (id INT PRIMARY KEY, b BLOB)",
                "CREATE TABLE " + db + ".small (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO " + db + ".small VALUES (1, 'a'), (2, 'b')");
        Random rnd = new Random(7);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + db + ".wide VALUES (?, ?)")) {
            for (int i = 0; i < 120; i++) {
                byte[] b = new byte[30_000];
                rnd.nextBytes(b);
                ps.setInt(1, i);
                ps.setBytes(2, b);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * A flipped byte in the stored payload of each chunk in turn: with --verify-first the restore refuses the image
     * before it changes anything, naming the chunk, its table and its byte offset.
     */
    @Test
    void aFlippedByteInAnyChunkFailsAVerifiedRestoreBeforeItChangesAnything() throws Exception {
        Path image = dir.resolve("c.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        ImageReader reader = ImageReader.open(image);
        Catalogue cat = reader.catalogue();
        List<ChunkIndex.Entry> chunks = new ArrayList<>(reader.index().entries());
        chunks.sort(Comparator.comparingLong(ChunkIndex.Entry::offset));
        assertThat(chunks).hasSizeGreaterThan(3);
        TestServer.drop(c, db);

        byte[] good = Files.readAllBytes(image);
        Random rnd = new Random(11);
        for (ChunkIndex.Entry ch : chunks) {
            Path corrupt = corrupt(good, ch, rnd);
            Cli.Result r = Cli.onServer("restore", "--verify-first", "--from", corrupt.toString());
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().strip()).as(r.toString())
                    .startsWith("online-backup: OBK-2006 ")
                    .contains(named(cat, ch))
                    .doesNotContain("\n");
            assertThat(TestServer.databaseExists(c, db)).isFalse();
        }
    }

    /**
     * Without --verify-first a restore reads the image once: a damaged chunk well into a table fails the restore
     * when the load comes to it. Each table loads in one transaction, so the table with the damaged chunk is left
     * empty, and the tables loaded before it are complete; the failure names the chunk and the database.
     */
    @Test
    void aFlippedByteFailsASinglePassRestoreWhereItIsAndNamesWhatItChanged() throws Exception {
        TestServer.execute(c, "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, b VARBINARY(1024))",
                "INSERT INTO " + db + ".big SELECT seq, RANDOM_BYTES(1024) FROM mysql.seq_1_to_14000");
        Path image = dir.resolve("d.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        ImageReader reader = ImageReader.open(image);
        Catalogue cat = reader.catalogue();
        int wide = cat.tables().stream().filter(t -> t.name().equals("wide")).findFirst().orElseThrow().number();
        List<ChunkIndex.Entry> chunks = reader.index().of(wide);
        assertThat(chunks).hasSizeGreaterThan(2);
        TestServer.drop(c, db);

        Path corrupt = corrupt(Files.readAllBytes(image), chunks.get(2), new Random(5));
        Cli.Result r = Cli.onServer("restore", "--parallel", "1", "--from", corrupt.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip()).as(r.toString())
                .startsWith("online-backup: OBK-2006 ")
                .contains(named(cat, chunks.get(2)), "data might be corrupted in database(s) `" + db + "`")
                .doesNotContain("\n");
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".big")).isEqualTo(14000);
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".wide")).isZero();
    }

    private Path corrupt(byte[] good, ChunkIndex.Entry ch, Random rnd) throws Exception {
        byte[] bad = good.clone();
        int head = 5 + ImageFormat.CHUNK_HEAD_SIZE;
        int stored = (int) ch.size() - ImageFormat.RECORD_OVERHEAD - ImageFormat.CHUNK_HEAD_SIZE;
        bad[(int) ch.offset() + head + (stored == 0 ? 0 : rnd.nextInt(stored))] ^= (byte) (1 << rnd.nextInt(8));
        Path corrupt = dir.resolve("corrupt.obk");
        Files.write(corrupt, bad);
        return corrupt;
    }

    private static String named(Catalogue cat, ChunkIndex.Entry ch) {
        return "data chunk " + ch.sequence() + " of table " + cat.qualifiedName(cat.tables().get(ch.table()))
                + " at byte offset " + ch.offset();
    }
}
