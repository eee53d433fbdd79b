package org.onlinebackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlinebackup.testing.Cli;

/** Errors the command line reports without a server: each one line, with its exit code. */
class CliUsageTest {
    @TempDir
    Path dir;

    @Test
    void usageErrorsExitTwoOnOneLine() {
        for (String[] args : new String[][] {
            {"backup", "--databases", "a"},
            {"backup", "--to", "x.obk"},
            {"backup", "--all", "--databases", "a", "--to", "x.obk"},
            {"restore"},
            {"backup", "--all", "--to", "x.obk", "--quiet", "--json"},
            {"backup", "--all", "--to", "x.obk", "--comment", "c".repeat(ReportOptions.MAX_COMMENT + 1)},
            {"restore", "--from", "x.obk", "--quiet", "--json"},
            {"show"},
            {"show", "twelve"},
            {"purge"},
            {"purge", "--all", "--up-to", "3"},
            {"purge", "--before", "yesterday"},
            {"purge", "--before", "2026-02-30"},
            {"frobnicate"},
            {},
        }) {
            Cli.Result r = Cli.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("online-backup: OBK-1000 ").doesNotContain("\n");
        }
    }

    @Test
    void listShowsAnImageOrAOneLineError() throws IOException {
        Cli.Result missing = Cli.run("list", dir.resolve("none.obk").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("online-backup: OBK-2001 ").doesNotContain("\n");

        Path text = dir.resolve("t.obk");
        Files.writeString(text, "hello");
        Cli.Result notImage = Cli.run("list", text.toString());
        assertThat(notImage.code()).isEqualTo(1);
        assertThat(notImage.err()).contains("OBK-2003");
    }

    @Test
    void theCommandLineIsReadAsTheMariadbClientsReadIt() {
        assertThat(Main.asTheClientsRead(new String[] {"history", "-p", "db1"}))
                .as("-p alone asks for the password; the next word stays a word")
                .containsExactly("history", "--password=" + ConnectionOptions.PROMPT, "db1");
        assertThat(Main.asTheClientsRead(new String[] {"history", "-psecret", "--password=x"}))
                .containsExactly("history", "-psecret", "--password=x");
        assertThat(Main.asTheClientsRead(new String[] {"--defaults-file", "f.cnf", "-u", "me", "--ssl", "backup", "--all"}))
                .as("options before the command are the command's")
                .containsExactly("backup", "--defaults-file", "f.cnf", "-u", "me", "--ssl", "--all");
        assertThat(Main.asTheClientsRead(new String[] {"--defaults-file=f.cnf", "history"}))
                .containsExactly("history", "--defaults-file=f.cnf");
        assertThat(Main.asTheClientsRead(new String[] {"--version"})).containsExactly("--version");
    }

    @Test
    void versionAndAnUnreadableOptionFileBeforeTheCommand() throws IOException {
        for (String v : new String[] {"-V", "--version"}) {
            Cli.Result r = Cli.run(v);
            assertThat(r.code()).isZero();
            assertThat(r.out()).startsWith("online-backup ").contains("(image format 3)");
        }
        Cli.Result r = Cli.run("--defaults-file", dir.resolve("absent.cnf").toString(), "history");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("online-backup: OBK-1006 cannot read option file ");
    }
}
