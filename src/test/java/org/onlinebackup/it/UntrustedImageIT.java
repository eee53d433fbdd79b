package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.DefinitionContext;
import org.onlinebackup.catalogue.EventEntry;
import org.onlinebackup.catalogue.ObjectKind;
import org.onlinebackup.catalogue.RoutineEntry;
import org.onlinebackup.catalogue.SchemaObject;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.catalogue.TriggerEntry;
import org.onlinebackup.catalogue.ViewEntry;
import org.onlinebackup.image.SigningKey;
import org.onlinebackup.testing.Arming;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.ImagePatch;
import org.onlinebackup.testing.TestImages;
import org.onlinebackup.testing.TestKeys;
import org.onlinebackup.testing.TestServer;

/**
 * Hostile images that are well formed: their objects, once restored without a key, are run as an attacker would hope
 * they are run (every procedure and function called, every trigger fired and every view read, by an account with
 * only SELECT, INSERT and EXECUTE on the restored database and by an administrator; the events enabled as the
 * restore says and left to run). The server refuses all they try outside the restored database: the victim
 * database is unchanged and none of its rows comes back, no account or grant is new, no file is written. The same
 * image signed by the operator's key restores as recorded; altered after signing, or unsigned with a key given, it
 * is refused.
 */
class UntrustedImageIT extends DatabaseTestBase {
    private static final DefinitionContext PROGRAM = new DefinitionContext("", "utf8mb4", "utf8mb4_general_ci",
            "utf8mb4_general_ci", null);
    private static final DefinitionContext ANSI_VIEW = new DefinitionContext("ANSI_QUOTES", "utf8mb4", "utf8mb4_general_ci",
            null, null);
    private static final String SECRET = "victim-secret-42";
    private static final Pattern DEFINER = Pattern.compile("`(obk_definer_[0-9a-f]{12})`@`localhost`");
    private String victim;
    private String armer;
    private final List<String> accounts = new ArrayList<>();

    @BeforeEach
    void createVictim() throws Exception {
        victim = own(TestServer.uniqueName("victim"));
        TestServer.execute(c, "CREATE DATABASE " + victim, "CREATE TABLE " + victim + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + victim + ".t VALUES (1), (2)", "CREATE TABLE " + victim + ".secret (s VARCHAR(40))",
                "INSERT INTO " + victim + ".secret VALUES ('" + SECRET + "')");
        armer = "obk_armer_" + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
    }

    @AfterEach
    void dropAccounts() throws Exception {
        for (String a : accounts) {
            TestServer.execute(c, "DROP USER IF EXISTS " + a);
        }
    }

    private static TableEntry table(int n, String name, String create) {
        return new TableEntry(n, 0, name, "InnoDB", 0, create, List.of(new ColumnEntry("id", "int", "int(11)", null, null, true)));
    }

    private TriggerEntry trigger(String name, String table, String body) {
        return new TriggerEntry(0, name, table, "AFTER", "INSERT", 1,
                "CREATE DEFINER=`root`@`localhost` TRIGGER " + name + " AFTER INSERT ON " + table + " FOR EACH ROW " + body, PROGRAM);
    }

    private static RoutineEntry procedure(String name, String rest) {
        return new RoutineEntry(ObjectKind.PROCEDURE, 0, name, "CREATE DEFINER=`root`@`localhost` PROCEDURE " + name + "() " + rest,
                PROGRAM);
    }

    /** An image of one database whose objects each try one way out, in the classes field trials found obeyed. */
    private Catalogue hostile() {
        String v = victim;
        List<TableEntry> tables = List.of(
                table(0, "t_main", "CREATE TABLE `t_main` (`id` int(11) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB"),
                table(1, "t_set", "CREATE TABLE `t_set` (`id` int(11)) ENGINE=InnoDB"),
                table(2, "t_join", "CREATE TABLE `t_join` (`id` int(11)) ENGINE=InnoDB"),
                table(3, "t_paren", "CREATE TABLE `t_paren` (`id` int(11)) ENGINE=InnoDB"),
                table(4, "t_log", "CREATE TABLE `t_log` (`id` int(11) NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) ENGINE=InnoDB"));
        List<SchemaObject> objects = List.of(
                trigger("tr_set", "t_set", "SET STATEMENT max_statement_time = 10 FOR DELETE FROM " + v + ".t"),
                trigger("tr_join", "t_join", "UPDATE t_join AS a STRAIGHT_JOIN " + v + ".t AS b SET b.id = b.id + 100"),
                trigger("tr_paren", "t_paren", "UPDATE (" + v + ".t) SET id = id + 1000"),
                procedure("p_using", "DELETE FROM a USING " + v + ".t AS a"),
                procedure("p_dynamic", "BEGIN PREPARE st FROM 'DELETE FROM " + v + ".t'; EXECUTE st; END"),
                procedure("p_read", "SELECT s FROM " + v + ".secret"),
                procedure("p_invoker", "SQL SECURITY INVOKER DELETE FROM " + v + ".t"),
                procedure("p_grant", "GRANT ALL ON *.* TO 'evil'@'%' IDENTIFIED BY 'x'"),
                procedure("p_user", "CREATE USER 'evil'@'%'"),
                procedure("p_file", "SELECT 'x' INTO OUTFILE '" + outfile() + "'"),
                procedure("p_global", "SET GLOBAL max_connections = 7"),
                new RoutineEntry(ObjectKind.FUNCTION, 0, "f_read", "CREATE DEFINER=`root`@`localhost` FUNCTION f_read()"
                        + " RETURNS varchar(40) READS SQL DATA RETURN (SELECT s FROM " + v + ".secret LIMIT 1)", PROGRAM),
                new ViewEntry(0, "v_priv", "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW"
                        + " v_priv AS SELECT \"User\" AS u FROM \"mysql\".\"global_priv\"", ANSI_VIEW),
                new ViewEntry(0, "v_secret", "CREATE SQL SECURITY INVOKER VIEW v_secret AS SELECT s FROM " + v + ".secret",
                        new DefinitionContext(null, "utf8mb4", "utf8mb4_general_ci", null, null)),
                new EventEntry(0, "e_delete", "CREATE DEFINER=`root`@`localhost` EVENT e_delete ON SCHEDULE EVERY 1 SECOND"
                        + " ON COMPLETION PRESERVE ENABLE DO DELETE FROM " + v + ".t", EventEntry.Status.ENABLED, PROGRAM),
                new EventEntry(0, "e_log", "CREATE DEFINER=`root`@`localhost` EVENT e_log ON SCHEDULE EVERY 1 SECOND"
                        + " ON COMPLETION PRESERVE ENABLE DO INSERT INTO t_log () VALUES ()", EventEntry.Status.ENABLED, PROGRAM));
        return new Catalogue(List.of(new DatabaseEntry(db, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + db + "`")),
                List.of(new SnapshotEntry("consistent-snapshot", true)), tables, objects, List.of(), List.of());
    }

    private byte[][] chunks() {
        return new byte[][] {TestImages.chunk(0, 0, true, 1, "1"), TestImages.chunk(1, 0, true, 0), TestImages.chunk(2, 0, true, 0),
            TestImages.chunk(3, 0, true, 0), TestImages.chunk(4, 0, true, 0)};
    }

    private String outfile() {
        return "/tmp/" + db + ".txt";
    }

    @Test
    void untrustedObjectsCannotReachOutsideTheRestoredDatabaseWhenRun() throws Exception {
        Path image = TestImages.write(dir.resolve("hostile.obk"), hostile(), chunks());
        Cli.Result v = Cli.run("verify", image.toString());
        assertThat(v.code()).as(v.toString()).isZero();
        assertThat(v.out()).contains("untrusted: it is not signed: a restore runs its views, triggers, routines and events as"
                + " `obk_definer_");

        Cli.Result r = Cli.onServerAsGiven("restore", "--from", image.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        Matcher m = DEFINER.matcher(r.err());
        assertThat(m.find()).as(r.toString()).isTrue();
        accounts.add("`" + m.group(1) + "`@`localhost`");
        assertThat(r.err()).contains("the image is untrusted (it is not signed): its 16 view(s), trigger(s), routine(s) and"
                        + " event(s) run as `" + m.group(1) + "`@`localhost`, which may use only database(s) `" + db + "`")
                .contains("definer(s) replaced: `root`@`localhost` (15)")
                .contains("SQL SECURITY INVOKER made DEFINER: procedure `" + db + "`.`p_invoker`, view `" + db + "`.`v_secret`");
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + db
                + "' AND STATUS = 'DISABLED'")).isEqualTo(2);
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + db
                + "' AND DEFINER = '" + m.group(1) + "@localhost' AND SECURITY_TYPE = 'DEFINER'")).isEqualTo(9);

        TestServer.execute(c, "CREATE USER " + armer() + " IDENTIFIED BY 'armer-pw'",
                "GRANT SELECT, INSERT, EXECUTE ON `" + db + "`.* TO " + armer());
        accounts.add(armer());
        String victimBefore = Arming.checksums(c, victim + ".t", victim + ".secret");
        String mysqlBefore = Arming.checksums(c, "mysql.global_priv", "mysql.db", "mysql.tables_priv", "mysql.procs_priv",
                "mysql.roles_mapping", "mysql.proxies_priv", "mysql.columns_priv");
        long maxConnections = TestServer.queryLong(c, "SELECT @@global.max_connections");

        List<String> returned = new ArrayList<>();
        try (Connection limited = Arming.connectAs(armer, "armer-pw")) {
            arm(limited, returned);
        }
        arm(c, returned);
        runEvents(enableStatements(r.err()));

        assertThat(returned).as("values returned by the armed objects").noneMatch(s -> s != null && s.contains(SECRET));
        assertThat(Arming.checksums(c, victim + ".t", victim + ".secret")).as("the victim database").isEqualTo(victimBefore);
        assertThat(Arming.checksums(c, "mysql.global_priv", "mysql.db", "mysql.tables_priv", "mysql.procs_priv", "mysql.roles_mapping",
                "mysql.proxies_priv", "mysql.columns_priv")).as("accounts and grants").isEqualTo(mysqlBefore);
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM mysql.user WHERE User = 'evil'")).isZero();
        assertThat(TestServer.queryLong(c, "SELECT @@global.max_connections")).isEqualTo(maxConnections);
        assertThat(Files.exists(Path.of(outfile()))).as(outfile()).isFalse();
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM `" + db + "`.t_log")).as("e_log ran").isPositive();
    }

    private String armer() {
        return "'" + armer + "'@'%'";
    }

    /** Calls every procedure and function, fires every trigger, reads every view; what comes back is kept. */
    private void arm(Connection conn, List<String> returned) {
        List<String> statements = new ArrayList<>();
        for (String p : List.of("p_using", "p_dynamic", "p_read", "p_invoker", "p_grant", "p_user", "p_file", "p_global")) {
            statements.add("CALL `" + db + "`." + p + "()");
        }
        statements.add("SELECT `" + db + "`.f_read()");
        for (String t : List.of("t_set", "t_join", "t_paren")) {
            statements.add("INSERT INTO `" + db + "`." + t + " VALUES (7)");
        }
        statements.add("SELECT * FROM `" + db + "`.v_priv");
        statements.add("SELECT * FROM `" + db + "`.v_secret");
        for (String sql : statements) {
            Arming.run(conn, sql, returned);
        }
    }

    /** The ALTER EVENT statements the restore printed, to enable the events it left disabled. */
    private static List<String> enableStatements(String err) {
        Matcher m = Pattern.compile("ALTER DEFINER=`obk_definer_[0-9a-f]{12}`@`localhost` EVENT `[^`]+`\\.`[^`]+` ENABLE").matcher(err);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        assertThat(out).hasSize(2);
        return out;
    }

    /**
     * Enables the events as the restore said, turns the event scheduler on until each has run at least once (30 s at
     * most), then sets it back.
     */
    private void runEvents(List<String> enable) throws Exception {
        String scheduler = TestServer.queryString(c, "SELECT @@global.event_scheduler", 1);
        TestServer.execute(c, enable.toArray(String[]::new));
        try {
            TestServer.execute(c, "SET GLOBAL event_scheduler = ON");
            long until = System.nanoTime() + 30_000_000_000L;
            while (TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + db
                    + "' AND LAST_EXECUTED IS NOT NULL") < 2 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        } finally {
            TestServer.execute(c, "SET GLOBAL event_scheduler = " + scheduler, "ALTER EVENT `" + db + "`.e_delete DISABLE",
                    "ALTER EVENT `" + db + "`.e_log DISABLE");
        }
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + db
                + "' AND LAST_EXECUTED IS NOT NULL")).as("events that ran").isEqualTo(2);
    }



    /**
     * Signed by the operator's key, the same image restores as recorded (definers, SQL SECURITY, event status);
     * altered after signing it is refused, and so is the unsigned image when a key is given. Nothing is created by
     * a refused restore.
     */
    @Test
    void signedImagesRestoreAsRecordedAndNothingElseDoes() throws Exception {
        assertThat(TestServer.queryString(c, "SELECT @@global.event_scheduler", 1)).isEqualTo("OFF");
        Path signed = TestImages.writeSigned(dir.resolve("signed.obk"), hostile(), SigningKey.fromFile(TestKeys.privateKey()),
                chunks());
        Cli.Result r = Cli.onServer("restore", "--from", signed.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("untrusted");
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + db
                + "' AND STATUS = 'ENABLED' AND DEFINER = 'root@localhost'")).isEqualTo(2);
        TestServer.execute(c, "ALTER EVENT `" + db + "`.e_delete DISABLE", "ALTER EVENT `" + db + "`.e_log DISABLE");
        assertThat(TestServer.queryString(c, "SELECT SECURITY_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '"
                + db + "' AND ROUTINE_NAME = 'p_invoker'", 1)).isEqualTo("INVOKER");
        assertThat(TestServer.queryString(c, "SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '" + db
                + "' AND TRIGGER_NAME = 'tr_set'", 1)).isEqualTo("root@localhost");
        TestServer.drop(c, db);

        byte[] bytes = Files.readAllBytes(signed);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("DELETE FROM " + victim + ".t");
        bytes[at] = 'd';
        Path altered = dir.resolve("altered.obk");
        Files.write(altered, ImagePatch.reseal(bytes));
        Cli.Result a = Cli.onServer("restore", "--from", altered.toString(), "--trust-key", TestKeys.publicKey().toString());
        assertThat(a.code()).as(a.toString()).isEqualTo(1);
        assertThat(a.err()).contains("OBK-2023 image " + altered + " has been altered since key " + TestKeys.fingerprint()
                + " signed it: the header, catalogue, index or summary does not match the signature");
        assertThat(TestServer.databaseExists(c, db)).isFalse();

        Path plain = TestImages.write(dir.resolve("plain.obk"), hostile(), chunks());
        Path key = dir.resolve("master.key");
        Files.writeString(key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        for (List<String> given : List.of(List.of("--trust-key", TestKeys.publicKey().toString()), List.of("--key-file", key.toString()))) {
            List<String> args = new ArrayList<>(List.of("--from", plain.toString()));
            args.addAll(given);
            Cli.Result p = Cli.onServer("restore", args.toArray(String[]::new));
            assertThat(p.code()).as(p.toString()).isEqualTo(1);
            assertThat(p.err()).contains("OBK-2024 image " + plain + " is not authenticated by").contains("it is not signed");
            assertThat(TestServer.databaseExists(c, db)).isFalse();
        }
    }
}
