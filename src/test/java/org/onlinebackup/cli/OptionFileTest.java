package org.onlinebackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.testing.Cli;

class OptionFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheClientGroupsWithTheServersSyntax() throws IOException {
        Path inc = dir.resolve("conf.d");
        Files.createDirectory(inc);
        Files.writeString(inc.resolve("50-client.cnf"), "[client]\nsocket = /tmp/other.sock\n");
        Path f = dir.resolve("my.cnf");
        Files.writeString(f, """
                # comment
                [mysqld]
                user = mysql
                [client]
                user = backup_user   # trailing comment
                password = "p#ss \\"word\\""
                port=3307
                [client-mariadb]
                host = 'db.example'
                skip_ssl
                !includedir conf.d
                [online-backup]
                repository_schema = obk_repo
                """);
        OptionFile o = OptionFile.read(f, true);
        assertThat(o.get("user")).isEqualTo("backup_user");
        assertThat(o.get("password")).isEqualTo("p#ss \"word\"");
        assertThat(o.get("port")).isEqualTo("3307");
        assertThat(o.get("host")).isEqualTo("db.example");
        assertThat(o.get("skip-ssl")).isEmpty();
        assertThat(o.get("socket")).isEqualTo("/tmp/other.sock");
        assertThat(o.get("repository-schema")).isEqualTo("obk_repo");
    }

    @Test
    void aMissingDefaultsFileIsAnErrorOnlyWhenNamed() {
        assertThat(OptionFile.read(dir.resolve("absent.cnf"), false).get("user")).isNull();
        assertThatThrownBy(() -> OptionFile.read(dir.resolve("absent.cnf"), true))
                .hasMessageStartingWith(Message.OPTION_FILE.id());
    }

    @Test
    void theFilesAreReadInTheClientsOrderLaterOnesWinning() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectory(home);
        Files.writeString(home.resolve(".my.cnf"), "[client]\nuser = from_home\n[online-backup]\nrepository-schema = r_home\n");
        Path extra = dir.resolve("extra.cnf");
        Files.writeString(extra, "[client-server]\nuser = from_extra\nport = 3310\n[mysqld]\nport = 1\n");
        OptionFile all = OptionFile.defaults(false, null, extra, home);
        assertThat(all.get("user")).as("~/.my.cnf after the extra file").isEqualTo("from_home");
        assertThat(all.get("port")).as("the extra file, not [mysqld]").isEqualTo("3310");
        assertThat(all.get("repository-schema")).isEqualTo("r_home");
        assertThat(all.arguments()).containsSubsequence("--user=from_extra", "--port=3310", "--user=from_home");

        Path only = dir.resolve("only.cnf");
        Files.writeString(only, "[client-mariadb]\nuser = only\n");
        assertThat(OptionFile.defaults(false, only, extra, home).arguments()).as("--defaults-file: that file only")
                .containsExactly("--user=only");
        assertThat(OptionFile.defaults(true, only, extra, home).arguments()).as("--no-defaults").isEmpty();
        assertThatThrownBy(() -> OptionFile.defaults(false, null, dir.resolve("absent.cnf"), home))
                .hasMessageContaining("OBK-1006");
    }

    @Test
    void printDefaultsShowsWhatTheMariadbClientShowsForTheSameFile() throws Exception {
        Path mariadb = Path.of("/usr/bin/mariadb");
        Assumptions.assumeTrue(Files.isExecutable(mariadb), "the mariadb client is installed");
        Path f = dir.resolve("client.cnf");
        Files.writeString(f, "[client]\nuser = a\nport = 3307\npassword = \"s#c\"\n[client-server]\nhost = db1\n"
                + "[client-mariadb]\nuser = b\nssl\n[mysqld]\nport = 1\n[online-backup]\n");
        Process p = new ProcessBuilder(mariadb.toString(), "--defaults-file=" + f, "--print-defaults").redirectErrorStream(true).start();
        String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Cli.Result ours = Cli.run("--defaults-file", f.toString(), "--print-defaults");
        assertThat(ours.code()).isZero();
        assertThat(ours.out().lines().skip(1).toList())
                .isEqualTo(theirs.replaceAll("--password=\\S+", "--password=*****").lines().skip(1).toList());
        assertThat(ours.out()).contains("--user=a --port=3307 --password=***** --host=db1 --user=b --ssl");
    }
}
