package org.onlinebackup.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * Which option files a command reads, as every MariaDB client takes it whatever it does: an alias or a script that
 * passes {@code --defaults-file} to every command works with the commands that reach no server too.
 */
final class OptionFileChoice {
    @Option(names = "--defaults-file", paramLabel = "FILE",
            description = "Read options from FILE only, instead of /etc/my.cnf, /etc/mysql/my.cnf and ~/.my.cnf.")
    Path defaultsFile;

    @Option(names = "--defaults-extra-file", paramLabel = "FILE",
            description = "Read FILE too, after /etc/my.cnf and /etc/mysql/my.cnf and before ~/.my.cnf.")
    Path defaultsExtraFile;

    @Option(names = "--no-defaults", description = "Read no option file.")
    boolean noDefaults;

    /** The option files chosen. */
    OptionFile read() {
        return OptionFile.defaults(noDefaults, defaultsFile, defaultsExtraFile, OptionFile.home());
    }
}
