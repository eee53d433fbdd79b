package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.image.v2.DataChunk;
import org.onlinebackup.image.v2.ImageFormat;
import org.onlinebackup.image.v2.ImageReader;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/** One flipped byte in any data chunk is found by the restore, which names the table and the byte offset. */
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

    record ChunkAt(long offset, int table, int sequence, int length) {
    }

    @Test
    void aFlippedByteInAnyChunkFailsTheRestoreBeforeItChangesAnything() throws Exception {
        Path image = dir.resolve("c.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();

        ImageReader reader = ImageReader.open(image);
        Catalogue cat = reader.catalogue();
        List<ChunkAt> chunks = new ArrayList<>();
        try (ImageReader.Chunks it = reader.chunks(reader.dataStart())) {
            for (DataChunk ch = it.next(); ch != null; ch = it.next()) {
                chunks.add(new ChunkAt(it.lastOffset(), ch.table(), ch.sequence(), ch.payloadLength()));
            }
        }
        assertThat(chunks).hasSizeGreaterThan(3);
        TestServer.drop(c, db);

        byte[] good = Files.readAllBytes(image);
        Random rnd = new Random(11);
        for (ChunkAt ch : chunks) {
            byte[] bad = good.clone();
            int inPayload = ch.length() == 0 ? 0 : rnd.nextInt(ch.length());
            bad[(int) (ch.offset() + 5 + ImageFormat.CHUNK_HEAD_SIZE + inPayload)] ^= (byte) (1 << rnd.nextInt(8));
            Path corrupt = dir.resolve("corrupt.obk");
            Files.write(corrupt, bad);

            Cli.Result r = Cli.onServer("restore", "--from", corrupt.toString());
            String table = cat.qualifiedName(cat.tables().get(ch.table()));
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().strip()).as(r.toString())
                    .startsWith("online-backup: OBK-2006 ")
                    .contains("data chunk " + ch.sequence() + " of table " + table + " at byte offset " + ch.offset())
                    .doesNotContain("\n");
            assertThat(TestServer.databaseExists(c, db)).isFalse();
        }
    }
}
