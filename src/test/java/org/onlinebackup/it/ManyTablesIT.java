package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.TestServer;

/**
 * Many small tables, loaded by several partitions at once, each table a short load: the load guard, which asks the
 * server every second whether the loaders' sessions live, must judge only the loads it asked about (one that began
 * between its question and the answer was once taken for ended, and a restore of 100 small databases failed with
 * OBK-1030). The restore completes, equal to the source.
 */
class ManyTablesIT extends DatabaseTestBase {
    private static final int TABLES = 400;

    @Test
    void aRestoreOfManySmallTablesByParallelLoadersCompletesEqual() throws Exception {
        List<String> sql = new ArrayList<>(List.of("CREATE DATABASE " + db));
        for (int t = 0; t < TABLES; t++) {
            sql.add("CREATE TABLE " + db + ".t" + t + " (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB");
            sql.add("INSERT INTO " + db + ".t" + t + " VALUES (1, 'one'), (2, 'two')");
        }
        TestServer.execute(c, sql.toArray(String[]::new));
        Path image = dir.resolve("many.obk");
        Cli.Result b = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(b.code()).as(b.toString()).isZero();
        Map<String, String> source = Definitions.of(c, db, "src");
        String copy = own(db + "_c");
        Cli.Result r = Cli.onServer("restore", "--parallel", "4", "--from", image.toString(), "--rename", db + "=" + copy);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains(TABLES + " table(s)");
        Definitions.assertSame(Definitions.of(c, copy, "src"), source);
    }
}
