package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * A backup that fails in its data step (a table whose tablespace was discarded cannot be read) names the table,
 * and leaves no image and no work directory behind.
 */
class FailedBackupIT extends DatabaseTestBase {
    @BeforeEach
    void setUp() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".a_ok (id INT PRIMARY KEY)", "INSERT INTO " + db + ".a_ok VALUES (1), (2)",
                "CREATE TABLE " + db + ".b_gone (id INT PRIMARY KEY) ENGINE=InnoDB",
                "ALTER TABLE " + db + ".b_gone DISCARD TABLESPACE");
    }

    @Test
    void aFailedBackupLeavesNothingThatLooksLikeAnImage() throws Exception {
        Path image = dir.resolve("f.obk");
        Cli.Result r = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip())
                .startsWith("online-backup: OBK-3003 backup of table `" + db + "`.`b_gone` failed: server error 1814")
                .doesNotContain("\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no image, no work directory").isEmpty();
        }
    }
}
