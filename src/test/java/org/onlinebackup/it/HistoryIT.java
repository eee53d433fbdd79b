package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.onlinebackup.job.common.JobParams;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * WL#4116's history and progress tables, read on the server with SQL: the row of each operation, its states as
 * progress rows, sizes and times; a failed run's error.
 */
class HistoryIT extends DatabaseTestBase {
    private static final String SCHEMA = JobParams.DEFAULT_REPOSITORY_SCHEMA;

    private static long backupId(Cli.Result r) {
        Matcher m = Pattern.compile("\\[backup_id (\\d+)]").matcher(r.out() + r.err());
        assertThat(m.find()).as("backup_id in " + r).isTrue();
        return Long.parseLong(m.group(1));
    }

    private List<String> states(long id) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT notes FROM " + SCHEMA + ".backup_progress"
                + " WHERE backup_id = ? AND notes LIKE 'state: %' ORDER BY id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).substring("state: ".length()));
                }
            }
        }
        return out;
    }

    private List<String> objects(long id) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT object, notes FROM " + SCHEMA + ".backup_progress"
                + " WHERE backup_id = ? AND object LIKE 'table %' ORDER BY object")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + ": " + rs.getString(2));
                }
            }
        }
        return out;
    }

    private Object history(long id, String column) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM " + SCHEMA + ".backup_history WHERE backup_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("history row " + id).isTrue();
                return rs.getObject(1);
            }
        }
    }

    @Test
    void aBackupAndItsRestoreAreRecordedWithTheirStatesSizesAndTimes() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".a (x INT) ENGINE=InnoDB",
                "INSERT INTO " + db + ".a VALUES (1), (2), (3)", "CREATE TABLE " + db + ".b (x INT) ENGINE=MyISAM");
        Path image = dir.resolve("h.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        long id = backupId(backup);

        assertThat(states(id)).containsExactly("starting", "running", "validity point", "running", "complete");
        assertThat(history(id, "backup_state")).isEqualTo("complete");
        assertThat(history(id, "operation")).isEqualTo("backup");
        assertThat(((Number) history(id, "total_bytes")).longValue()).isEqualTo(Files.size(image));
        assertThat(((Number) history(id, "num_objects")).intValue()).isEqualTo(3);
        assertThat(history(id, "username")).isEqualTo(TestServer.USER);
        assertThat(history(id, "backup_file")).isEqualTo(image.toAbsolutePath().toString());
        assertThat(history(id, "engines")).isEqualTo("InnoDB (consistent-snapshot), MyISAM (locking)");
        assertThat(history(id, "error_num")).isEqualTo(0);
        assertThat((String) history(id, "command")).startsWith("backup ").contains("databases=" + db)
                .doesNotContain(TestServer.PASSWORD);
        Timestamp start = (Timestamp) history(id, "start_time");
        Timestamp vp = (Timestamp) history(id, "validity_point_time");
        Timestamp stop = (Timestamp) history(id, "stop_time");
        assertThat(start).isBeforeOrEqualTo(vp);
        assertThat(vp).isBeforeOrEqualTo(stop);
        assertThat(objects(id)).containsExactly("table `" + db + "`.`a`: 3 row(s)", "table `" + db + "`.`b`: 0 row(s)");

        TestServer.drop(c, db);
        Cli.Result restore = Cli.onServer("restore", "--from", image.toString());
        assertThat(restore.code()).as(restore.toString()).isZero();
        long rid = backupId(restore);
        assertThat(rid).isGreaterThan(id);
        assertThat(states(rid)).containsExactly("starting", "running", "complete");
        assertThat(history(rid, "operation")).isEqualTo("restore");
        assertThat(((Number) history(rid, "total_bytes")).longValue()).isEqualTo(Files.size(image));
        assertThat(objects(rid)).containsExactly("table `" + db + "`.`a`: 3 row(s)", "table `" + db + "`.`b`: 0 row(s)");

        Cli.Result list = Cli.onServer("history", "--limit", "5");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("\\s" + rid + "\\s+restore\\s+complete\\s")
                .containsPattern("\\s" + id + "\\s+backup\\s+complete\\s");
    }

    @Test
    void aBackupWhoseDatabaseIsDroppedAtItsFirstBreakpointIsRecordedAsAnError() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".a (x INT)");
        Path image = dir.resolve("gone.obk");
        CompletableFuture<Cli.Result> backup;
        try (BreakpointHolder bp = new BreakpointHolder("backup_command")) {
            backup = CompletableFuture.supplyAsync(() -> Cli.onServer("backup", "--breakpoints", "--databases", db,
                    "--to", image.toString()));
            bp.awaitWaiter();
            TestServer.drop(c, db);
        }
        Cli.Result r = backup.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("OBK-1003");
        long id = backupId(r);
        assertThat(history(id, "backup_state")).isEqualTo("error");
        assertThat(history(id, "error_num")).isEqualTo(1003);
        assertThat((String) history(id, "error_message")).startsWith("OBK-1003 unknown database");
        assertThat(states(id)).containsExactly("starting", "running", "error");
    }
}
