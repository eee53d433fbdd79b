package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.onlinebackup.image.v3.ImageFormat;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.ImagePatch;
import org.onlinebackup.testing.TestServer;

/**
 * An encrypted image is unreadable and unrestorable without its key, and with another key; it restores with its
 * key; and with every CRC and the image checksum made right again, a chunk altered, two chunks swapped (their
 * sequence numbers swapped back), the catalogue altered or the header altered are each refused by their
 * authentication before anything changes. Its images are not signed, so that what finds each alteration is the
 * encryption's own authentication (AES-GCM).
 */
class EncryptionIT extends DatabaseTestBase {
    private static final String MARKER = "PLAINTEXT-MARKER-";

    private Path key(String name) throws Exception {
        byte[] k = new byte[32];
        new Random().nextBytes(k);
        Path f = dir.resolve(name);
        Files.writeString(f, HexFormat.of().formatHex(k) + "\n");
        return f;
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    private void refused(Path image, Path key, String expected) throws Exception {
        Cli.Result v = Cli.run("verify", "--key-file", key.toString(), image.toString());
        assertThat(v.code()).as(v.toString()).isEqualTo(1);
        assertThat(v.err()).contains(expected);
        Cli.Result r = Cli.onServer("restore", "--verify-first", "--key-file", key.toString(), "--from", image.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(expected);
        assertThat(TestServer.databaseExists(c, db)).isFalse();
    }

    @Test
    void anEncryptedImageNeedsItsKeyAndCannotBeAltered() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "USE " + db,
                "CREATE TABLE secret_table (id INT PRIMARY KEY, v VARCHAR(60)) ENGINE=InnoDB",
                "INSERT INTO secret_table SELECT seq, CONCAT('" + MARKER + "', seq, REPEAT('y', 30)) FROM seq_1_to_40000",
                "USE mysql");
        Path key = key("image.key");
        Path image = dir.resolve("enc.obk");
        Cli.Result b = Cli.onServerAsGiven("backup", "--databases", db, "--key-file", key.toString(), "--to", image.toString());
        assertThat(b.code()).as(b.toString()).isZero();
        TestServer.drop(c, db);
        byte[] bytes = Files.readAllBytes(image);
        assertThat(contains(bytes, MARKER)).as("row data in the clear").isFalse();
        assertThat(contains(bytes, "secret_table")).as("table name in the clear").isFalse();
        List<Integer> records = ImagePatch.records(bytes);
        List<Integer> chunks = ImagePatch.chunks(bytes);
        assertThat(chunks).as("at least two chunks").hasSizeGreaterThan(1);

        Cli.Result list = Cli.run("list", image.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("encryption      AES-256-GCM").doesNotContain("secret_table");
        for (String[] args : List.of(new String[] {"verify", image.toString()},
                new String[] {"list", "--key-file", key("other.key").toString(), image.toString()})) {
            Cli.Result r = Cli.run(args);
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
        }
        Cli.Result noKey = Cli.onServer("restore", "--from", image.toString());
        assertThat(noKey.err()).contains("OBK-2019 image " + image + " is encrypted: give its key");
        refused(image, key("wrong.key"), "OBK-2020 image " + image + " was encrypted with another key");

        Path swapped = dir.resolve("swapped.obk");
        Files.write(swapped, ImagePatch.swapChunks(bytes, 0, 1));
        refused(swapped, key, "OBK-2021 image " + swapped + " has been altered: data chunk ");

        byte[] altered = bytes.clone();
        altered[chunks.get(1) + 5 + ImageFormat.CHUNK_HEAD_SIZE + 3] ^= 0x01;
        Path alteredChunk = dir.resolve("altered-chunk.obk");
        Files.write(alteredChunk, ImagePatch.reseal(altered));
        refused(alteredChunk, key, "OBK-2021 image " + alteredChunk + " has been altered: data chunk ");

        byte[] catalogue = bytes.clone();
        catalogue[records.get(records.size() - 2) + 5 + 3] ^= 0x01;
        Path alteredCatalogue = dir.resolve("altered-catalogue.obk");
        Files.write(alteredCatalogue, ImagePatch.reseal(catalogue));
        refused(alteredCatalogue, key, "has been altered: the catalogue");

        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int version = text.indexOf("10.11");
        assertThat(version).as("the server version in the header").isPositive();
        byte[] header = bytes.clone();
        header[version + 3] = '2';
        Path alteredHeader = dir.resolve("altered-header.obk");
        Files.write(alteredHeader, ImagePatch.reseal(header));
        refused(alteredHeader, key, "has been altered: the catalogue");

        Cli.Result ok = Cli.onServer("restore", "--key-file", key.toString(), "--from", image.toString());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".secret_table WHERE v LIKE '" + MARKER + "%'"))
                .isEqualTo(40000);
    }
}
