package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.Definitions;
import org.onlinebackup.testing.PrivateServer;
import org.onlinebackup.testing.TestKeys;
import org.onlinebackup.testing.TestServer;

/**
 * Backups of a replica and of its primary, in turns, with an account holding only the usual backup privileges, while
 * the primary takes writes: the tool writes nothing to either server. A primary and a replica with GTID,
 * {@code log_slave_updates}, {@code gtid_strict_mode}, the replica {@code read_only}; images restored on a third
 * server.
 */
class ReplicaIT {
    static final String BACKUP_USER = "bk";
    static final String BACKUP_PASSWORD = "bk-pw";
    /** The privileges of a backup, as docs/privileges.md lists them: no write privilege anywhere. */
    static final String BACKUP_PRIVILEGES = "SELECT, RELOAD, LOCK TABLES, PROCESS, SHOW VIEW, EVENT, TRIGGER, BINLOG MONITOR";
    private static final String[] OURS = {"online_backup", "backup_history", "backup_progress", "running_operation",
        "restore_ledger", "schedule_firing", "JOB_INSTANCE", "JOB_EXECUTION", "STEP_EXECUTION", "PARTITION_EXECUTION"};
    private static final int ACCOUNTS = 50;

    private static PrivateServer primary;
    private static PrivateServer replica;
    private static PrivateServer target;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        String[] common = {"--log-bin=binlog", "--binlog-format=ROW", "--log-slave-updates=1", "--gtid-strict-mode=1"};
        primary = PrivateServer.start("primary", with(common, "--server-id=31"));
        replica = PrivateServer.start("replica", with(common, "--server-id=32"));
        target = PrivateServer.start("restore-target");
        try (Connection p = primary.connect("root", ""); Connection r = replica.connect("root", "")) {
            TestServer.execute(p, "CREATE USER repl@'127.0.0.1' IDENTIFIED BY 'repl-pw'",
                    "GRANT REPLICATION SLAVE ON *.* TO repl@'127.0.0.1'");
            String from = TestServer.queryString(p, "SELECT @@gtid_binlog_pos", 1);
            // the replica's own setup stays out of its binlog, and it replicates what the primary does from now on
            TestServer.execute(r, "RESET MASTER", "SET GLOBAL gtid_slave_pos = '" + from + "'",
                    "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + primary.port()
                            + ", MASTER_USER = 'repl', MASTER_PASSWORD = 'repl-pw', MASTER_USE_GTID = slave_pos",
                    "START SLAVE", "SET GLOBAL read_only = 1");
            TestServer.execute(p, "CREATE USER " + BACKUP_USER + "@'127.0.0.1' IDENTIFIED BY '" + BACKUP_PASSWORD + "'",
                    "GRANT " + BACKUP_PRIVILEGES + " ON *.* TO " + BACKUP_USER + "@'127.0.0.1'");
            caughtUp(p, r);
        }
    }

    private static String[] with(String[] common, String more) {
        List<String> all = new ArrayList<>(List.of(common));
        all.add(more);
        return all.toArray(String[]::new);
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (PrivateServer s : new PrivateServer[] {target, replica, primary}) {
            if (s != null) {
                s.close();
            }
        }
    }

    /** Waits until the replica has applied everything the primary has written so far. */
    private static void caughtUp(Connection p, Connection r) throws SQLException {
        String pos = TestServer.queryString(p, "SELECT @@gtid_binlog_pos", 1);
        assertThat(TestServer.queryLong(r, "SELECT MASTER_GTID_WAIT('" + pos + "', 60)")).as("replica caught up with " + pos)
                .isZero();
    }

    private Cli.Result backupAs(PrivateServer server, String db, String name) {
        List<String> args = new ArrayList<>(List.of("backup"));
        args.addAll(server.cliOptions(BACKUP_USER, BACKUP_PASSWORD));
        args.addAll(List.of("--databases", db, "--to", dir.resolve(name).toString(), "--sign-key", TestKeys.privateKey().toString()));
        return Cli.run(args.toArray(String[]::new));
    }

    private Cli.Result restoreOnTarget(String name, String db, String as) {
        List<String> args = new ArrayList<>(List.of("restore"));
        args.addAll(target.cliOptions());
        args.addAll(List.of("--from", dir.resolve(name).toString(), "--rename", db + "=" + as,
                "--trust-key", TestKeys.publicKey().toString()));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void backupsOfTheReplicaAndThePrimaryWriteNothingToEitherAndReplicationRuns() throws Exception {
        String db = TestServer.uniqueName("replicated");
        try (Connection p = primary.connect(); Connection r = replica.connect("root", ""); Connection t = target.connect()) {
            TestServer.execute(p, "CREATE DATABASE " + db,
                    "CREATE TABLE " + db + ".account (id INT PRIMARY KEY, balance BIGINT NOT NULL) ENGINE=InnoDB",
                    "CREATE TABLE " + db + ".transfer (id BIGINT AUTO_INCREMENT PRIMARY KEY, amount INT) ENGINE=InnoDB",
                    "CREATE TABLE " + db + ".note (id INT PRIMARY KEY, text VARCHAR(40)) ENGINE=MyISAM",
                    "INSERT INTO " + db + ".note VALUES (1, 'not transactional')",
                    "CREATE VIEW " + db + ".total AS SELECT SUM(balance) AS s FROM " + db + ".account",
                    "CREATE TRIGGER " + db + ".counted AFTER INSERT ON " + db + ".transfer FOR EACH ROW SET @n = 1",
                    "CREATE PROCEDURE " + db + ".audit() SELECT COUNT(*) FROM " + db + ".transfer");
            for (int i = 0; i < ACCOUNTS; i++) {
                TestServer.execute(p, "INSERT INTO " + db + ".account VALUES (" + i + ", 1000)");
            }
            caughtUp(p, r);
            String primaryFirstFile = TestServer.queryString(p, "SHOW MASTER STATUS", 1);

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong transfers = new AtomicLong();
            Thread writer = new Thread(() -> transfers(db, writing, transfers), "replica-it-writer");
            writer.start();
            List<String> images = new ArrayList<>();
            try {
                for (int round = 0; round < 3; round++) {
                    long before = transfers.get();
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (transfers.get() < before + 20) {
                        assertThat(writer.isAlive()).as("the writer runs").isTrue();
                        assertThat(System.nanoTime()).as("the writer moves money").isLessThan(until);
                        Thread.sleep(10);
                    }
                    for (PrivateServer s : new PrivateServer[] {replica, primary}) {
                        String name = (s == replica ? "replica-" : "primary-") + round + ".obk";
                        Cli.Result b = backupAs(s, db, name);
                        assertThat(b.code()).as(name + ": " + b).isZero();
                        images.add(name);
                    }
                }
            } finally {
                writing.set(false);
                writer.join();
            }
            assertThat(transfers.get()).as("the writer ran during the backups").isGreaterThan(60);
            caughtUp(p, r);

            try (Statement s = r.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("Slave_IO_Running") + " " + rs.getString("Slave_SQL_Running") + " "
                        + rs.getInt("Last_Errno") + " " + rs.getString("Last_Error")).isEqualTo("Yes Yes 0 ");
            }
            assertThat(TestServer.queryString(r, "SELECT @@gtid_binlog_pos", 1)).as("the replica's own transactions")
                    .doesNotContain("-32-");
            assertThat(eventsOf(r, null)).as("transactions the replica wrote itself")
                    .noneMatch(e -> e.serverId() == 32 && e.type().equals("Gtid"));
            assertThat(eventsOf(p, primaryFirstFile)).as("events of ours in the primary's binlog")
                    .noneMatch(e -> containsAny(e.info(), OURS));
            try (Statement s = p.createStatement(); ResultSet rs = s.executeQuery("SHOW DATABASES")) {
                while (rs.next()) {
                    assertThat(rs.getString(1)).isNotEqualTo("online_backup");
                }
            }

            for (int i = 0; i < images.size(); i++) {
                String as = db + "_r" + i;
                Cli.Result restored = restoreOnTarget(images.get(i), db, as);
                assertThat(restored.code()).as(images.get(i) + ": " + restored).isZero();
                assertThat(TestServer.queryLong(t, "SELECT SUM(balance) FROM " + as + ".account"))
                        .as("the accounts' total in " + images.get(i)).isEqualTo(1000L * ACCOUNTS);
                TestServer.drop(t, as);
            }

            Map<String, String> source = Definitions.of(p, db, "src");
            for (PrivateServer s : new PrivateServer[] {replica, primary}) {
                String name = (s == replica ? "replica" : "primary") + "-quiet.obk";
                assertThat(backupAs(s, db, name).code()).isZero();
                String as = db + "_q";
                Cli.Result restored = restoreOnTarget(name, db, as);
                assertThat(restored.code()).as(restored.toString()).isZero();
                Definitions.assertSame(Definitions.of(t, as, "src"), source);
                // what was restored runs: the view reads, the procedure is called, the trigger fires
                assertThat(TestServer.queryLong(t, "SELECT s FROM " + as + ".total")).isEqualTo(1000L * ACCOUNTS);
                TestServer.execute(t, "CALL " + as + ".audit()", "SET @n = 0",
                        "INSERT INTO " + as + ".transfer (amount) VALUES (1)");
                assertThat(TestServer.queryLong(t, "SELECT @n")).as("the trigger fired").isEqualTo(1);
                TestServer.drop(t, as);
            }
            TestServer.drop(p, db);
        }
    }

    /**
     * A backup of the read-only replica by an account that lacks one of the backup privileges, each in turn: one line
     * naming it and the GRANT that gives it, no image, no work directory, nothing on either server. PROCESS is not
     * needed (without it a backup cannot name the statements it waits for).
     */
    @Test
    void eachMissingBackupPrivilegeIsOneLineBeforeAnythingStarts() throws Exception {
        String db = TestServer.uniqueName("privileged");
        try (Connection p = primary.connect(); Connection r = replica.connect("root", "")) {
            TestServer.execute(p, "CREATE DATABASE " + db,
                    "CREATE TABLE " + db + ".t (id INT PRIMARY KEY) ENGINE=InnoDB",
                    "CREATE TABLE " + db + ".m (id INT PRIMARY KEY) ENGINE=MyISAM",
                    "CREATE VIEW " + db + ".v AS SELECT id FROM " + db + ".t",
                    "CREATE PROCEDURE " + db + ".p() SELECT 1");
            List<String> all = List.of(BACKUP_PRIVILEGES.split(", "));
            for (String missing : all) {
                String user = "bk_" + all.indexOf(missing);
                List<String> granted = all.stream().filter(x -> !x.equals(missing)).toList();
                TestServer.execute(p, "CREATE USER " + user + "@'127.0.0.1' IDENTIFIED BY 'pw'",
                        "GRANT " + String.join(", ", granted) + " ON *.* TO " + user + "@'127.0.0.1'");
                caughtUp(p, r);
                String gtid = TestServer.queryString(r, "SELECT @@gtid_binlog_pos", 1);
                List<String> args = new ArrayList<>(List.of("backup"));
                args.addAll(replica.cliOptions(user, "pw"));
                args.addAll(List.of("--databases", db, "--to", dir.resolve(user + ".obk").toString()));
                Cli.Result b = Cli.run(args.toArray(String[]::new));
                if (missing.equals("PROCESS")) {
                    assertThat(b.code()).as(b.toString()).isZero();
                } else {
                    assertThat(b.code()).as(missing + ": " + b).isEqualTo(1);
                    List<String> lines = b.err().lines().filter(l -> l.startsWith("online-backup: OBK-")).toList();
                    assertThat(lines).as(b.toString()).hasSize(1);
                    assertThat(lines.get(0)).as(missing).startsWith("online-backup: OBK-1036 account 'bk_")
                            .contains(" lacks the " + missing + " privilege", "GRANT " + missing + " ON ");
                    assertThat(dir.resolve(user + ".obk")).doesNotExist();
                    assertThat(dir.resolve("." + user + ".obk.work")).doesNotExist();
                }
                assertThat(TestServer.queryString(r, "SELECT @@gtid_binlog_pos", 1)).isEqualTo(gtid);
                TestServer.execute(p, "DROP USER " + user + "@'127.0.0.1'");
            }
            TestServer.drop(p, db);
        }
    }

    /** The privileges of a restore of a signed image whose objects have another definer, as docs/privileges.md lists them. */
    static final String RESTORE_PRIVILEGES = "CREATE, INSERT, DROP, CREATE VIEW, CREATE ROUTINE, TRIGGER, EVENT, RELOAD, SET USER";

    /**
     * A restore by an account that lacks one of the privileges it needs, each in turn: one line naming it, and the
     * target server unchanged; with all of them it restores, and what it restored works.
     */
    @Test
    void eachMissingRestorePrivilegeIsOneLineAndNothingChanges() throws Exception {
        String db = TestServer.uniqueName("restored");
        try (Connection p = primary.connect(); Connection t = target.connect()) {
            TestServer.execute(p, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY) ENGINE=InnoDB",
                    "CREATE TABLE " + db + ".log (id INT) ENGINE=InnoDB", "INSERT INTO " + db + ".t VALUES (1), (2)",
                    "CREATE VIEW " + db + ".v AS SELECT COUNT(*) AS n FROM " + db + ".t",
                    "CREATE PROCEDURE " + db + ".p() SELECT n FROM " + db + ".v",
                    "CREATE TRIGGER " + db + ".tr AFTER INSERT ON " + db + ".t FOR EACH ROW INSERT INTO " + db + ".log VALUES (NEW.id)",
                    "CREATE EVENT " + db + ".e ON SCHEDULE EVERY 1 DAY DO DELETE FROM " + db + ".log");
            List<String> args = new ArrayList<>(List.of("backup"));
            args.addAll(primary.cliOptions());
            args.addAll(List.of("--databases", db, "--to", dir.resolve("r.obk").toString(), "--sign-key", TestKeys.privateKey().toString()));
            assertThat(Cli.run(args.toArray(String[]::new)).code()).isZero();
            String before = TestServer.queryString(t, "SELECT GROUP_CONCAT(SCHEMA_NAME ORDER BY 1) FROM information_schema.SCHEMATA", 1);

            List<String> all = List.of(RESTORE_PRIVILEGES.split(", "));
            for (String missing : all) {
                String user = "rs_" + all.indexOf(missing);
                TestServer.execute(t, "CREATE USER " + user + "@'127.0.0.1' IDENTIFIED BY 'pw'", "GRANT "
                        + String.join(", ", all.stream().filter(x -> !x.equals(missing)).toList()) + " ON *.* TO " + user + "@'127.0.0.1'");
                Cli.Result r = restoreAs(user, db, db + "_" + user);
                assertThat(r.code()).as(missing + ": " + r).isEqualTo(1);
                List<String> lines = r.err().lines().filter(l -> l.startsWith("online-backup: OBK-")).toList();
                assertThat(lines).as(r.toString()).hasSize(1);
                assertThat(lines.get(0)).as(missing).startsWith("online-backup: OBK-1036 account 'rs_")
                        .contains(" lacks the " + missing + " privilege", "GRANT " + missing + " ON ");
                assertThat(TestServer.queryString(t, "SELECT GROUP_CONCAT(SCHEMA_NAME ORDER BY 1) FROM information_schema.SCHEMATA", 1))
                        .isEqualTo(before);
                TestServer.execute(t, "DROP USER " + user + "@'127.0.0.1'");
            }
            TestServer.execute(t, "CREATE USER rs_all@'127.0.0.1' IDENTIFIED BY 'pw'",
                    "GRANT " + RESTORE_PRIVILEGES + " ON *.* TO rs_all@'127.0.0.1'");
            Cli.Result ok = restoreAs("rs_all", db, db + "_all");
            assertThat(ok.code()).as(ok.toString()).isZero();
            TestServer.execute(t, "INSERT INTO " + db + "_all.t VALUES (3)");
            assertThat(TestServer.queryLong(t, "SELECT COUNT(*) FROM " + db + "_all.log")).as("the trigger fired").isEqualTo(1);
            assertThat(TestServer.queryLong(t, "SELECT n FROM " + db + "_all.v")).isEqualTo(3);
            TestServer.execute(t, "CALL " + db + "_all.p()");
            assertThat(TestServer.queryString(t, "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '"
                    + db + "_all'", 1)).isEqualTo("ENABLED");
            TestServer.drop(t, db + "_all");
            TestServer.execute(t, "DROP USER rs_all@'127.0.0.1'");
            TestServer.drop(p, db);
        }
    }

    /**
     * A function the primary's binary log settings would refuse (error 1418) is found before the restore changes
     * anything, and named.
     */
    @Test
    void aFunctionTheBinlogWouldRefuseIsFoundBeforeAnythingChanges() throws Exception {
        String db = TestServer.uniqueName("functions");
        try (Connection p = primary.connect(); Connection r = replica.connect("root", "")) {
            TestServer.execute(p, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                    "CREATE FUNCTION " + db + ".safe() RETURNS INT DETERMINISTIC RETURN 1",
                    "CREATE USER fn@'127.0.0.1' IDENTIFIED BY 'pw'", "GRANT " + RESTORE_PRIVILEGES + " ON *.* TO fn@'127.0.0.1'");
            try (Connection root = primary.connect("root", "")) {
                // the server refuses it to everyone while the binlog is on: made aside, without replicating it
                TestServer.execute(root, "SET SESSION sql_log_bin = 0", "SET GLOBAL log_bin_trust_function_creators = 1",
                        "CREATE FUNCTION " + db + ".unsafe() RETURNS INT RETURN 2",
                        "SET GLOBAL log_bin_trust_function_creators = 0");
            }
            List<String> args = new ArrayList<>(List.of("backup"));
            args.addAll(primary.cliOptions());
            args.addAll(List.of("--databases", db, "--to", dir.resolve("f.obk").toString(), "--sign-key", TestKeys.privateKey().toString()));
            assertThat(Cli.run(args.toArray(String[]::new)).code()).isZero();
            List<String> restore = new ArrayList<>(List.of("restore"));
            restore.addAll(primary.cliOptions("fn", "pw"));
            restore.addAll(List.of("--from", dir.resolve("f.obk").toString(), "--rename", db + "=" + db + "_c",
                    "--trust-key", TestKeys.publicKey().toString()));
            Cli.Result refused = Cli.run(restore.toArray(String[]::new));
            assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("OBK-4012 the server would refuse function(s) `" + db + "_c`.`unsafe` (error 1418)")
                    .doesNotContain("`safe`");
            assertThat(TestServer.queryLong(p, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                    + db + "_c'")).isZero();
            TestServer.execute(p, "DROP USER fn@'127.0.0.1'");
            TestServer.drop(p, db);
            caughtUp(p, r);
        }
    }

    private Cli.Result restoreAs(String user, String db, String as) {
        List<String> args = new ArrayList<>(List.of("restore"));
        args.addAll(target.cliOptions(user, "pw"));
        args.addAll(List.of("--from", dir.resolve("r.obk").toString(), "--rename", db + "=" + as,
                "--trust-key", TestKeys.publicKey().toString()));
        return Cli.run(args.toArray(String[]::new));
    }

    /**
     * WL#4116's history on the server, asked for: refused on the read-only replica and for an account that cannot
     * keep it out of the binlog; on the primary, kept in {@code online_backup} without a binlog event, so the replica
     * never sees it; and imported into a repository of its own, once.
     */
    @Test
    void historyOnTheServerIsUnloggedRefusedOnAReplicaAndImportable() throws Exception {
        String db = TestServer.uniqueName("history_on");
        try (Connection p = primary.connect(); Connection r = replica.connect("root", "")) {
            TestServer.execute(p, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                    "INSERT INTO " + db + ".t VALUES (1)");
            caughtUp(p, r);
            String gtid = TestServer.queryString(r, "SELECT @@gtid_binlog_pos", 1);

            List<String> onReplica = new ArrayList<>(List.of("backup"));
            onReplica.addAll(replica.cliOptions(BACKUP_USER, BACKUP_PASSWORD));
            onReplica.addAll(List.of("--history-on-server", "--databases", db, "--to", dir.resolve("r.obk").toString()));
            Cli.Result refused = Cli.run(onReplica.toArray(String[]::new));
            assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("OBK-1037 --history-on-server refused on 127.0.0.1:" + replica.port()
                    + ": the server is read-only");
            assertThat(dir.resolve("r.obk")).doesNotExist();

            List<String> unprivileged = new ArrayList<>(List.of("backup"));
            unprivileged.addAll(primary.cliOptions(BACKUP_USER, BACKUP_PASSWORD));
            unprivileged.addAll(List.of("--history-on-server", "--databases", db, "--to", dir.resolve("u.obk").toString()));
            Cli.Result noBinlogAdmin = Cli.run(unprivileged.toArray(String[]::new));
            assertThat(noBinlogAdmin.code()).as(noBinlogAdmin.toString()).isEqualTo(1);
            assertThat(noBinlogAdmin.err()).contains("OBK-1037 ", "BINLOG ADMIN");

            String from = TestServer.queryString(p, "SHOW MASTER STATUS", 1);
            Cli.Result kept = primary.cli("backup", "--history-on-server", "--databases", db, "--to", dir.resolve("p.obk").toString());
            assertThat(kept.code()).as(kept.toString()).isZero();
            assertThat(TestServer.queryLong(p, "SELECT COUNT(*) FROM online_backup.backup_history WHERE backup_file = '"
                    + dir.resolve("p.obk") + "' AND backup_state = 'complete'")).isEqualTo(1);
            assertThat(eventsOf(p, from)).as("the history's rows are not in the binlog")
                    .noneMatch(e -> containsAny(e.info(), OURS));
            caughtUp(p, r);
            assertThat(TestServer.queryLong(r, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'online_backup'"))
                    .isZero();
            assertThat(TestServer.queryString(r, "SELECT @@gtid_binlog_pos", 1)).as("only the primary's own writes")
                    .doesNotContain("-32-");

            String own = dir.resolve("imported.db").toString();
            List<String> imp = new ArrayList<>(List.of("import-history"));
            imp.addAll(primary.cliOptions());
            imp.addAll(List.of("--repository", own));
            Cli.Result first = Cli.run(imp.toArray(String[]::new));
            assertThat(first.code()).as(first.toString()).isZero();
            assertThat(first.out()).startsWith("imported 1 operation(s) and ").contains(" into repository " + own);
            Cli.Result again = Cli.run(imp.toArray(String[]::new));
            assertThat(again.out()).startsWith("imported 0 operation(s) and 0 progress row(s)")
                    .endsWith("; 1 operation(s) were there already" + System.lineSeparator());
            Cli.Result history = Cli.run("history", "--repository", own);
            assertThat(history.out()).contains(dir.resolve("p.obk").toString()).containsPattern("backup\\s+complete");
            TestServer.drop(p, db);
        }
    }

    /** Moves money between accounts, one transaction per transfer, until told to stop. */
    private static void transfers(String db, AtomicBoolean writing, AtomicLong done) {
        try (Connection c = primary.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                while (writing.get()) {
                    int from = ThreadLocalRandom.current().nextInt(ACCOUNTS);
                    int to = ThreadLocalRandom.current().nextInt(ACCOUNTS);
                    int amount = ThreadLocalRandom.current().nextInt(1, 50);
                    s.executeUpdate("UPDATE " + db + ".account SET balance = balance - " + amount + " WHERE id = " + from);
                    s.executeUpdate("UPDATE " + db + ".account SET balance = balance + " + amount + " WHERE id = " + to);
                    s.executeUpdate("INSERT INTO " + db + ".transfer (amount) VALUES (" + amount + ")");
                    c.commit();
                    done.incrementAndGet();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    record Event(String file, long serverId, String type, String info) {
    }

    /** The events of every binlog of the server, from {@code fromFile} on (all when null). */
    static List<Event> eventsOf(Connection c, String fromFile) throws SQLException {
        List<String> files = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                if (fromFile == null || rs.getString(1).compareTo(fromFile) >= 0) {
                    files.add(rs.getString(1));
                }
            }
        }
        List<Event> out = new ArrayList<>();
        for (String f : files) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINLOG EVENTS IN '" + f + "'")) {
                while (rs.next()) {
                    out.add(new Event(f, rs.getLong("Server_id"), rs.getString("Event_type"), rs.getString("Info")));
                }
            }
        }
        return out;
    }

    private static boolean containsAny(String text, String[] words) {
        if (text == null) {
            return false;
        }
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
