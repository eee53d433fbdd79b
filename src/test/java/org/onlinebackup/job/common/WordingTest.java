package org.onlinebackup.job.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A job started without the command line reads its lines in job parameters: every option an operation's message
 * names has one, so a WildFly or JobOperator user is never told of a flag they cannot give.
 */
class WordingTest {
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z-]*[a-z])");

    @Test
    void optionsBecomeJobParameters() {
        assertThat(Wording.inJobParameters("database(s) `a` already exist on the server; restore with --overwrite to replace"
                + " them, or under another name with --rename"))
                .isEqualTo("database(s) `a` already exist on the server; restore with overwrite=true to replace them,"
                        + " or under another name with rename");
        assertThat(Wording.inJobParameters("give its key with --key-file FILE or the environment variable OBK_KEY"))
                .isEqualTo("give its key with keyFile=FILE or the environment variable OBK_KEY");
        assertThat(Wording.inJobParameters("retry later, or raise --lock-timeout")).isEqualTo("retry later, or raise lockTimeout");
        assertThat(Wording.inJobParameters("restore them too (--databases); see --help, and `a--b`"))
                .isEqualTo("restore them too (databases); see --help, and `a--b`");
    }

    @Test
    void theCommandLineKeepsItsOptions() {
        Properties cli = new Properties();
        cli.setProperty(JobParams.COMMAND_LINE, "true");
        assertThat(Wording.of(cli).apply("restore with --overwrite")).isEqualTo("restore with --overwrite");
        assertThat(Wording.of(new Properties()).apply("restore with --overwrite")).isEqualTo("restore with overwrite=true");
    }

    @Test
    void everyOptionAnOperationNamesHasAJobParameter() throws IOException {
        List<String> named = new ArrayList<>();
        Path main = Path.of("src/main/java/org/onlinebackup");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(main.resolve("cli"))).toList()) {
                Matcher m = LITERAL.matcher(Files.readString(f));
                while (m.find()) {
                    named.addAll(options(m.group(1)));
                }
            }
        }
        assertThat(named).as("options named outside the command line").isNotEmpty().contains("overwrite", "lock-timeout");
        assertThat(named).allSatisfy(o -> assertThat(Wording.parameter(o)).as("the job parameter of --" + o).isNotNull());
    }

    private static List<String> options(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
