package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.testing.BreakpointHolder;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.OperationLogCapture;
import org.onlinebackup.testing.TestServer;

/**
 * WL#4062's DDL blocker, seen from other sessions: DDL running when a backup starts finishes first and is in the
 * image; DDL issued once the blocker is held, on the backed-up database or any other, waits until the backup ends
 * and is not in the image; waiting DDL statements do not hold each other up; a backup that waits for DDL which itself
 * waits for a metadata lock says so, naming the transactions that can hold it; a DDL that outlasts --lock-timeout
 * fails the backup with a one-line error.
 */
class DdlBlockerIT extends DatabaseTestBase {

    /** Runs {@code sql} on a connection of its own, in the background. */
    private static CompletableFuture<Void> async(String sql) {
        return CompletableFuture.runAsync(() -> {
            try (Connection w = TestServer.connect()) {
                TestServer.execute(w, sql);
            } catch (Exception e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        });
    }

    /** The statements that other sessions run, and their states, whose text contains {@code marker}. */
    private Map<String, String> running(String marker) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT INFO, STATE FROM information_schema.PROCESSLIST"
                + " WHERE ID <> CONNECTION_ID() AND INFO LIKE ?")) {
            ps.setString(1, "%" + marker + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private void awaitWaiting(String marker, int count) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            Map<String, String> r = running(marker);
            if (r.size() == count && r.values().stream().allMatch("Waiting for backup lock"::equals)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + count + " statements waiting for the backup lock, saw " + running(marker));
    }

    /**
     * Creates {@code db.big} with {@code rows} rows and starts an ALTER TABLE that copies them, adding column
     * {@code column}; returns once the ALTER is running.
     */
    private CompletableFuture<Void> startCopyingAlter(int rows, String column) throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "USE " + db,
                "CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(200)) ENGINE=InnoDB",
                "INSERT INTO big SELECT seq, REPEAT('x', 200) FROM seq_1_to_" + rows);
        String marker = "ADD COLUMN " + column;
        CompletableFuture<Void> alter = async("ALTER TABLE " + db + ".big " + marker + " INT, ALGORITHM=COPY");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running(marker).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(running(marker)).as("the ALTER runs when the backup starts").hasSize(1);
        return alter;
    }

    private static TableEntry table(Catalogue catalogue, String name) {
        return catalogue.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void anAlterRunningWhenTheBackupStartsFinishesFirstAndIsInTheImage() throws Exception {
        CompletableFuture<Void> alter = startCopyingAlter(400_000, "added");

        Path image = dir.resolve("alter.obk");
        Cli.Result r = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(alter).isDone();
        TableEntry big = table(ImageReader.open(image).catalogue(), "big");
        assertThat(big.createStatement()).contains("`added` int");
        assertThat(r.out()).contains("400000 row(s)");
    }

    @Test
    void ddlIssuedWhileTheBlockerIsHeldWaitsForTheEndOfTheBackupAndIsNotInTheImage() throws Exception {
        String other = own(TestServer.uniqueName("ddlother"));
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE DATABASE " + other,
                "CREATE TABLE " + db + ".to_drop (a INT)",
                "CREATE TABLE " + db + ".to_alter (a INT)",
                "CREATE TABLE " + db + ".to_rename (a INT)",
                "CREATE TABLE " + db + ".to_truncate (a INT)",
                "INSERT INTO " + db + ".to_truncate VALUES (1), (2), (3)",
                "CREATE TABLE " + db + ".to_index (a INT, b INT)",
                "CREATE TABLE " + db + ".to_unindex (a INT, b INT, KEY kb (b))",
                "CREATE TABLE " + other + ".elsewhere (a INT)");
        Path image = dir.resolve("ddl.obk");
        String marker = "/* ddl-blocker-test */ ";
        List<String> ddl = List.of(
                marker + "CREATE TABLE " + db + ".created (a INT)",
                marker + "DROP TABLE " + db + ".to_drop",
                marker + "ALTER TABLE " + db + ".to_alter ADD COLUMN added INT",
                marker + "RENAME TABLE " + db + ".to_rename TO " + db + ".renamed",
                marker + "TRUNCATE TABLE " + db + ".to_truncate",
                marker + "CREATE INDEX ka ON " + db + ".to_index (a)",
                marker + "DROP INDEX kb ON " + db + ".to_unindex",
                marker + "CREATE TABLE " + other + ".created_elsewhere (a INT)",
                marker + "ALTER TABLE " + other + ".elsewhere ADD COLUMN added INT");
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        CompletableFuture<Cli.Result> backup;
        try (BreakpointHolder done = new BreakpointHolder("backup_done")) {
            try (BreakpointHolder meta = new BreakpointHolder("backup_meta")) {
                backup = CompletableFuture.supplyAsync(() -> Cli.onServer("backup", "--breakpoints", "--databases", db,
                        "--to", image.toString()));
                meta.awaitWaiter();
                for (String sql : ddl) {
                    waiting.add(async(sql));
                }
                awaitWaiting("ddl-blocker-test", ddl.size());
            }
            done.awaitWaiter();
            assertThat(running("ddl-blocker-test")).as("still waiting when the backup has written its image")
                    .hasSize(ddl.size()).allSatisfy((sql, state) -> assertThat(state).isEqualTo("Waiting for backup lock"));
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
        }
        Cli.Result r = backup.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        Catalogue catalogue = ImageReader.open(image).catalogue();
        assertThat(catalogue.tables()).extracting(TableEntry::name)
                .containsExactly("to_alter", "to_drop", "to_index", "to_rename", "to_truncate", "to_unindex");
        assertThat(table(catalogue, "to_alter").createStatement()).doesNotContain("added");
        assertThat(table(catalogue, "to_index").createStatement()).doesNotContain("KEY `ka`");
        assertThat(table(catalogue, "to_unindex").createStatement()).contains("KEY `kb`");

        TestServer.drop(c, db);
        Cli.Result restore = Cli.onServer("restore", "--from", image.toString());
        assertThat(restore.code()).as(restore.toString()).isZero();
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".to_truncate")).isEqualTo(3);
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                + other + "' AND TABLE_NAME = 'elsewhere' AND COLUMN_NAME = 'added'")).as("DDL elsewhere ran after the backup").isEqualTo(1);
    }

    /**
     * Holds a metadata lock on {@code db.t} in an open transaction of its own connection, and starts an ALTER TABLE
     * of {@code t} that waits for it; returns once the ALTER waits.
     */
    private MetadataLockQueue queueAnAlterBehindATransaction() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB",
                "INSERT INTO " + db + ".t VALUES (1, 1), (2, 2)");
        Connection holder = TestServer.connect();
        holder.setAutoCommit(false);
        TestServer.execute(holder, "SELECT * FROM " + db + ".t");
        long holderId = TestServer.queryLong(holder, "SELECT CONNECTION_ID()");
        String marker = "ADD COLUMN queued";
        CompletableFuture<Void> alter = async("ALTER TABLE " + db + ".t " + marker + " INT");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!running(marker).containsValue("Waiting for table metadata lock") && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(running(marker)).as("the ALTER waits for the transaction's metadata lock")
                .containsValue("Waiting for table metadata lock");
        return new MetadataLockQueue(holder, holderId, alter);
    }

    private record MetadataLockQueue(Connection holder, long holderId, CompletableFuture<Void> alter) {
        void release() throws Exception {
            holder.commit();
            holder.close();
            alter.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBackupQueuedBehindAnAlterThatWaitsForAMetadataLockSaysWhatItWaitsFor() throws Exception {
        MetadataLockQueue queue = queueAnAlterBehindATransaction();
        Path image = dir.resolve("queued.obk");
        String waiting;
        CompletableFuture<Cli.Result> backup;
        try (OperationLogCapture log = new OperationLogCapture()) {
            backup = CompletableFuture.supplyAsync(() -> Cli.onServer("backup", "--lock-timeout", "600", "--databases", db,
                    "--to", image.toString()));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (log.lines().stream().noneMatch(l -> l.contains("Waiting for DDL")) && !backup.isDone()
                    && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(backup).as("the backup waits while the transaction is open").isNotDone();
            waiting = log.lines().stream().filter(l -> l.contains("Waiting for DDL")).findFirst().orElseThrow();
        } finally {
            queue.release();
        }
        Cli.Result r = backup.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.toString()).isZero();
        String told = "waiting for DDL that began first to end before DDL can be blocked (at most 600 s, --lock-timeout): id ";
        assertThat(waiting).contains("W" + told.substring(1));
        assertThat(r.err()).contains("online-backup: " + told)
                .contains("ALTER TABLE " + db + ".t ADD COLUMN queued INT, which waits for a metadata lock held by one of"
                        + " the open transactions id " + queue.holderId() + " (open ");
        assertThat(table(ImageReader.open(image).catalogue(), "t").createStatement()).as("the ALTER began first")
                .contains("`queued` int");
    }

    @Test
    void ddlOutlastingTheLockTimeoutFailsTheBackupWithAOneLineError() throws Exception {
        MetadataLockQueue queue = queueAnAlterBehindATransaction();
        Path image = dir.resolve("timeout.obk");
        Cli.Result r;
        try {
            r = Cli.onServer("backup", "--lock-timeout", "1", "--databases", db, "--to", image.toString());
        } finally {
            queue.release();
        }
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("OBK-1012 cannot block DDL: still waiting after 1 s for id ")
                .contains("ALTER TABLE " + db + ".t ADD COLUMN queued INT, which waits for a metadata lock held by one of"
                        + " the open transactions id " + queue.holderId() + " (open ")
                .contains("; retry when it has ended, or raise --lock-timeout");
        assertThat(image).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
