package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
import org.onlinebackup.repository.Repository;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestRepository;
import org.onlinebackup.testing.TestServer;

/**
 * WL#4116's history and progress tables, read on the server with SQL: the row of each operation, its states as
 * progress rows, sizes and times; a failed run's error.
 */
class HistoryIT extends DatabaseTestBase {
    private static final String SCHEMA = TestRepository.location().text();
    private static final String COMMENT = "nightly, \u00e9t\u00e9 \u2603 'quoted'";

    private static long backupId(Cli.Result r) {
        Matcher m = Pattern.compile("\\[backup_id (\\d+)]").matcher(r.out() + r.err());
        assertThat(m.find()).as("backup_id in " + r).isTrue();
        return Long.parseLong(m.group(1));
    }

    private List<String> states(long id) throws Exception {
        return states(SCHEMA, id);
    }

    /** A connection to the repository at {@code location}. */
    private static Connection repository(String location) {
        return Repository.open(Repository.Location.parse(location)).connection();
    }

    private List<String> states(String repo, long id) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection r = repository(repo); PreparedStatement ps = r.prepareStatement("SELECT notes FROM backup_progress"
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
        try (Connection r = repository(SCHEMA); PreparedStatement ps = r.prepareStatement("SELECT object, notes FROM backup_progress"
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
        try (Connection r = repository(SCHEMA);
             PreparedStatement ps = r.prepareStatement("SELECT " + column + " FROM backup_history WHERE backup_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("history row " + id).isTrue();
                return column.endsWith("_time") ? rs.getTimestamp(1) : rs.getObject(1);
            }
        }
    }

    @Test
    void aBackupAndItsRestoreAreRecordedWithTheirStatesSizesAndTimes() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".a (x INT) ENGINE=InnoDB",
                "INSERT INTO " + db + ".a VALUES (1), (2), (3)", "CREATE TABLE " + db + ".b (x INT) ENGINE=MyISAM");
        Path image = dir.resolve("h.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", db, "--to", image.toString(), "--comment", COMMENT);
        assertThat(backup.code()).as(backup.toString()).isZero();
        long id = backupId(backup);
        assertThat(history(id, "user_comment")).isEqualTo(COMMENT);

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

        Cli.Result show = Cli.onServer("show", Long.toString(id));
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains("state           complete", "comment         " + COMMENT, "validity point  ",
                "objects         3: 1 database(s) `" + db + "`, 2 table(s)", "error           none", "| Backup Summary ");
        long header = summaryBytes(show, "header");
        long meta = summaryBytes(show, "meta-data");
        long data = summaryBytes(show, "data");
        long summary = summaryBytes(show, "summary");
        assertThat(header).isPositive();
        assertThat(meta).isPositive();
        assertThat(data).isPositive();
        assertThat(header + meta + data + summary).isEqualTo(Files.size(image));
        assertThat(show.out()).containsPattern("\\| total\\s+" + Files.size(image) + " bytes");
        assertThat(show.out()).contains("progress (sum_progress_rows: "
                + TestRepository.queryLong("SELECT COUNT(*) FROM backup_progress WHERE backup_id = " + id) + ")");
        Cli.Result showRestore = Cli.onServer("show", Long.toString(rid));
        assertThat(showRestore.out()).contains("| Restore Summary ", "operation       restore");
        assertThat(summaryBytes(showRestore, "data")).isEqualTo(data);

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
        Cli.Result show = Cli.onServer("show", Long.toString(id));
        assertThat(show.out()).contains("state           error", "error           OBK-1003 unknown database",
                "no image: the operation did not finish");
    }

    private static long summaryBytes(Cli.Result show, String section) {
        Matcher m = Pattern.compile("\\| " + Pattern.quote(section) + "\\s+=\\s+(\\d+) bytes").matcher(show.out());
        assertThat(m.find()).as(section + " in " + show.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** A repository of this test's own, so that purging touches no other test's history. */
    private String[] ownRepository() {
        return new String[] {"--repository", dir.resolve("own-repository.db").toString()};
    }

    private long backupInto(String[] repo, String name) {
        List<String> args = new ArrayList<>(List.of("--databases", db, "--to", dir.resolve(name).toString()));
        args.addAll(List.of(repo));
        Cli.Result r = Cli.onServer("backup", args.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isZero();
        return backupId(r);
    }

    private List<Long> ids(String repo) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection r = repository(repo);
             ResultSet rs = r.createStatement().executeQuery("SELECT backup_id FROM backup_history ORDER BY backup_id")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private long progressRows(String repo, long id) throws Exception {
        try (Connection r = repository(repo)) {
            return TestServer.queryLong(r, "SELECT COUNT(*) FROM backup_progress WHERE backup_id = " + id);
        }
    }

    private Cli.Result purge(String[] repo, String... how) {
        List<String> args = new ArrayList<>(List.of(how));
        args.addAll(List.of(repo));
        Cli.Result r = Cli.onServer("purge", args.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void purgeRemovesUpToAnIdThenBeforeATimeThenAllButKeepsTheRunningOperation() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".a (x INT)", "INSERT INTO " + db + ".a VALUES (1)");
        String[] repo = ownRepository();
        String schema = repo[1];
        long b1 = backupInto(repo, "1.obk");
        long b2 = backupInto(repo, "2.obk");
        long b3 = backupInto(repo, "3.obk");
        long b4 = backupInto(repo, "4.obk");
        assertThat(ids(schema)).containsExactly(b1, b2, b3, b4);
        long rowsOf1And2 = progressRows(schema, b1) + progressRows(schema, b2);
        long rowsOf3 = progressRows(schema, b3);
        long rowsOf4 = progressRows(schema, b4);
        assertThat(rowsOf3).isPositive();

        Cli.Result upTo = purge(repo, "--up-to", Long.toString(b2));
        assertThat(upTo.out()).startsWith("purged 2 operation(s) and " + rowsOf1And2 + " progress row(s)");
        assertThat(ids(schema)).containsExactly(b3, b4);
        assertThat(progressRows(schema, b1)).isZero();
        assertThat(progressRows(schema, b2)).isZero();
        assertThat(progressRows(schema, b3)).isPositive();

        String b4Start;
        try (Connection r = repository(schema)) {
            b4Start = TestServer.queryString(r, "SELECT start_time FROM backup_history WHERE backup_id = " + b4, 1);
        }
        b4Start = java.time.Instant.ofEpochMilli(Long.parseLong(b4Start)).toString().replace("Z", "");
        Cli.Result before = purge(repo, "--before", b4Start);
        assertThat(before.out()).startsWith("purged 1 operation(s) and " + rowsOf3 + " progress row(s)");
        assertThat(ids(schema)).containsExactly(b4);
        assertThat(progressRows(schema, b3)).isZero();

        Path paused = dir.resolve("paused.obk");
        CompletableFuture<Cli.Result> running;
        try (BreakpointHolder bp = new BreakpointHolder("backup_meta")) {
            List<String> args = new ArrayList<>(List.of("--breakpoints", "--databases", db, "--to", paused.toString()));
            args.addAll(List.of(repo));
            running = CompletableFuture.supplyAsync(() -> Cli.onServer("backup", args.toArray(String[]::new)));
            bp.awaitWaiter();
            Cli.Result all = purge(repo, "--all");
            assertThat(ids(schema)).hasSize(1).doesNotContain(b4);
            long runningId = ids(schema).get(0);
            assertThat(all.out()).startsWith("purged 1 operation(s) and " + rowsOf4 + " progress row(s)")
                    .endsWith("; kept backup_id " + runningId + ", which is running" + System.lineSeparator());
        }
        Cli.Result r = running.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(ids(schema)).containsExactly(backupId(r));
        assertThat(states(schema, backupId(r))).endsWith("complete");

        purge(repo, "--all");
        assertThat(ids(schema)).isEmpty();
        try (Connection own = repository(schema)) {
            assertThat(TestServer.queryLong(own, "SELECT COUNT(*) FROM backup_progress")).isZero();
        }
    }
}
