package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.Cli;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * A restore never destroys what it cannot put back: --overwrite replaces a database only if it holds nothing the
 * image lacks; what it would lose is named and nothing changes, unless --drop-extra says it may go too.
 */
class OverwriteIT extends DatabaseTestBase {

    @Test
    void overwritingRefusesToDropWhatTheImageLacks() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + db + ".t VALUES (1)");
        Path image = dir.resolve("over.obk");
        Cli.Result b = Cli.onServer("backup", "--databases", db, "--to", image.toString());
        assertThat(b.code()).as(b.toString()).isZero();

        Cli.Result same = Cli.onServer("restore", "--overwrite", "--from", image.toString());
        assertThat(same.code()).as("a database holding only what the image holds is replaced: " + same).isZero();

        TestServer.execute(c, "INSERT INTO " + db + ".t VALUES (2)", "CREATE VIEW " + db + ".extra_v AS SELECT 1 AS one",
                "CREATE PROCEDURE " + db + ".extra_p() SELECT 1", "CREATE TABLE " + db + ".extra_t (a INT)");
        Cli.Result refused = Cli.onServer("restore", "--overwrite", "--from", image.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).startsWith("online-backup: OBK-4005 --overwrite would drop what the image does not hold: ")
                .contains("table `" + db + "`.`extra_t`", "view `" + db + "`.`extra_v`", "procedure `" + db + "`.`extra_p`",
                        "nothing was changed", "--drop-extra");
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".t")).isEqualTo(2);
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + db + "'"))
                .isEqualTo(1);

        Cli.Result usage = Cli.onServer("restore", "--drop-extra", "--from", image.toString());
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("--drop-extra goes with --overwrite");

        Cli.Result dropped = Cli.onServer("restore", "--overwrite", "--drop-extra", "--from", image.toString());
        assertThat(dropped.code()).as(dropped.toString()).isZero();
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db + "'"))
                .isEqualTo(1);
        assertThat(TestServer.queryLong(c, "SELECT COUNT(*) FROM " + db + ".t")).isEqualTo(1);
    }

    @Test
    void aRestoreWithoutOverwriteNamesTheDatabasesThatExist() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        Path image = dir.resolve("exists.obk");
        assertThat(Cli.onServer("backup", "--databases", db, "--to", image.toString()).code()).isZero();
        Cli.Result r = Cli.onServer("restore", "--from", image.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("OBK-4001 database(s) `" + db + "` already exist on the server");
        String copy = own(TestServer.uniqueName("overwrite_copy"));
        Cli.Result renamed = Cli.onServer("restore", "--from", image.toString(), "--rename", db + "=" + copy);
        assertThat(renamed.code()).as(renamed.toString()).isZero();
        assertThat(TestServer.databaseExists(c, copy)).isTrue();
    }
}
