package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * {@code bin/online-backup} under a pseudo-terminal ({@code script}), as a DBA sees it: the progress bar is redrawn
 * in place and advances while the data is read, then gives way to the result line. {@code --sleep 1} spaces the
 * blocks a second apart, so several frames fall between two blocks.
 */
class TerminalProgressIT extends DatabaseTestBase {
    private static final int ROWS = 30_000;
    private static final Pattern DATA_FRAME = Pattern.compile(
            "^backup data(?: \\[[#-]+])? +(\\d+)% ([\\d,]+)/~([\\d,]+) rows ");

    @Test
    void theProgressBarAdvancesOnATerminalAndGivesWayToTheResult() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(200))",
                "INSERT INTO " + db + ".t (v) SELECT REPEAT('x', 190) FROM " + db + ".seq_1_to_" + ROWS, "ANALYZE TABLE " + db + ".t");
        Path image = dir.resolve("tty.obk");
        String screen = backupOnATerminal("xterm", "stty cols 120; ", image, "--parallel 1 --sleep 1");

        List<String> frames = Arrays.stream(screen.split("\r")).map(f -> f.replace("\033[K", "")).toList();
        List<Long> rows = new ArrayList<>();
        List<Integer> percents = new ArrayList<>();
        for (String f : frames) {
            Matcher m = DATA_FRAME.matcher(f);
            if (m.find()) {
                long done = Long.parseLong(m.group(2).replace(",", ""));
                if (rows.isEmpty() || rows.get(rows.size() - 1) != done) {
                    rows.add(done);
                    percents.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        assertThat(rows).as("distinct row counts the bar showed, in order, in:\n" + screen.replace("\r", "\n")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(rows).isSorted();
        assertThat(percents).isSorted();
        assertThat(rows.get(rows.size() - 1)).isGreaterThan(ROWS / 2).isLessThanOrEqualTo(ROWS);
        assertThat(percents.get(0)).isLessThan(percents.get(percents.size() - 1));
        assertThat(screen).as("the bar's line is cleared before the result").containsPattern(
                "\r\033\\[Kbacked up 1 database\\(s\\), 1 table\\(s\\), " + ROWS + " row\\(s\\) into " + Pattern.quote(image.toString()));
    }

    /** On a terminal that cannot move the cursor (TERM=dumb, or no TERM), nothing is drawn: the result line alone. */
    @Test
    void aDumbTerminalGetsNoEscapes() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "INSERT INTO " + db + ".t VALUES (1)");
        String screen = backupOnATerminal("dumb", "", dir.resolve("dumb.obk"), "");
        assertThat(screen).contains("backed up 1 database(s)").doesNotContain("\033").doesNotContain("\r\r");
    }

    /** Runs a backup of {@link #db} under {@code script} (a pseudo-terminal) with {@code TERM}; returns what it drew. */
    private String backupOnATerminal(String term, String before, Path image, String options) throws Exception {
        Path cnf = dir.resolve("my.cnf");
        Files.writeString(cnf, "[client]\nhost=" + TestServer.HOST + "\nport=" + TestServer.PORT + "\nuser=" + TestServer.USER
                + "\npassword=" + TestServer.PASSWORD + "\n");
        Path typescript = dir.resolve("typescript-" + term);
        String command = before + "exec " + Path.of("bin", "online-backup").toAbsolutePath() + " backup --defaults-file " + cnf
                + " --databases " + db + " --to " + image + " " + options;
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, typescript.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("script-" + term + ".out").toFile());
        pb.environment().put("OBK_LOG_FILE", dir.resolve("cli.log").toString());
        pb.environment().put("TERM", term);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("backup under script finished").isTrue();
        String screen = Files.readString(typescript, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(screen).isZero();
        return screen;
    }
}
