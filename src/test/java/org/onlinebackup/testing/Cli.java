package org.onlinebackup.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.onlinebackup.cli.Main;

/** Runs the command line in this JVM, as {@code bin/online-backup} would, and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    public static Result run(String... args) {
        return runWithInput("", args);
    }

    public static Result runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new Main.Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, false));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code command} with the test server's connection options, then {@code args}; a backup signed and a restore
     * of a signed image trusting the test key unless {@code args} say otherwise ({@link TestKeys#defaults}).
     */
    public static Result onServer(String command, String... args) {
        List<String> all = new ArrayList<>(TestKeys.defaults(command, args));
        all.addAll(List.of(args));
        return onServerAsGiven(command, all.toArray(String[]::new));
    }

    /** {@code command} with the test server's connection options, then {@code args}, and no key option added. */
    public static Result onServerAsGiven(String command, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(TestServer.cliOptions());
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }
}
