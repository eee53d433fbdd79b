package org.onlinebackup.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/online-backup} in a process of its own, on the test server: its standard output and error go to
 * {@code NAME.out} and {@code NAME.err} in a directory, its log to {@code cli.log} there.
 */
public final class CliProcess {
    private final Path dir;
    private final String name;
    private final Process process;

    private CliProcess(Path dir, String name, Process process) {
        this.dir = dir;
        this.name = name;
        this.process = process;
    }

    /** Starts {@code command} with the test server's connection options, then {@code args}. */
    public static CliProcess start(Path dir, String name, String command, String... args) throws IOException {
        return start(dir, name, TestServer.cliOptions(), command, args);
    }

    /** Starts {@code command} with {@code connection} (the options of another server), then {@code args}. */
    public static CliProcess start(Path dir, String name, List<String> connection, String command, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of("bin", "online-backup").toAbsolutePath().toString());
        cmd.add(command);
        cmd.addAll(connection);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put("OBK_LOG_FILE", dir.resolve("cli.log").toString());
        return new CliProcess(dir, name, pb.start());
    }

    /** Runs {@code command} to its end (at most 10 minutes). */
    public static Cli.Result run(Path dir, String name, String command, String... args) throws Exception {
        CliProcess p = start(dir, name, command, args);
        return p.await();
    }

    public Cli.Result await() throws Exception {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bin/online-backup " + name + " did not end within 10 minutes");
        }
        return new Cli.Result(process.exitValue(), out(), Files.readString(dir.resolve(name + ".err")));
    }

    /** What it has printed on its standard output so far. */
    public String out() throws IOException {
        return Files.readString(dir.resolve(name + ".out"));
    }

    /** The log file the process writes (OBK_LOG_FILE), shared by the processes of the test. */
    public Path logFile() {
        return dir.resolve("cli.log");
    }

    /** Whether the process still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, as a service manager stops a daemon; {@link #await} then gives how it ended. */
    public void terminate() {
        process.destroy();
    }

    /** kill -9: the process ends at once, with nothing cleaned up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("bin/online-backup " + name + " survived kill -9");
        }
    }
}
