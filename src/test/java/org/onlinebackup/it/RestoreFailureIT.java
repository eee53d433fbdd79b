package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.image.v2.ByteSink;
import org.onlinebackup.image.v2.DataChunk;
import org.onlinebackup.image.v2.Header;
import org.onlinebackup.image.v2.ImageWriter;
import org.onlinebackup.image.v2.RowPayload;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * An image whose checksums are right but whose rows the server refuses (a duplicate key, a value that is not a
 * number): the load fails instead of skipping rows, and the error says the restored database might be corrupted.
 */
class RestoreFailureIT extends DatabaseTestBase {
    private Path image(String... ids) throws Exception {
        Catalogue cat = new Catalogue(
                List.of(new DatabaseEntry(db, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + db + "`")),
                List.of(new SnapshotEntry("consistent-snapshot", true)),
                List.of(new TableEntry(0, 0, "t", "InnoDB", 0, "CREATE TABLE `t` (`id` int(11) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
                        List.of(new ColumnEntry("id", "int", "int(11)", null, null, true)))));
        ByteSink payload = new ByteSink(64);
        for (String id : ids) {
            RowPayload.writeValue(payload, id.getBytes(StandardCharsets.US_ASCII));
        }
        Path segment = dir.resolve("seg");
        Files.write(segment, DataChunk.frame(0, 0, true, ids.length, payload.array(), payload.size()));
        Path image = dir.resolve("hostile-" + ids.length + ".obk");
        Files.deleteIfExists(image);
        Header h = new Header(Instant.now(), "10.11", "utf8mb4", "utf8mb4_general_ci", Instant.now(), null, -1, null, "test", "h");
        try (ImageWriter w = ImageWriter.create(image, h, cat)) {
            w.appendSegment(segment);
            w.finish();
        }
        return image;
    }

    @Test
    void rowsTheServerRefusesFailTheRestoreAndSaySo() throws Exception {
        Cli.Result dup = Cli.onServer("restore", "--from", image("1", "2", "1").toString());
        assertThat(dup.code()).as(dup.toString()).isEqualTo(1);
        assertThat(dup.err().strip())
                .startsWith("online-backup: OBK-4002 restore of table `" + db + "`.`t` failed")
                .contains("Duplicate entry", "data might be corrupted in database(s) `" + db + "`")
                .doesNotContain("\n");

        Cli.Result notNumber = Cli.onServer("restore", "--overwrite", "--from", image("1", "x").toString());
        assertThat(notNumber.code()).as(notNumber.toString()).isEqualTo(1);
        assertThat(notNumber.err()).contains("OBK-4002", "`" + db + "`.`t`", "data might be corrupted");
    }
}
