package org.onlinebackup.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log of a run: the frameworks' records and the operation's own lines ({@code [Note]}, {@code [Warning]},
 * {@code [ERROR]}), never on the terminal unless {@code -v}, which shows the operation's lines on standard error
 * too.
 * <p>
 * One file serves every process on the machine: {@code --log-file FILE}, else {@code $OBK_LOG_FILE}, else
 * {@code ~/.online-backup/online-backup.log}. Each record is one line (a stack trace follows it, indented) that
 * starts with its time and the process id, and is written with a single {@code write} to a file opened for
 * appending, so lines of concurrent runs never mix and a run is found by its process id. The file is never rotated
 * while a run writes to it: a run that finds it over {@value #ROTATE_MIB} MiB renames it to {@code FILE.1} before
 * it opens it, and a run that had it open goes on writing there, all its lines in one file.
 */
final class RunLog {
    static final int ROTATE_MIB = 64;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private static volatile Path file;
    /** Held here: the log manager keeps loggers weakly, and a collected logger loses the handler set on it. */
    private static final Logger OPERATION = Logger.getLogger("org.onlinebackup.operation");

    private RunLog() {
    }

    /** The file this process logs to, or null when it logs nowhere (in a test, say). */
    static Path file() {
        return file;
    }

    /** What a failure line ends with: where the log is, when there is one. */
    static String hint() {
        Path f = file;
        return f == null ? "" : " (log: " + f + ", the lines of process " + ProcessHandle.current().pid() + ")";
    }

    /** {@code --log-file FILE}, {@code --log-file=FILE}, {@code -v} and {@code --verbose}: what the log takes from the command line. */
    record Options(Path file, boolean verbose, List<String> rest) {
    }

    /**
     * Takes the log's options out of the command line, wherever they are; a {@code --log-file} without its value is
     * left for the parser to refuse.
     */
    static Options options(String[] args) {
        Path f = null;
        boolean verbose = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                rest.addAll(List.of(args).subList(i, args.length));
                break;
            } else if (a.startsWith("--log-file=") && a.length() > "--log-file=".length()) {
                f = Path.of(a.substring("--log-file=".length()));
            } else if (a.equals("--log-file") && i + 1 < args.length) {
                f = Path.of(args[++i]);
            } else if (a.equals("-v") || a.equals("--verbose")) {
                verbose = true;
            } else {
                rest.add(a);
            }
        }
        return new Options(f, verbose, rest);
    }

    /**
     * Sends the process's log records to the log file, and with {@code verbose} the operation's lines to
     * {@code err}; returns the file, or null when it cannot be opened (then nothing is logged, and the command
     * still runs).
     */
    static Path configure(Path explicit, boolean verbose, PrintStream err) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        String env = System.getenv("OBK_LOG_FILE");
        Path log = explicit != null ? explicit : env != null && !env.isBlank() ? Path.of(env)
                : OptionFile.home().resolve(".online-backup").resolve("online-backup.log");
        log = log.toAbsolutePath().normalize();
        try {
            root.addHandler(new AppendHandler(log));
            file = log;
        } catch (IOException | RuntimeException e) {
            err.println("online-backup: warning: cannot write the log file " + log + " (" + e.getMessage() + "); nothing is logged");
            root.setLevel(Level.OFF);
        }
        if (verbose) {
            Handler h = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    if (isLoggable(r)) {
                        err.println("online-backup: " + r.getMessage());
                    }
                }

                @Override
                public void flush() {
                    err.flush();
                }

                @Override
                public void close() {
                    flush();
                }
            };
            h.setLevel(Level.INFO);
            OPERATION.addHandler(h);
            root.setLevel(Level.INFO);
        }
        return file;
    }

    /** Appends each record as one write to a file opened with O_APPEND. */
    static final class AppendHandler extends Handler {
        private final FileChannel channel;
        private final String pid = Long.toString(ProcessHandle.current().pid());

        AppendHandler(Path log) throws IOException {
            Files.createDirectories(log.getParent());
            if (Files.isRegularFile(log) && Files.size(log) > ROTATE_MIB * 1024L * 1024L) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            // the log names databases, files and accounts: its owner's only, as the images are
            channel = FileChannel.open(log, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                // a log an earlier version made 0644
                Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | UnsupportedOperationException e) {
                // not the owner, or no POSIX permissions: left as it is
            }
            setFormatter(new Formatter() {
                @Override
                public String format(LogRecord r) {
                    StringBuilder b = new StringBuilder(160);
                    b.append(LocalDateTime.ofInstant(r.getInstant(), ZoneId.systemDefault()).format(TIME))
                            .append(" [").append(pid).append("] ").append(r.getLevel().getName()).append(' ')
                            .append(r.getLoggerName()).append(": ").append(formatMessage(r).replace("\n", "\n    ")).append('\n');
                    if (r.getThrown() != null) {
                        StringWriter w = new StringWriter();
                        r.getThrown().printStackTrace(new PrintWriter(w));
                        w.toString().lines().forEach(l -> b.append("    ").append(l).append('\n'));
                    }
                    return b.toString();
                }
            });
        }

        @Override
        public synchronized void publish(LogRecord r) {
            if (!isLoggable(r)) {
                return;
            }
            ByteBuffer bytes = ByteBuffer.wrap(getFormatter().format(r).getBytes(StandardCharsets.UTF_8));
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                reportError("cannot write the log", e, ErrorManager.WRITE_FAILURE);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public synchronized void close() {
            try {
                channel.close();
            } catch (IOException e) {
                reportError("cannot close the log", e, ErrorManager.CLOSE_FAILURE);
            }
        }
    }
}
