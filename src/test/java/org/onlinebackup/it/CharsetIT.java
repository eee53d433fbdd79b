package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.onlinebackup.catalogue.Catalogue;
import org.onlinebackup.catalogue.ColumnEntry;
import org.onlinebackup.catalogue.DatabaseEntry;
import org.onlinebackup.catalogue.SnapshotEntry;
import org.onlinebackup.catalogue.TableEntry;
import org.onlinebackup.image.v3.Header;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.PrivateServer;
import org.onlinebackup.testing.TestImages;
import org.onlinebackup.testing.TestServer;

/**
 * Character data restores byte for byte (WL#4060: data in its column's character set, whatever the server's
 * defaults): latin1, cp1251, sjis, gbk, big5 and utf8mb4 columns, with the multi-byte characters whose second byte
 * is a backslash, go from the shared server to a private one whose character set is sjis and whose sql_mode refuses
 * zero dates; the ENUM error value, SET values and zero dates come back too. A collation the server lacks is found
 * before anything changes.
 */
class CharsetIT extends DatabaseTestBase {
    private static final String[] COLUMNS = {"l1", "cp", "sj", "gb", "b5", "u8", "e", "s", "d", "dt"};

    @Test
    void characterDataRestoresByteForByteOnAServerWithOtherDefaults() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db + " CHARACTER SET utf8mb4",
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, l1 VARCHAR(20) CHARACTER SET latin1,"
                        + " cp VARCHAR(20) CHARACTER SET cp1251, sj VARCHAR(20) CHARACTER SET sjis, gb VARCHAR(20) CHARACTER SET gbk,"
                        + " b5 VARCHAR(20) CHARACTER SET big5, u8 VARCHAR(20) CHARACTER SET utf8mb4, e ENUM('a','b'),"
                        + " s SET('x','y'), d DATE, dt DATETIME) ENGINE=InnoDB",
                "SET SESSION sql_mode = ''",
                "INSERT INTO " + db + ".t VALUES (1, _latin1 X'E9E0FF5C27', _cp1251 X'CFF0E8E2E5F2', _sjis X'955C8E8E5C',"
                        + " _gbk X'D6D0CEC45C', _big5 X'B35CA45C', _utf8mb4 X'F09F9880E4B8AD5C', 'b', 'x,y', '2020-01-02',"
                        + " '2020-01-02 03:04:05'),"
                        + " (2, '', '', '', '', '', '', 'not a value', '', '0000-00-00', '0000-00-00 00:00:00'),"
                        + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2020-00-00', NULL)");
        Path image = dir.resolve("charsets.obk");
        Cli.Result b = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(b.code()).as(b.toString()).isZero();
        List<String> source = rows(c, db);
        assertThat(source.get(1)).contains("|0|");

        try (PrivateServer server = PrivateServer.start("charsets", "--character-set-server=sjis",
                "--collation-server=sjis_japanese_ci", "--sql-mode=STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE");
             Connection target = server.connect()) {
            List<String> args = new ArrayList<>(List.of("restore"));
            args.addAll(server.cliOptions());
            args.addAll(List.of("--from", image.toString()));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(rows(target, db)).isEqualTo(source);
            assertThat(TestServer.queryString(target, "SELECT @@character_set_server", 1)).isEqualTo("sjis");
        }
    }

    /** Each row as the hex of every value, the ENUM as its index. */
    private static List<String> rows(Connection conn, String database) throws Exception {
        List<String> out = new ArrayList<>();
        StringBuilder select = new StringBuilder("SELECT id");
        for (String col : COLUMNS) {
            select.append(", ").append(col.equals("e") ? "e + 0" : "HEX(" + col + ")");
        }
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(select + " FROM " + database + ".t ORDER BY id")) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder(rs.getString(1));
                for (int i = 0; i < COLUMNS.length; i++) {
                    b.append('|').append(rs.getString(i + 2));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void aCollationTheServerLacksIsRefusedBeforeAnyChange() throws Exception {
        String create = "CREATE TABLE `t` (`v` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_klingon_ci) ENGINE=InnoDB";
        Catalogue cat = new Catalogue(List.of(new DatabaseEntry(db, "utf8mb4", "utf8mb4_general_ci", "CREATE DATABASE `" + db + "`")),
                List.of(new SnapshotEntry("consistent-snapshot", true)),
                List.of(new TableEntry(0, 0, "t", "InnoDB", 0, create,
                        List.of(new ColumnEntry("v", "varchar", "varchar(10)", "utf8mb4", "utf8mb4_klingon_ci", true)))));
        Path image = TestImages.write(dir.resolve("klingon.obk"), new Header(Instant.now(), "99.0", "utf8mb4",
                "utf8mb4_general_ci", Instant.now(), null, -1, null, "test", "h"), cat, TestImages.chunk(0, 0, true, 1, "x"));
        Cli.Result r = Cli.onServer("restore", "--from", image.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("OBK-4006 the server lacks collation utf8mb4_klingon_ci (used by table `" + db + "`.`t`)",
                "nothing was changed");
        assertThat(TestServer.databaseExists(c, db)).isFalse();
    }
}
