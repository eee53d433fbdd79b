package org.onlinebackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.onlinebackup.testing.DatabaseTestBase;
import org.onlinebackup.testing.TestServer;

/**
 * The log of bin/online-backup: --log-file names it and a failure's line says where it is and which process wrote
 * it; -v shows the operation's lines on standard error; processes running at once share one file, each line whole
 * and marked with its process; a log too big is set aside before a run opens it, never during one.
 */
class RunLogIT extends DatabaseTestBase {
    private static final Pattern LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[(\\d+)\\] [A-Z]+ \\S+: .*");

    @Test
    void concurrentRunsShareOneFileLineByLine() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)", "INSERT INTO " + db + ".t VALUES (1)");
        Path log = dir.resolve("shared.log");
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(start(List.of("backup", "--log-file", log.toString(), "--databases", db, "--to", dir.resolve("b" + i + ".obk").toString()), true, i));
            runs.add(start(List.of("list", "--log-file=" + log, dir.resolve("absent" + i + ".obk").toString()), false, 10 + i));
        }
        Set<String> pids = new TreeSet<>();
        for (Process p : runs) {
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            pids.add(Long.toString(p.pid()));
        }
        Set<String> seen = new TreeSet<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("    ")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("a whole line: " + line).isTrue();
            seen.add(m.group(1));
        }
        assertThat(seen).as("every process's lines, marked with its id").isEqualTo(pids);
        String list = Files.readString(dir.resolve("run10.err"));
        assertThat(list.strip()).isEqualTo("online-backup: OBK-2001 image " + dir.resolve("absent0.obk") + " does not exist (log: "
                + log + ", the lines of process " + runs.get(1).pid() + ")");
        assertThat(Files.readString(log)).contains("[" + runs.get(1).pid() + "] WARNING org.onlinebackup.cli: online-backup: OBK-2001 image "
                + dir.resolve("absent0.obk"));
    }

    @Test
    void verboseShowsTheOperationsLinesAndABigLogIsSetAsideBeforeARun() throws Exception {
        TestServer.execute(c, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        Path log = dir.resolve("big.log");
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(65L * 1024 * 1024);
        }
        Process p = start(List.of("-v", "backup", "--databases", db, "--to", dir.resolve("v.obk").toString(), "--log-file", log.toString()), true, 0);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("run0.err"))).isZero();
        assertThat(Files.readString(dir.resolve("run0.err"))).as(Files.readString(log)).contains("online-backup: [Note] Backup: Starting backup process",
                "online-backup: [Note] Backup: Backup completed").doesNotContain("Weld", "Hibernate");
        assertThat(Files.size(dir.resolve("big.log.1"))).isEqualTo(65L * 1024 * 1024);
        assertThat(Files.size(log)).isLessThan(1024 * 1024);
        assertThat(Files.readString(log)).contains("[" + p.pid() + "] INFO org.onlinebackup.operation: [Note] Backup: Backup completed");
    }

    private Process start(List<String> args, boolean connect, int n) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of("bin", "online-backup").toAbsolutePath().toString());
        cmd.addAll(args);
        if (connect) {
            cmd.addAll(TestServer.cliOptions());
        }
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("run" + n + ".out").toFile())
                .redirectError(dir.resolve("run" + n + ".err").toFile()).start();
    }
}
