package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.onlinebackup.testing.Arming;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestImages;
import org.onlinebackup.testing.TestServer;

/**
 * A differential fuzz of the trust boundary, whose oracle is the server. Each round generates stored programs, views,
 * triggers and events from the statement forms MariaDB accepts (writes, reads, reads into variables and into the
 * restored database, dynamic SQL, SET STATEMENT, handlers, account and server statements, files), nested in the
 * ways a body may nest them, each in an image of its own; restores every image without a key; then runs what it
 * restored: each procedure called and function selected, each trigger fired and view read, by an account with only
 * SELECT, INSERT and EXECUTE on its database and by an administrator, and every event enabled as the restore says
 * and left to run once. Afterwards the victim database, the grant tables, the server setting and the files are as
 * they were, and the victim's secret is nowhere: not in a row returned, a user variable, or any table of the
 * restored databases. A statement the server refuses to create fails that image's restore, which is counted, not
 * an error. Bounded: {@code -Dobk.trustfuzz.rounds=N} (default 2 rounds of 12 images), {@code -Dobk.trustfuzz.seed}.
 */
class TrustBoundaryFuzzIT extends DatabaseTestBase {
    private static final String SECRET = "obk-fuzz-secret-7f3a";
    private static final Pattern DEFINER = Pattern.compile("`(obk_definer_[0-9a-f]{12})`@`localhost`");
    private static final DefinitionContext PROGRAM = new DefinitionContext("", "utf8mb4", "utf8mb4_general_ci",
            "utf8mb4_general_ci", null);
    private static final DefinitionContext ANSI = new DefinitionContext("ANSI_QUOTES", "utf8mb4", "utf8mb4_general_ci",
            "utf8mb4_general_ci", null);
    private String victim;
    private Random rnd;
    private final Set<String> definers = new LinkedHashSet<>();

    @Test
    void whatAnUntrustedImageRestoresCannotReachOutsideItsDatabase() throws Exception {
        int rounds = Integer.getInteger("obk.trustfuzz.rounds", 2);
        long seed = Long.getLong("obk.trustfuzz.seed", System.nanoTime());
        rnd = new Random(seed);
        victim = own(TestServer.uniqueName("fuzzvictim"));
        Path secretFile = Files.createTempFile("obk-fuzz-file", ".txt");
        Files.writeString(secretFile, SECRET);
        secretFile.toFile().setReadable(true, false);
        TestServer.execute(c, "CREATE DATABASE " + victim, "CREATE TABLE " + victim + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + victim + ".t VALUES (1), (2)", "CREATE TABLE " + victim + ".secret (s VARCHAR(40))",
                "INSERT INTO " + victim + ".secret VALUES ('" + SECRET + "')",
                "CREATE PROCEDURE " + victim + ".wipe() DELETE FROM " + victim + ".t");
        String armer = "obk_fuzzarmer_" + Long.toString(seed & 0xFFFFFF, 36);
        TestServer.execute(c, "CREATE USER '" + armer + "'@'%' IDENTIFIED BY 'armer-pw'");
        String scheduler = TestServer.queryString(c, "SELECT @@global.event_scheduler", 1);
        long maxConnections = TestServer.queryLong(c, "SELECT @@global.max_connections");
        String victimBefore = Arming.checksums(c, victim + ".t", victim + ".secret");
        String grantsBefore = grants();
        int restored = 0;
        int refusedByServer = 0;
        int objects = 0;
        List<String> returned = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                List<String> dbs = new ArrayList<>();
                List<SchemaObject> armed = new ArrayList<>();
                List<String> enable = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String name = own(TestServer.uniqueName("fuzz"));
                    SchemaObject o = object(name, secretFile, objects++);
                    Path image = TestImages.write(dir.resolve(name + ".obk"), catalogue(name, o), TestImages.chunk(0, 0, true, 0),
                            TestImages.chunk(1, 0, true, 0));
                    Cli.Result r = Cli.onServerAsGiven("restore", "--from", image.toString());
                    Matcher m = DEFINER.matcher(r.err());
                    while (m.find()) {
                        definers.add(m.group(1));
                    }
                    if (r.code() != 0) {
                        assertThat(r.err()).as("seed %d: %s", seed, o.createStatement()).containsAnyOf("OBK-4007", "OBK-2013");
                        refusedByServer++;
                        continue;
                    }
                    restored++;
                    dbs.add(name);
                    armed.add(o);
                    Matcher e = Pattern.compile("ALTER DEFINER=\\S+ EVENT \\S+ ENABLE").matcher(r.err());
                    while (e.find()) {
                        enable.add(e.group());
                    }
                    TestServer.execute(c, "GRANT SELECT, INSERT, EXECUTE ON `" + name + "`.* TO '" + armer + "'@'%'");
                }
                try (Connection limited = Arming.connectAs(armer, "armer-pw")) {
                    for (int i = 0; i < armed.size(); i++) {
                        arm(limited, dbs.get(i), armed.get(i), returned);
                    }
                }
                for (int i = 0; i < armed.size(); i++) {
                    arm(c, dbs.get(i), armed.get(i), returned);
                }
                runEvents(enable, scheduler);
                for (String db : dbs) {
                    returned.addAll(everything(db));
                }
                assertThat(returned).as("seed %d: the secret", seed).noneMatch(s -> s != null && s.contains(SECRET));
                assertThat(Arming.checksums(c, victim + ".t", victim + ".secret")).as("seed %d: the victim", seed).isEqualTo(victimBefore);
                assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                        + victim + "'")).as("seed %d: the victim's tables", seed).isEqualTo(2);
            }
            assertThat(grants()).as("seed %d: accounts and grants", seed).isEqualTo(grantsBefore);
            assertThat(TestServer.queryLong(c, "SELECT @@global.max_connections")).isEqualTo(maxConnections);
            try (var files = Files.list(Path.of("/tmp"))) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith("obk-fuzz-out"))).as("seed %d", seed).isEmpty();
            }
            assertThat(restored).as("seed %d: images restored", seed).isPositive();
            System.out.println("TrustBoundaryFuzzIT: seed " + seed + ", " + objects + " objects, " + restored + " restored and run, "
                    + refusedByServer + " refused by the server at creation, " + returned.size() + " values read back");
        } finally {
            TestServer.execute(c, "SET GLOBAL event_scheduler = " + scheduler, "SET GLOBAL max_connections = " + maxConnections,
                    "DROP USER IF EXISTS '" + armer + "'@'%'");
            for (String d : definers) {
                TestServer.execute(c, "DROP USER IF EXISTS `" + d + "`@`localhost`");
            }
            Files.deleteIfExists(secretFile);
        }
    }

    private Catalogue catalogue(String name, SchemaObject o) {
        List<ColumnEntry> id = List.of(new ColumnEntry("id", "int", "int(11)", null, null, true));
        List<ColumnEntry> s = List.of(new ColumnEntry("s", "varchar", "varchar(200)", "utf8mb4", "utf8mb4_general_ci", true));
        return new Catalogue(List.of(new DatabaseEntry(name, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + name + "`")),
                List.of(new SnapshotEntry("consistent-snapshot", true)),
                List.of(new TableEntry(0, 0, "own_t", "InnoDB", 0, "CREATE TABLE `own_t` (`id` int(11)) ENGINE=InnoDB", id),
                        new TableEntry(1, 0, "own_log", "InnoDB", 0,
                                "CREATE TABLE `own_log` (`s` varchar(200)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", s)),
                List.of(o), List.of(), List.of());
    }

    // ---- the generator --------------------------------------------------------------------------------------------

    private String pick(String... choices) {
        return choices[rnd.nextInt(choices.length)];
    }

    private String writeTarget() {
        return pick(victim + ".t", "`" + victim + "`.`t`", victim + ".`t`", victim + " . t");
    }

    private String readTarget() {
        return pick(victim + ".secret", "`" + victim + "`.`secret`", victim + ". secret", "(" + victim + ".secret)");
    }

    /** A statement that changes the victim, its schema, accounts, the server or files. */
    private String write(int n) {
        String x = writeTarget();
        return switch (rnd.nextInt(16)) {
            case 0 -> "INSERT INTO " + x + " VALUES (100 + " + n + ")";
            case 1 -> "INSERT INTO " + x + " SELECT 200 + " + n;
            case 2 -> "REPLACE INTO " + x + " VALUES (1)";
            case 3 -> "UPDATE " + x + " SET id = id + 10";
            case 4 -> "UPDATE own_t AS a STRAIGHT_JOIN " + x + " AS b SET b.id = b.id + 1000";
            case 5 -> "UPDATE own_t a JOIN " + x + " b ON 1 = 1 SET b.id = b.id + 5";
            case 6 -> "DELETE FROM " + x;
            case 7 -> "DELETE b FROM own_t a JOIN " + x + " b";
            case 8 -> "DELETE FROM b USING own_t AS a JOIN " + x + " AS b";
            case 9 -> "TRUNCATE TABLE " + x;
            case 10 -> "DROP TABLE " + x;
            case 11 -> "ALTER TABLE " + x + " ADD COLUMN z INT";
            case 12 -> "CALL " + victim + ".wipe()";
            case 13 -> pick("GRANT ALL ON *.* TO 'obk_evil'@'%' IDENTIFIED BY 'x'", "CREATE USER 'obk_evil'@'%'",
                    "GRANT ALL ON `" + victim + "`.* TO CURRENT_USER", "CREATE ROLE obk_evil_role");
            case 14 -> pick("SET GLOBAL max_connections = 7", "SELECT 'x' INTO OUTFILE '/tmp/obk-fuzz-out-" + n + "'",
                    "CREATE TABLE " + victim + ".planted (i INT)", "RENAME TABLE " + x + " TO own_moved");
            default -> "UPDATE (" + victim + ".t) SET id = id + 1";
        };
    }

    /** A statement that reads the secret: to the caller, into a variable, or into the restored database. */
    private String read(boolean resultSet, Path file) {
        String y = readTarget();
        if (resultSet && rnd.nextBoolean()) {
            return switch (rnd.nextInt(6)) {
                case 0 -> "SELECT s FROM " + y;
                case 1 -> "SELECT a.id, b.s FROM own_t a RIGHT JOIN " + y + " b ON 1 = 1";
                case 2 -> "SELECT (SELECT s FROM " + y + " LIMIT 1) AS s";
                case 3 -> "WITH c AS (SELECT s FROM " + y + ") SELECT * FROM c";
                case 4 -> "SELECT s FROM own_log UNION SELECT s FROM " + y;
                default -> "SELECT LOAD_FILE('" + file + "') AS s";
            };
        }
        return switch (rnd.nextInt(5)) {
            case 0 -> "SELECT s INTO @obk_v FROM " + y + " LIMIT 1";
            case 1 -> "INSERT INTO own_log SELECT s FROM " + y;
            case 2 -> "INSERT INTO own_log VALUES (LOAD_FILE('" + file + "'))";
            case 3 -> "SET @obk_v = (SELECT s FROM " + y + " LIMIT 1)";
            default -> "INSERT INTO own_log (s) SELECT s FROM " + y + " WHERE s IS NOT NULL";
        };
    }

    private String statement(boolean resultSet, Path file, int n) {
        return rnd.nextBoolean() ? write(n) : read(resultSet, file);
    }

    /** A body: the statement as it is, or wrapped as a body may wrap it. */
    private String body(boolean dynamic, boolean resultSet, Path file, int n) {
        String s = statement(resultSet, file, n);
        int wrap = rnd.nextInt(dynamic ? 7 : 5);
        return switch (wrap) {
            case 0 -> s;
            case 1 -> "BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END; " + s + "; " + statement(resultSet, file, n) + "; END";
            case 2 -> "BEGIN IF 1 = 1 THEN " + s + "; END IF; END";
            case 3 -> s.startsWith("SELECT") || s.startsWith("SET") || s.startsWith("CALL") || s.startsWith("GRANT")
                    || s.startsWith("CREATE") || s.startsWith("TRUNCATE") || s.startsWith("DROP") || s.startsWith("ALTER")
                    || s.startsWith("RENAME") ? s : "SET STATEMENT max_statement_time = 10 FOR " + s;
            case 4 -> "lbl: BEGIN " + s + "; END lbl";
            case 5 -> "BEGIN PREPARE st FROM '" + s.replace("'", "''") + "'; EXECUTE st; DEALLOCATE PREPARE st; END";
            default -> "EXECUTE IMMEDIATE '" + s.replace("'", "''") + "'";
        };
    }

    private String definer() {
        return pick("DEFINER=`root`@`localhost` ", "", "DEFINER=CURRENT_USER ", "DEFINER=`" + TestServer.USER + "`@`%` ");
    }

    private SchemaObject object(String db, Path file, int n) {
        String security = pick("", "SQL SECURITY INVOKER ", "SQL SECURITY DEFINER ");
        return switch (rnd.nextInt(5)) {
            case 0 -> new RoutineEntry(ObjectKind.PROCEDURE, 0, "p", "CREATE " + definer() + "PROCEDURE p() " + security
                    + body(true, true, file, n), PROGRAM);
            case 1 -> new RoutineEntry(ObjectKind.FUNCTION, 0, "f", "CREATE " + definer() + "FUNCTION f() RETURNS varchar(200) "
                    + security + "MODIFIES SQL DATA BEGIN " + statement(false, file, n) + "; RETURN (SELECT s FROM "
                    + readTarget() + " LIMIT 1); END", PROGRAM);
            case 2 -> new TriggerEntry(0, "tr", "own_t", "AFTER", "INSERT", 1, "CREATE " + definer() + "TRIGGER tr"
                    + " AFTER INSERT ON own_t FOR EACH ROW " + body(false, false, file, n), PROGRAM);
            case 3 -> view(security);
            default -> new EventEntry(0, "e", "CREATE " + definer() + "EVENT e ON SCHEDULE EVERY 1 SECOND ON COMPLETION PRESERVE"
                    + " ENABLE DO " + body(true, false, file, n), EventEntry.Status.ENABLED, PROGRAM);
        };
    }

    private ViewEntry view(String security) {
        boolean ansi = rnd.nextBoolean();
        String y = ansi ? pick("\"" + victim + "\".\"secret\"", "\"" + victim + "\".secret") : readTarget();
        String select = switch (rnd.nextInt(4)) {
            case 0 -> "SELECT s FROM " + y;
            case 1 -> "SELECT (SELECT s FROM " + y + " LIMIT 1) AS s";
            case 2 -> "SELECT s FROM own_log UNION SELECT s FROM " + y;
            default -> "SELECT b.s FROM own_t a RIGHT JOIN " + y + " b ON 1 = 1";
        };
        return new ViewEntry(0, "v", "CREATE " + pick("", "ALGORITHM=MERGE ", "ALGORITHM=TEMPTABLE ") + definer() + security
                + "VIEW v AS " + select, ansi ? ANSI : new DefinitionContext(null, "utf8mb4", "utf8mb4_general_ci", null, null));
    }

    // ---- running what was restored --------------------------------------------------------------------------------

    private void arm(Connection conn, String db, SchemaObject o, List<String> returned) {
        String sql = switch (o.kind()) {
            case PROCEDURE -> "CALL `" + db + "`.p()";
            case FUNCTION -> "SELECT `" + db + "`.f()";
            case TRIGGER -> "INSERT INTO `" + db + "`.own_t VALUES (7)";
            case VIEW -> "SELECT * FROM `" + db + "`.v";
            default -> null;
        };
        if (sql != null) {
            Arming.run(conn, sql, returned);
        }
        Arming.run(conn, "SELECT @obk_v", returned);
    }


    /** Enables the events, lets each run at least once (30 s at most), and sets the scheduler back. */
    private void runEvents(List<String> enable, String scheduler) throws Exception {
        if (enable.isEmpty()) {
            return;
        }
        TestServer.execute(c, enable.toArray(String[]::new));
        try {
            TestServer.execute(c, "SET GLOBAL event_scheduler = ON");
            long until = System.nanoTime() + 30_000_000_000L;
            while (ran(enable) < enable.size() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        } finally {
            TestServer.execute(c, "SET GLOBAL event_scheduler = " + scheduler);
        }
        assertThat(ran(enable)).as("events that ran").isEqualTo(enable.size());
    }

    private long ran(List<String> enable) throws SQLException {
        long n = 0;
        for (String e : enable) {
            Matcher m = Pattern.compile("EVENT `([^`]+)`\\.`([^`]+)`").matcher(e);
            assertThat(m.find()).isTrue();
            n += TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + m.group(1)
                    + "' AND EVENT_NAME = '" + m.group(2) + "' AND LAST_EXECUTED IS NOT NULL");
        }
        return n;
    }

    /** Every value of every table of {@code db}. */
    private List<String> everything(String db) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = '" + db + "' AND TABLE_TYPE = 'BASE TABLE'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String t : tables) {
            Arming.run(c, "SELECT * FROM `" + db + "`.`" + t + "`", out);
        }
        return out;
    }


    /** Accounts and grants, but the definers the restores made and the grants of the arming account. */
    private String grants() throws SQLException {
        StringBuilder b = new StringBuilder();
        for (String sql : List.of("SELECT User, Host, Priv FROM mysql.global_priv WHERE User NOT LIKE 'obk\\_definer\\_%'"
                        + " AND User NOT LIKE 'obk\\_fuzzarmer\\_%' ORDER BY 1, 2",
                "SELECT User, Host, Db FROM mysql.db WHERE User NOT LIKE 'obk\\_definer\\_%' AND User NOT LIKE 'obk\\_fuzzarmer\\_%'"
                        + " ORDER BY 1, 2, 3",
                "SELECT * FROM mysql.tables_priv ORDER BY 1, 2, 3, 4", "SELECT * FROM mysql.roles_mapping ORDER BY 1, 2, 3",
                "SELECT * FROM mysql.proxies_priv ORDER BY 1, 2, 3, 4")) {
            List<String> rows = new ArrayList<>();
            Arming.run(c, sql, rows);
            b.append(rows).append('\n');
        }
        return b.toString();
    }

}
