package org.onlinebackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
                !includedir %s
                [online-backup]
                repository_schema = obk_repo
                """.formatted(inc));
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

    /**
     * Each file in each group this tool reads, alone, gives the options the server's own reader gives
     * ({@code my_print_defaults} of those groups, with {@code HOME} set): the machine's /etc files first, in both.
     * Groups of the server and of the mariadb client alone are not read.
     */
    @Test
    void eachFileInEachGroupReadsAsTheServersReaderReadsIt() throws Exception {
        assumeMyPrintDefaults();
        for (String group : OptionFile.GROUPS) {
            for (String place : List.of("home", "extra", "defaults-file")) {
                Path home = Files.createDirectories(dir.resolve(group + "-" + place));
                Path file = place.equals("home") ? home.resolve(".my.cnf") : dir.resolve(group + "-" + place + ".cnf");
                Files.writeString(file, "[mysqld]\nuser = server_only\n[mysql]\nuser = mysql_client_only\n[" + group + "]\n"
                        + "user = " + group + "_" + place + "\nport = 3399\n[mariadb-client]\nhost = not_ours\n");
                OptionFile ours;
                List<String> theirs;
                switch (place) {
                    case "home" -> {
                        ours = OptionFile.defaults(false, null, null, home);
                        theirs = myPrintDefaults(home);
                    }
                    case "extra" -> {
                        ours = OptionFile.defaults(false, null, file, home);
                        theirs = myPrintDefaults(home, "--defaults-extra-file=" + file);
                    }
                    default -> {
                        ours = OptionFile.defaults(false, file, null, home);
                        theirs = myPrintDefaults(home, "--defaults-file=" + file);
                    }
                }
                assertThat(ours.arguments()).as(group + " in " + place).isEqualTo(theirs)
                        .contains("--user=" + group + "_" + place);
                assertThat(ours.get("user")).isEqualTo(group + "_" + place);
            }
        }
    }

    /**
     * All files at once override each other in the clients' order: /etc, --defaults-extra-file (with what it
     * includes), then ~/.my.cnf; within a file, in the order written. The options read, in order, are those of the
     * server's reader, and the value that counts for each is the last one it lists.
     */
    @Test
    void theFilesOverrideEachOtherInTheClientsOrder() throws Exception {
        assumeMyPrintDefaults();
        Path home = Files.createDirectories(dir.resolve("home"));
        Path confd = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(confd.resolve("20-b.cnf"), "[client]\nport = 3302\n");
        Files.writeString(confd.resolve("10-a.cnf"), "[client-mariadb]\nport = 3301\nhost = from_dir\n");
        Files.writeString(confd.resolve("30-c.txt"), "[client]\nport = 1\n");
        Path included = dir.resolve("included.cnf");
        Files.writeString(included, "[online-backup]\nrepository-schema = from_include\n");
        Path extra = dir.resolve("extra.cnf");
        Files.writeString(extra, "[client-server]\nuser = from_extra\nsocket = /tmp/extra.sock\n!include " + included
                + "\n!includedir " + confd + "\n[client]\nport = 3303\n");
        Files.writeString(home.resolve(".my.cnf"), "[client]\nuser = from_home\n[online-backup]\nrepository_schema = from_home\n");
        OptionFile ours = OptionFile.defaults(false, null, extra, home);
        List<String> theirs = myPrintDefaults(home, "--defaults-extra-file=" + extra);
        assertThat(ours.arguments()).isEqualTo(theirs);
        assertThat(theirs).containsSubsequence("--user=from_extra", "--repository-schema=from_include", "--port=3301",
                "--port=3302", "--port=3303", "--user=from_home");
        for (String key : List.of("user", "port", "host", "socket", "repository-schema")) {
            String last = null;
            for (String arg : theirs) {
                String name = arg.substring(2, arg.contains("=") ? arg.indexOf('=') : arg.length()).replace('_', '-');
                if (name.equals(key)) {
                    last = arg.substring(arg.indexOf('=') + 1);
                }
            }
            assertThat(ours.get(key)).as(key).isEqualTo(last);
        }
        assertThat(ours.get("user")).isEqualTo("from_home");
        assertThat(ours.get("port")).isEqualTo("3303");
        assertThat(ours.get("repository-schema")).isEqualTo("from_home");

        assertThat(OptionFile.defaults(true, null, extra, home).arguments()).isEqualTo(myPrintDefaults(home, "--no-defaults"))
                .isEmpty();
    }

    /** Comments, quotes, escapes, group headers and includes read as the server's reader reads them. */
    @Test
    void theSyntaxIsTheServers() throws Exception {
        assumeMyPrintDefaults();
        Path f = dir.resolve("syntax.cnf");
        Files.writeString(f, String.join("\n",
                "[client ]", "a = 1", "[ client]", "b = 2", "[CLIENT]", "c = x#y", "d = x \"y # z\" # gone",
                "e = \"quoted\"", "f = 'single'  ", "g = \"a\"b", "h = \"unterminated", "i = \\\\x\\t\\q\\s|",
                "j = \"p#ss \\\"word\\\"\"", "skip_ssl # switch", "  spaced key  =  v  ", "empty =",
                "!include " + dir.resolve("absent.cnf"), "[client-server]", "k = 3", ""));
        Path home = Files.createDirectories(dir.resolve("home"));
        assertThat(OptionFile.defaults(false, f, null, home).arguments())
                .isEqualTo(myPrintDefaults(home, "--defaults-file=" + f));
        OptionFile o = OptionFile.defaults(false, f, null, home);
        assertThat(o.get("b")).as("[ client] is another group").isNull();
        assertThat(o.get("c")).isEqualTo("x");
        assertThat(o.get("d")).isEqualTo("x \"y # z\"");
        assertThat(o.get("j")).isEqualTo("p#ss \"word\"");
        assertThat(o.flag("skip-ssl")).isTrue();

        Path missingDir = dir.resolve("missing.cnf");
        Files.writeString(missingDir, "[client]\n!includedir " + dir.resolve("absent.d") + "\n");
        assertThatThrownBy(() -> OptionFile.defaults(false, missingDir, null, home)).as("the server's reader stops too")
                .hasMessageContaining("OBK-1006").hasMessageContaining("absent.d");
    }

    private static void assumeMyPrintDefaults() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/my_print_defaults")), "my_print_defaults is installed");
    }

    /** What the server's option-file reader gives for this tool's groups, with HOME set; passwords masked as ours. */
    private static List<String> myPrintDefaults(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/my_print_defaults"));
        cmd.addAll(List.of(args));
        cmd.addAll(OptionFile.GROUPS);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().map(l -> l.replaceAll("^--password=.*", "--password=*****")).toList();
    }
}
