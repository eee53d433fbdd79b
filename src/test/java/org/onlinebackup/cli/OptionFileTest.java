package org.onlinebackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.feedback.Message;

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
}
