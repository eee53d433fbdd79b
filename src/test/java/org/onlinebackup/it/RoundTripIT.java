package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * Back up, drop, restore: every table's row count, CHECKSUM TABLE and SHOW CREATE TABLE are the same afterwards.
 * The databases hold every MariaDB column type, NULLs everywhere, 4-byte characters and latin1, all 256 byte values,
 * an empty table, a table without a primary key, a 10 MB row, foreign keys and odd identifiers.
 */
class RoundTripIT extends DatabaseTestBase {
    String utf;
    String latin;

    @BeforeEach
    void createDatabases() throws Exception {
        utf = db;
        latin = own(TestServer.uniqueName("rt_latin"));
        TestServer.execute(c,
                "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES'",
                "CREATE DATABASE " + utf + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE DATABASE " + latin + " CHARACTER SET latin1",
                "CREATE TABLE " + utf + ".all_types ("
                        + " id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,"
                        + " mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,"
                        + " d65 DECIMAL(65,30), du DECIMAL(10,2) UNSIGNED, f FLOAT, fd DOUBLE,"
                        + " b1 BIT(1), b8 BIT(8), b17 BIT(17), b64 BIT(64),"
                        + " dt DATE, tm TIME, tm6 TIME(6), dtm DATETIME, dtm6 DATETIME(6),"
                        + " ts TIMESTAMP NULL DEFAULT NULL, ts6 TIMESTAMP(6) NULL DEFAULT NULL, y YEAR,"
                        + " c CHAR(10), vc VARCHAR(300), tt TINYTEXT, tx TEXT, mt MEDIUMTEXT, lt LONGTEXT,"
                        + " cl CHAR(10) CHARACTER SET latin1, vcl VARCHAR(300) CHARACTER SET latin1, txl TEXT CHARACTER SET latin1,"
                        + " bn BINARY(8), vb VARBINARY(300), tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB,"
                        + " e ENUM('a','b','c d','ü'), st SET('x','y','z'), j JSON,"
                        + " g GEOMETRY, pt POINT, ls LINESTRING, pg POLYGON, mp MULTIPOINT, gc GEOMETRYCOLLECTION,"
                        + " ip6 INET6, ip4 INET4, uu UUID,"
                        + " gv INT AS (i + 1) VIRTUAL, gs VARCHAR(20) AS (CONCAT(LEFT(vc, 5), '!')) PERSISTENT,"
                        + " inv INT INVISIBLE DEFAULT 7,"
                        + " KEY (vc(20)), UNIQUE KEY (bi)"
                        + ") ENGINE=InnoDB AUTO_INCREMENT=1000",
                "CREATE TABLE " + utf + ".empty (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=InnoDB",
                "CREATE TABLE " + utf + ".no_pk (a INT, b VARCHAR(20), c BLOB) ENGINE=InnoDB",
                "CREATE TABLE " + utf + ".big (id INT PRIMARY KEY, payload LONGBLOB) ENGINE=InnoDB",
                "CREATE TABLE " + utf + ".z_parent (id INT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE " + utf + ".a_child (id INT PRIMARY KEY, parent INT, FOREIGN KEY (parent) REFERENCES z_parent (id)) ENGINE=InnoDB",
                "CREATE TABLE " + utf + ".`odd``name ü` (`col ``q``` INT PRIMARY KEY, `ä` VARCHAR(5)) ENGINE=InnoDB",
                "CREATE TABLE " + latin + ".latin (id INT PRIMARY KEY, t VARCHAR(50), x TEXT) ENGINE=InnoDB");

        TestServer.execute(c,
                "INSERT INTO " + utf + ".all_types (id, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, d65, du, f, fd, b1, b8, b17, b64,"
                        + " dt, tm, tm6, dtm, dtm6, ts, ts6, y, c, vc, e, st, j, g, pt, ip6, ip4, uu) VALUES"
                        + " (0, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,"
                        + "  '-99999999999999999999999999999999999.999999999999999999999999999999', 0, -3.402823466e38, -1.7976931348623157e308,"
                        + "  0, 0, 0, 0, '0000-00-00', '-838:59:59', '-838:59:59.000000', '0000-00-00 00:00:00', '1000-01-01 00:00:00.000000',"
                        + "  '1970-01-01 00:00:01', '1970-01-01 00:00:01.000001', 1901, '', '', 'a', '', '{}',"
                        + "  ST_GeomFromText('POINT(0 0)'), ST_GeomFromText('POINT(-1.5 2.25)'), '::', '0.0.0.0', '00000000-0000-0000-0000-000000000000'),"
                        + " (1, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,"
                        + "  '99999999999999999999999999999999999.999999999999999999999999999999', 99999999.99, 3.402823466e38, 1.7976931348623157e308,"
                        + "  1, 255, 131071, 18446744073709551615, '9999-12-31', '838:59:59', '838:59:59.999999', '9999-12-31 23:59:59',"
                        + "  '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07', '2038-01-19 03:14:07.999999', 2155, 'ABCDEFGHIJ',"
                        + "  'x', 'c d', 'x,y,z', '{\"k\": [1, 2.5, \"ü😀\", null, true]}',"
                        + "  ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))'), ST_GeomFromText('POINT(1e300 -1e-300)'),"
                        + "  'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '255.255.255.255', 'ffffffff-ffff-ffff-ffff-ffffffffffff')",
                "INSERT INTO " + utf + ".all_types (id) VALUES (2)",
                "UPDATE " + utf + ".all_types SET ls = ST_GeomFromText('LINESTRING(0 0,1 1,2 4)'),"
                        + " pg = ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'), mp = ST_GeomFromText('MULTIPOINT(1 1,2 2)'),"
                        + " gc = ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1 1))') WHERE id = 1");

        byte[] all256 = new byte[256];
        for (int k = 0; k < 256; k++) {
            all256[k] = (byte) k;
        }
        Random rnd = new Random(42);
        String texts = "\t\n\\\0'\"%_ \r ü 😀 𝄞 中文 \u00a0 ";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + utf + ".all_types"
                + " (ti, i, bi, d65, f, fd, b17, b64, dtm6, ts6, c, vc, tt, tx, mt, lt, cl, vcl, txl, bn, vb, tb, bl, mb, lb, e, st, j, inv)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int r = 0; r < 3000; r++) {
                int k = 1;
                ps.setInt(k++, rnd.nextInt(256) - 128);
                ps.setInt(k++, rnd.nextInt());
                ps.setLong(k++, rnd.nextLong());
                ps.setString(k++, rnd.nextInt(1_000_000) + "." + Math.abs(rnd.nextLong()));
                ps.setFloat(k++, Float.intBitsToFloat(rnd.nextInt(0x7F000000)));
                ps.setDouble(k++, rnd.nextDouble() * Math.pow(10, rnd.nextInt(600) - 300));
                ps.setLong(k++, rnd.nextInt(131072));
                ps.setLong(k++, rnd.nextLong());
                ps.setString(k++, "2001-02-03 04:05:06." + String.format("%06d", rnd.nextInt(1_000_000)));
                ps.setString(k++, "2020-03-29 01:30:00." + String.format("%06d", rnd.nextInt(1_000_000)));
                String s = randomText(rnd, texts, 10);
                ps.setString(k++, s.strip().length() > 10 ? s.strip().substring(0, 10) : s.strip());
                ps.setString(k++, randomText(rnd, texts, 300));
                ps.setString(k++, randomText(rnd, texts, 60));
                ps.setString(k++, randomText(rnd, texts, 500));
                ps.setString(k++, randomText(rnd, texts, 500));
                ps.setString(k++, r % 7 == 0 ? null : randomText(rnd, texts, 200));
                ps.setString(k++, "é ß ÿ \t\\");
                ps.setString(k++, r % 5 == 0 ? "" : "latin1 çàü ÿ");
                ps.setString(k++, r % 3 == 0 ? null : "Ça va? «»");
                byte[] b8 = new byte[8];
                rnd.nextBytes(b8);
                ps.setBytes(k++, b8);
                ps.setBytes(k++, r % 11 == 0 ? new byte[0] : all256);
                ps.setBytes(k++, r % 13 == 0 ? null : new byte[] {0, '\t', '\n', '\\', 'N'});
                ps.setBytes(k++, all256);
                byte[] m = new byte[rnd.nextInt(400)];
                rnd.nextBytes(m);
                ps.setBytes(k++, m);
                ps.setBytes(k++, r % 17 == 0 ? null : all256);
                ps.setString(k++, r % 9 == 0 ? null : "ü");
                ps.setString(k++, r % 4 == 0 ? "" : "x,z");
                ps.setString(k++, "[" + r + ", \"\\\\t\"]");
                ps.setInt(k, r);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + utf + ".no_pk VALUES (?, ?, ?)")) {
            for (int r = 0; r < 50; r++) {
                ps.setObject(1, r % 10 == 0 ? null : r % 5);
                ps.setString(2, r % 3 == 0 ? "dup" : null);
                ps.setBytes(3, r % 4 == 0 ? null : all256);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        byte[] big = new byte[10 * 1024 * 1024];
        rnd.nextBytes(big);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + utf + ".big VALUES (?, ?)")) {
            ps.setInt(1, 1);
            ps.setBytes(2, big);
            ps.execute();
            ps.setInt(1, 2);
            ps.setBytes(2, all256);
            ps.execute();
        }
        TestServer.execute(c,
                "INSERT INTO " + utf + ".z_parent VALUES (1), (2)",
                "INSERT INTO " + utf + ".a_child VALUES (10, 1), (20, 2), (30, NULL)",
                "INSERT INTO " + utf + ".`odd``name ü` VALUES (1, 'ä😀'), (2, NULL)",
                "INSERT INTO " + latin + ".latin VALUES (1, 'café ÿ ß', 'ÀÉÎÕÜ'), (2, '', NULL)",
                "DELETE FROM " + utf + ".all_types WHERE id = 1500");
    }

    private static String randomText(Random rnd, String alphabet, int max) {
        int n = rnd.nextInt(max + 1);
        StringBuilder sb = new StringBuilder();
        int[] cps = alphabet.codePoints().toArray();
        while (sb.codePointCount(0, sb.length()) < n) {
            sb.appendCodePoint(rnd.nextInt(3) == 0 ? cps[rnd.nextInt(cps.length)] : 'a' + rnd.nextInt(26));
        }
        return sb.toString();
    }

    @Test
    void backupDropRestoreKeepsEveryTableExactly() throws Exception {
        Map<String, List<String>> before = fingerprint();
        assertThat(before).hasSize(8);
        assertThat(before.get(utf + ".all_types").get(0)).isEqualTo("3002");
        assertThat(before.get(utf + ".big").get(0)).isEqualTo("2");

        Path image = dir.resolve("rt.obk");
        Cli.Result backup = Cli.onServer("backup", "--databases", utf + "," + latin, "--to", image.toString());
        assertThat(backup.code()).as(backup.toString()).isZero();
        assertThat(backup.out().strip()).startsWith("backed up 2 database(s), 8 table(s)").doesNotContain("\n");
        assertThat(Files.list(dir)).containsExactly(image);

        Cli.Result list = Cli.run("list", image.toString());
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains("`" + utf + "`.`all_types`", "`" + latin + "`  latin1 / latin1_swedish_ci",
                "total         " + Files.size(image) + " bytes");

        TestServer.drop(c, utf, latin);
        Cli.Result restore = Cli.onServer("restore", "--from", image.toString());
        assertThat(restore.code()).as(restore.toString()).isZero();
        assertThat(restore.out().strip()).startsWith("restored 2 database(s), 8 table(s)");

        assertThat(fingerprint()).isEqualTo(before);
        assertThat(TestServer.queryString(c, "SHOW CREATE DATABASE " + latin, 2)).contains("latin1");
        assertThat(TestServer.queryString(c, "SELECT HEX(b64) FROM " + utf + ".all_types WHERE id = 1", 1))
                .isEqualTo("FFFFFFFFFFFFFFFF");
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + utf + ".all_types WHERE id >= 1000 AND inv = id - 1000"))
                .as("invisible column values").isEqualTo(2999);
    }

    /** Per table: row count, CHECKSUM TABLE, SHOW CREATE TABLE. */
    private Map<String, List<String>> fingerprint() throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String db : List.of(utf, latin)) {
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                         + db + "' ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                String q = db + ".`" + t.replace("`", "``") + "`";
                out.put(db + "." + t, List.of(
                        Long.toString(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + q)),
                        TestServer.queryString(c, "CHECKSUM TABLE " + q + " EXTENDED", 2),
                        TestServer.queryString(c, "SHOW CREATE TABLE " + q, 2)));
            }
        }
        return out;
    }
}
