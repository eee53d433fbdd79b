package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.archive.BinlogArchive;
import org.onlinebackup.archive.BinlogEvent;
import org.onlinebackup.archive.Segment;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.image.v3.ImageReader;
import org.onlinebackup.store.BackupRepo;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.CliProcess;
import org.onlinebackup.testing.PrivateServer;
import org.onlinebackup.testing.TestKeys;
import org.onlinebackup.testing.TestServer;

/**
 * The binlog archive against a private server with the binary log on, small files (so it rotates often) and a
 * writer that never pauses: stopped, killed with -9, and its server restarted under it, the archive then holds every
 * event of every binlog file of the server exactly once, byte for byte, in order. A file purged before the archive
 * read it is a gap the archive refuses to write over.
 */
class BinlogArchiveIT {
    @TempDir
    Path dir;

    @Test
    void everyEventExactlyOnceThroughAStopAKillAndAServerRestart() throws Exception {
        try (PrivateServer server = PrivateServer.start("archive", "--log-bin=arch-bin", "--server-id=11",
                "--binlog-format=MIXED", "--max-binlog-size=65536")) {
            Path repo = dir.resolve("repo");
            String[] end;
            try (Writer writer = new Writer(server)) {
                CliProcess first = archive(server, repo, "first");
                awaitArchive(first, repo, n -> n.size() > 50);
                first.terminate();
                Cli.Result stopped = first.await();
                assertThat(stopped.code()).as(stopped.toString()).isZero();
                assertThat(stopped.out()).contains("archived", "of server 11");

                int before = events(repo).size();
                writer.awaitRows(writer.rows() + 200);
                CliProcess second = archive(server, repo, "second");
                awaitArchive(second, repo, n -> n.size() > before + 50);
                second.kill();

                int killedAt = events(repo).size();
                CliProcess third = archive(server, repo, "third");
                awaitArchive(third, repo, n -> n.size() > killedAt + 50);
                String fileBefore = currentFile(server);
                server.restart();
                writer.awaitRows(writer.rows() + 200);
                awaitArchive(third, repo, n -> n.stream().anyMatch(e -> e.file().compareTo(fileBefore) > 0 && e.position() > 10_000));
                int beforeKill = events(repo).size();
                try (Connection c = server.connect()) {
                    long dump = TestServer.queryLong(c, "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Binlog Dump'");
                    TestServer.execute(c, "KILL " + dump);
                }
                writer.awaitRows(writer.rows() + 200);
                awaitArchive(third, repo, n -> n.size() > beforeKill + 100);
                writer.close();
                end = masterStatus(server);
                String[] writerStopped = end;
                awaitArchive(third, repo, n -> reached(n, writerStopped));
                third.terminate();
                Cli.Result last = third.await();
                assertThat(last.code()).as(last.toString()).isZero();
                List<Path> all = segments(repo);
                try (Connection c = server.connect()) {
                    assertThat(Segment.read(all.get(all.size() - 1), null).end().gtidState())
                            .as("the GTID state the archive ends with, checked against each file's Gtid_list on the way")
                            .isEqualTo(TestServer.queryString(c, "SELECT @@gtid_binlog_pos", 1));
                }
            }

            Cli.Result info = Cli.run("info", "--repo", repo.toString());
            assertThat(info.out()).as(info.toString()).contains("binlog archive  server-11: arch-bin.000001:4 to ", ", no gap",
                    "sealed by " + TestKeys.fingerprint() + ")");
            for (Path s : segments(repo)) {
                assertThat(Segment.read(s, null).signer()).as("every segment sealed, the one a kill left too: " + s)
                        .isEqualTo(SigningKey.fromFile(TestKeys.privateKey()).publicKey());
            }
            List<Segment.Event> archived = events(repo);
            List<Segment.Event> source = serverEvents(server);
            assertThat(source.size()).as("the writer made the server rotate its binlog many times").isGreaterThan(1000);
            assertThat(source.stream().map(Segment.Event::file).distinct().count()).isGreaterThan(5);
            assertThat(archived.size()).isLessThanOrEqualTo(source.size());
            assertThat(source.subList(archived.size(), source.size())).as("what the server wrote after the archive was stopped"
                    + " (a binlog checkpoint of its own): nothing before the end it had when the writer stopped")
                    .allSatisfy(e -> assertThat(BinlogArchive.order(e.file(), e.position(), end[0], Long.parseLong(end[1])))
                            .isGreaterThanOrEqualTo(0));
            for (int i = 0; i < archived.size(); i++) {
                Segment.Event a = archived.get(i);
                Segment.Event s = source.get(i);
                assertThat(a.file() + ":" + a.position()).as("event " + i).isEqualTo(s.file() + ":" + s.position());
                assertThat(comparable(a.bytes())).as("event " + i + " at " + s.file() + ":" + s.position())
                        .isEqualTo(comparable(s.bytes()));
            }
        }
    }

    @Test
    void aFilePurgedBeforeTheArchiveReadItIsAGapNeverWrittenOver() throws Exception {
        try (PrivateServer server = PrivateServer.start("archivegap", "--log-bin=gap-bin", "--server-id=12")) {
            Path repo = dir.resolve("repo");
            List<Path> segments;
            Cli.Result archived;
            try (Connection c = server.connect()) {
                TestServer.execute(c, "CREATE DATABASE g", "CREATE TABLE g.t (id INT PRIMARY KEY)", "INSERT INTO g.t VALUES (1)");
                CliProcess first = archive(server, repo, "first");
                awaitArchive(first, repo, n -> n.stream().anyMatch(e -> BinlogEvent.type(e.bytes()) == 16));
                first.terminate();
                archived = first.await();
                assertThat(archived.code()).isZero();
                segments = segments(repo);
                TestServer.execute(c, "INSERT INTO g.t VALUES (2)", "FLUSH BINARY LOGS", "INSERT INTO g.t VALUES (3)",
                        "FLUSH BINARY LOGS");
                String newest = masterStatus(server)[0];
                TestServer.execute(c, "PURGE BINARY LOGS TO '" + newest + "'");
            }
            Cli.Result gap = CliProcess.start(dir, "gap", server.cliOptions(), "archive", "--repo", repo.toString()).await();
            assertThat(gap.code()).isEqualTo(1);
            assertThat(gap.err()).contains("OBK-3007 the binlog archive of server 127.0.0.1:" + server.port() + " ends at gap-bin.000001:",
                    "the server cannot send what follows", "nothing was written");
            assertThat(segments(repo)).as("no segment written over the gap").isEqualTo(segments);

            String id = gap.err().replaceAll("(?s).*\\[backup_id (\\d+)\\].*", "$1").strip();
            Cli.Result show = Cli.run("show", id);
            assertThat(show.out()).as("the failed run's history row").contains("operation       binlog-archive",
                    "state           error", "OBK-3007");
            String firstId = archived.out().replaceAll("(?s).*\\[backup_id (\\d+)\\].*", "$1").strip();
            assertThat(Cli.run("show", firstId).out()).contains("state           complete", "archived        archived ",
                    "archive         " + repo.resolve("archive"));
        }
    }

    @Test
    void theArchiveNeedsOnlyTheReplicationPrivilegesAndSaysWhichIsMissing() throws Exception {
        try (PrivateServer server = PrivateServer.start("archivepriv", "--log-bin=priv-bin", "--server-id=13")) {
            try (Connection c = server.connect()) {
                TestServer.execute(c, "CREATE USER 'arch'@'127.0.0.1' IDENTIFIED BY 'arch-pw'",
                        "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'arch'@'127.0.0.1'",
                        "CREATE USER 'mon'@'127.0.0.1' IDENTIFIED BY 'mon-pw'", "GRANT BINLOG MONITOR ON *.* TO 'mon'@'127.0.0.1'",
                        "CREATE DATABASE p", "CREATE TABLE p.t (id INT PRIMARY KEY)", "INSERT INTO p.t VALUES (1)");
            }
            Path repo = dir.resolve("repo");
            CliProcess ok = CliProcess.start(dir, "arch", server.cliOptions("arch", "arch-pw"), "archive", "--repo", repo.toString());
            awaitArchive(ok, repo, n -> n.stream().anyMatch(e -> BinlogEvent.type(e.bytes()) == 16));
            ok.terminate();
            assertThat(ok.await().code()).isZero();

            Cli.Result refused = CliProcess.start(dir, "mon", server.cliOptions("mon", "mon-pw"), "archive", "--repo",
                    repo.toString()).await();
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).contains("OBK-3005 cannot archive the binary log of 127.0.0.1:" + server.port(), "REPLICATION SLAVE");
        }
    }

    @Test
    void findGivesWhereTheAccidentsStart() throws Exception {
        try (PrivateServer server = PrivateServer.start("archivefind", "--log-bin=find-bin", "--server-id=14",
                "--binlog-format=ROW")) {
            Path repo = dir.resolve("repo");
            try (Connection c = server.connect()) {
                TestServer.execute(c, "CREATE DATABASE a", "CREATE TABLE a.keep (id INT PRIMARY KEY)", "CREATE TABLE a.gone (id INT)",
                        "CREATE DATABASE b", "CREATE TABLE b.orders (id INT PRIMARY KEY, total INT)",
                        "INSERT INTO b.orders VALUES (1, 10), (2, 20)", "INSERT INTO a.keep VALUES (1)",
                        "DROP TABLE a.gone", "UPDATE b.orders SET total = 11 WHERE id = 1", "DELETE FROM b.orders");
            }
            String[] end = masterStatus(server);
            CliProcess p = archive(server, repo, "find");
            awaitArchive(p, repo, n -> reached(n, end));
            p.terminate();
            assertThat(p.await().code()).isZero();

            Cli.Result drop = Cli.run("find", "--repo", repo.toString(), "--statement", "drop table");
            assertThat(drop.code()).as(drop.toString()).isZero();
            assertThat(drop.out().lines().filter(l -> l.contains("find-bin."))).singleElement()
                    .satisfies(l -> assertThat(l).contains("find-bin.000001:" + gtidBefore(server, "DROP TABLE"),
                            "DROP TABLE `a`.`gone`"));

            Cli.Result delete = Cli.run("find", "--repo", repo.toString(), "--database", "b", "--statement", "delete from");
            assertThat(delete.out().lines().filter(l -> l.contains("find-bin."))).singleElement()
                    .satisfies(l -> assertThat(l).contains("find-bin.000001:" + gtidBefore(server, "DELETE"), "`b`",
                            "DELETE FROM b.orders"));

            Cli.Result orders = Cli.run("find", "--repo", repo.toString(), "--table", "orders", "--json");
            assertThat(orders.out().lines().toList()).as("create, insert, update, delete of b.orders").hasSize(4);
            Cli.Result none = Cli.run("find", "--repo", repo.toString(), "--table", "order");
            assertThat(none.code()).as("a name inside a longer one does not match").isEqualTo(1);

            Cli.Result backup = server.cli("backup", "--databases", "a", "--repo", repo.toString());
            assertThat(backup.code()).as(backup.toString()).isZero();
            Cli.Result info = Cli.run("info", "--repo", repo.toString());
            assertThat(info.out()).contains("the archive follows it to " + end[0] + ":" + end[1]);
        }
    }

    @Test
    void anEmptyArchiveStartsAtTheValidityPointOfTheRepositorysOldestImage() throws Exception {
        try (PrivateServer server = PrivateServer.start("archiveimage", "--log-bin=img-bin", "--server-id=16")) {
            Path repo = dir.resolve("repo");
            try (Connection c = server.connect()) {
                TestServer.execute(c, "CREATE DATABASE i", "CREATE TABLE i.t (id INT PRIMARY KEY)", "INSERT INTO i.t VALUES (1)");
            }
            Cli.Result backup = server.cli("backup", "--databases", "i", "--repo", repo.toString());
            assertThat(backup.code()).as(backup.toString()).isZero();
            Header image = ImageReader.open(BackupRepo.open(repo).images().get(0)).header();
            try (Connection c = server.connect()) {
                TestServer.execute(c, "INSERT INTO i.t VALUES (2)", "FLUSH BINARY LOGS", "INSERT INTO i.t VALUES (3)");
            }
            String[] end = masterStatus(server);
            CliProcess p = archive(server, repo, "image");
            awaitArchive(p, repo, n -> reached(n, end));
            p.terminate();
            assertThat(p.await().code()).isZero();
            Segment.Contents first = Segment.read(segments(repo).get(0), null);
            assertThat(first.head().file() + ":" + first.head().start()).as("the image's validity point")
                    .isEqualTo(image.binlogFile() + ":" + image.binlogPosition());
            List<Path> all = segments(repo);
            try (Connection c = server.connect()) {
                assertThat(Segment.read(all.get(all.size() - 1), null).end().gtidState()).as("the image's GTID state, carried on")
                        .isEqualTo(TestServer.queryString(c, "SELECT @@gtid_binlog_pos", 1));
            }
            assertThat(Cli.run("info", "--repo", repo.toString()).out()).contains("the archive follows it to " + end[0] + ":");
        }
    }

    @Test
    void scheduledWindowsArchiveInTurnsWithoutAGap() throws Exception {
        try (PrivateServer server = PrivateServer.start("archivesched", "--log-bin=sched-bin", "--server-id=15");
             Writer writer = new Writer(server)) {
            Path repo = dir.resolve("repo");
            Path schedules = dir.resolve("schedules.conf");
            Files.writeString(schedules, "[binlog]\ncron = */3 * * * * *\nwindow = 2s\njob = archive\nrepo = " + repo + "\n");
            CliProcess daemon = CliProcess.start(dir, "daemon", server.cliOptions(), "schedule", "--file", schedules.toString());
            awaitArchive(daemon, repo, n -> {
                try {
                    return segments(repo).size() >= 3 && n.size() > 200;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.close();
            String[] end = masterStatus(server);
            awaitArchive(daemon, repo, n -> reached(n, end));
            daemon.terminate();
            daemon.await();
            assertThat(Cli.run("info", "--repo", repo.toString()).out()).contains("binlog archive  server-15: sched-bin.000001:4 to ",
                    ", no gap");
            List<Segment.Event> archived = events(repo);
            List<Segment.Event> source = serverEvents(server);
            assertThat(archived.stream().map(e -> e.file() + ":" + e.position()).toList())
                    .isEqualTo(source.subList(0, archived.size()).stream().map(e -> e.file() + ":" + e.position()).toList());
            assertThat(reached(archived, end)).isTrue();
        }
    }

    /** The position of the GTID event of the transaction whose statement (or annotation) starts with {@code verb}. */
    private static long gtidBefore(PrivateServer server, String verb) throws SQLException {
        long gtid = -1;
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS IN 'find-bin.000001'")) {
            while (rs.next()) {
                String type = rs.getString("Event_type");
                String info = rs.getString("Info");
                if (type.equals("Gtid")) {
                    gtid = rs.getLong("Pos");
                } else if ((type.equals("Query") || type.equals("Annotate_rows")) && info.toUpperCase().startsWith(verb)) {
                    return gtid;
                }
            }
        }
        throw new AssertionError("no " + verb + " in the binlog");
    }

    private CliProcess archive(PrivateServer server, Path repo, String name) throws IOException {
        return CliProcess.start(dir, name, server.cliOptions(), "archive", "--repo", repo.toString(), "--reconnect-timeout", "120",
                "--sign-key", TestKeys.privateKey().toString());
    }

    /**
     * Waits until the archive's events satisfy {@code done}: a state, never a duration (bounded, to fail clearly); fails
     * at once, with what it printed, if {@code archiving} has ended.
     */
    private static void awaitArchive(CliProcess archiving, Path repo, Predicate<List<Segment.Event>> done) throws Exception {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!done.test(events(repo))) {
            if (!archiving.alive()) {
                throw new AssertionError("the archive process ended: " + archiving.await() + "\n" + log(archiving));
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("the archive did not get there; it holds " + events(repo).size() + " events\n"
                        + log(archiving));
            }
            Thread.sleep(100);
        }
    }

    /** The shared log's warnings and errors, for a failure's message. */
    private static String log(CliProcess p) throws IOException {
        Path log = p.logFile();
        return Files.exists(log) ? String.join("\n", Files.readAllLines(log).stream()
                .filter(l -> l.contains(" WARN") || l.contains(" SEVERE") || l.contains("OBK-")).toList()) : "";
    }

    private static List<Path> segments(Path repo) throws IOException {
        Path root = repo.resolve("archive");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Path server;
        try (var servers = Files.list(root)) {
            server = servers.filter(Files::isDirectory).findFirst().orElse(null);
        }
        if (server == null) {
            return List.of();
        }
        try (var files = Files.list(server)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{8}\\.obkb")).sorted().toList();
        }
    }

    /** Whether the archive's last event ends at or after {@code end} (file, position), in binlog order. */
    private static boolean reached(List<Segment.Event> n, String[] end) {
        if (n.isEmpty()) {
            return false;
        }
        Segment.Event last = n.get(n.size() - 1);
        return BinlogArchive.order(last.file(), last.position() + last.bytes().length, end[0], Long.parseLong(end[1])) >= 0;
    }

    /** Every event of the archive, segment after segment, as each can be read now (a segment being written too). */
    private static List<Segment.Event> events(Path repo) throws IOException {
        List<Segment.Event> out = new ArrayList<>();
        if (!Files.isDirectory(repo.resolve("archive"))) {
            return out;
        }
        for (Path s : segments(repo)) {
            Segment.read(s, out::add);
        }
        return out;
    }

    /** Every event of every binlog file the server has, read from its files. */
    private static List<Segment.Event> serverEvents(PrivateServer server) throws Exception {
        List<Segment.Event> out = new ArrayList<>();
        List<String> files = new ArrayList<>();
        Path base;
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
                while (rs.next()) {
                    files.add(rs.getString(1));
                }
            }
            base = Path.of(TestServer.queryString(c, "SELECT @@log_bin_basename", 1)).getParent();
        }
        for (String f : files) {
            byte[] b = Files.readAllBytes(base.resolve(f));
            int at = 4;
            while (at + BinlogEvent.HEADER_SIZE <= b.length) {
                int len = (int) BinlogEvent.length(Arrays.copyOfRange(b, at, at + BinlogEvent.HEADER_SIZE));
                out.add(new Segment.Event(f, at, Arrays.copyOfRange(b, at, at + len)));
                at += len;
            }
        }
        return out;
    }

    /** An event's bytes with the format description's in-use flag cleared: the server clears it when it closes a file. */
    private static String comparable(byte[] e) {
        byte[] c = e.clone();
        if (BinlogEvent.type(c) == BinlogEvent.FORMAT_DESCRIPTION) {
            c[17] &= ~1;
        }
        return java.util.HexFormat.of().formatHex(c);
    }

    private static String currentFile(PrivateServer server) throws SQLException {
        return masterStatus(server)[0];
    }

    private static String[] masterStatus(PrivateServer server) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    /** Writes without a pause (inserts, updates, a DDL now and then), through a server restart, until closed. */
    private static final class Writer implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong rows = new AtomicLong();
        private final Thread thread;

        Writer(PrivateServer server) throws SQLException {
            try (Connection c = server.connect()) {
                TestServer.execute(c, "CREATE DATABASE w", "CREATE TABLE w.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(200), n INT)");
            }
            thread = new Thread(() -> {
                long i = 0;
                while (running.get()) {
                    try (Connection c = server.connect(); Statement s = c.createStatement()) {
                        while (running.get()) {
                            i++;
                            s.execute("INSERT INTO w.t (v, n) VALUES (REPEAT('v', " + (i % 150) + "), " + i + ")");
                            if (i % 10 == 0) {
                                s.execute("UPDATE w.t SET n = n + 1 WHERE id % 7 = " + (i % 7) + " LIMIT 5");
                            }
                            if (i % 500 == 0) {
                                s.execute("CREATE TABLE IF NOT EXISTS w.t" + (i / 500) + " (a INT)");
                            }
                            rows.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        sleep();
                    }
                }
            }, "writer");
            thread.start();
        }

        long rows() {
            return rows.get();
        }

        void awaitRows(long n) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (rows.get() < n) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("the writer did not write " + n + " rows");
                }
                Thread.sleep(50);
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
