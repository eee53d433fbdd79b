package org.onlinebackup.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.onlinebackup.connect.ServerAddress;

import picocli.CommandLine;

/** The address the connection options resolve to, with an option file of the test's own and no terminal. */
final class Resolved {
    private Resolved() {
    }

    static ServerAddress address(Path dir, String optionFile, String... args) throws Exception {
        Path cnf = dir.resolve("my.cnf");
        Files.writeString(cnf, optionFile);
        ConnectionOptions o = new ConnectionOptions();
        String[] all = new String[args.length + 2];
        all[0] = "--defaults-file";
        all[1] = cnf.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        new CommandLine(o).parseArgs(all);
        PrintStream none = new PrintStream(PrintStream.nullOutputStream());
        return o.resolve(new Main.Io(new ByteArrayInputStream(new byte[0]), none, none, false, false)).address();
    }
}
