package org.onlinebackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages under docs/man are those the command line's model makes, and name every option. */
class ManPagesTest {
    private static final Path COMMITTED = Path.of("docs", "man");
    private static final String HOW = "; regenerate the man pages: mvn -B -o -q package -Dmaven.test.skip=true && "
            + ManPages.REGENERATE + ", and commit docs/man";

    @TempDir
    Path dir;

    @Test
    void theCommittedPagesAreTheGeneratedOnesByteForByte() throws IOException {
        ManPages.write(dir);
        assertThat(names(COMMITTED)).as("the pages in docs/man" + HOW).isEqualTo(names(dir));
        for (String name : names(dir)) {
            byte[] committed = Files.readAllBytes(COMMITTED.resolve(name));
            byte[] made = Files.readAllBytes(dir.resolve(name));
            String differs = "docs/man/" + name + " differs from what the model makes" + HOW;
            // the text first, for a readable difference; then every byte
            assertThat(new String(committed, StandardCharsets.UTF_8)).as(differs).isEqualTo(new String(made, StandardCharsets.UTF_8));
            assertThat(committed).as(differs).isEqualTo(made);
        }
    }

    @Test
    void everyOptionOfEveryCommandIsInItsPage() {
        CommandSpec tool = Main.model().getCommandSpec();
        List<CommandSpec> commands = ManPages.commands(tool);
        assertThat(commands).extracting(CommandSpec::name).contains("backup", "restore", "verify", "schedule");
        for (CommandSpec command : commands) {
            String page = ManPages.pages().get(ManPages.pageName(command) + ".1");
            assertThat(page).as(command.name()).isNotNull().contains(".TH " + ManPages.escape(ManPages.pageName(command).toUpperCase(java.util.Locale.ROOT)));
            for (OptionSpec o : command.options()) {
                if (o.hidden()) {
                    continue;
                }
                for (String name : o.names()) {
                    assertThat(page).as(command.name() + " " + name).contains("\\fB" + ManPages.escape(name) + "\\fR");
                }
                if (o.arity().max() > 0) {
                    assertThat(page).as(command.name() + " " + o.longestName() + "'s value")
                            .contains("\\fI" + ManPages.escape(o.paramLabel()) + "\\fR");
                }
            }
        }
        assertThat(ManPages.pages().get("online-backup.1")).contains("\\fB\\-\\-log\\-file\\fR", "OBK_HEAP", "OBK_REPOSITORY",
                "OBK_LOG_FILE", "OBK_KEY", ".SH \"EXIT STATUS\"");
    }

    @Test
    void troffControlCharactersAreEscaped() {
        assertThat(ManPages.escape("--to a\\b it's `x`")).isEqualTo("\\-\\-to a\\eb it\\(aqs \\(gax\\(ga");
        assertThat(ManPages.pages().values()).allSatisfy(page -> {
            for (String line : page.split("\n")) {
                assertThat(line).as("a text line taken for a request").doesNotStartWith("'");
                if (line.startsWith(".")) {
                    assertThat(line).as("a request").matches("\\.(\\\\\"|TH|SH|SY|YS|TP|PP|BR|br|nh|nr|ad) ?.*");
                }
            }
        });
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".1")).sorted().toList();
        }
    }
}
