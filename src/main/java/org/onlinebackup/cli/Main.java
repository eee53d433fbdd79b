package org.onlinebackup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.onlinebackup.Version;
import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;
import org.onlinebackup.image.v3.ImageFormat;
import org.onlinebackup.runtime.se.SeBatchRuntime;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code online-backup}: BACKUP and RESTORE of MariaDB databases from the command line. Each command prints one
 * line of result and exits 0, or prints a one-line error and exits 1 (2 for a usage error).
 */
@Command(name = "online-backup", versionProvider = Main.ToolVersion.class,
        description = "Consistent online backup and restore of MariaDB databases.",
        usageHelpAutoWidth = true)
public final class Main implements Runnable {
    /** The commands, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(BackupCommand.class, RestoreCommand.class, ListCommand.class,
            VerifyCommand.class, InfoCommand.class, ArchiveCommand.class, FindCommand.class, ExpireCommand.class,
            HistoryCommand.class, ShowCommand.class, PurgeCommand.class, StopCommand.class, RestartCommand.class, AbandonCommand.class,
            ScheduleCommand.class, KeygenCommand.class, ImportHistoryCommand.class);

    /** {@code online-backup --version}: the tool's version, and the image format it writes. */
    static final class ToolVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.tool() + " (image format " + ImageFormat.VERSION + ")"};
        }
    }

    static {
        // picocli's own warnings (about quotes in a value it splits, say) would go to the terminal; the value is
        // used as given, and a database may well be named with a quote
        if (System.getProperty("picocli.trace") == null) {
            System.setProperty("picocli.trace", "OFF");
        }
    }

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @CommandLine.Option(names = {"-V", "--version"}, versionHelp = true, description = "Show the version.")
    boolean version;

    @CommandLine.Option(names = "--log-file", paramLabel = "FILE", description = "Log to FILE (default: $OBK_LOG_FILE, else"
            + " ~/.online-backup/online-backup.log); with any command.")
    Path logFile;

    @CommandLine.Option(names = {"-v", "--verbose"}, description = "Show the operation's log lines on standard error too;"
            + " with any command.")
    boolean verbose;

    Io io;

    /**
     * Where a run reads and writes; {@code interactive} when a person is at the terminal, {@code terminalOut} when
     * standard output is a terminal (then a backup or restore shows a progress bar).
     */
    public record Io(InputStream in, PrintStream out, PrintStream err, boolean interactive, boolean terminalOut) {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        RunLog.Options log = RunLog.options(args);
        RunLog.configure(log.file(), log.verbose(), System.err);
        // an error that escapes a worker thread (a full heap hits any thread) goes to the log, not the terminal,
        // which shows the operation's one-line result
        Thread.setDefaultUncaughtExceptionHandler((t, e) ->
                Logger.getLogger("org.onlinebackup").log(Level.SEVERE, "uncaught in thread " + t.getName(), e));
        int code = run(args, new Io(System.in, System.out, System.err, System.console() != null, Terminal.stdoutIsTerminal()));
        boolean ranJob = SeBatchRuntime.started();
        SeBatchRuntime.shutdown();
        if (ranJob) {
            keepClassArchive();
        }
        System.exit(code);
    }

    /**
     * The launcher asks the JVM of a backup or restore to write a class data archive at its exit
     * ({@code obk.cds.archive}), for later runs to start faster. Only a run that started a job loaded the classes a
     * job needs; one refused before (a bad option, an unknown database, {@code --help}) would leave an archive that
     * makes every later run slower, so the launcher keeps only an archive that this marks.
     */
    private static void keepClassArchive() {
        String archive = System.getProperty("obk.cds.archive");
        if (archive == null) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(archive + ".keep"));
            Files.createFile(Path.of(archive + ".keep"));
        } catch (IOException | RuntimeException e) {
            // no archive then: the next backup or restore makes one
        }
    }

    /** The whole command line model: the tool's options and every command's. */
    static CommandLine model() {
        return model(new Main(), new String[0]);
    }

    /**
     * The model that reads {@code args}: with the commands they name, or all commands if they name none. Building a
     * command's model takes picocli a tenth of a second per command; a command line needs one.
     */
    private static CommandLine model(Main main, String[] args) {
        CommandLine cl = new CommandLine(main);
        Set<String> words = Set.copyOf(Arrays.asList(args));
        List<Class<?>> named = COMMANDS.stream().filter(c -> words.contains(c.getAnnotation(Command.class).name())).toList();
        for (Class<?> c : named.isEmpty() ? COMMANDS : named) {
            cl.addSubcommand(c);
        }
        return cl;
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String[] args, Io io) {
        Main main = new Main();
        main.io = io;
        CommandLine cl = model(main, args);
        args = asTheClientsRead(RunLog.options(args).rest().toArray(String[]::new), cl);
        if (Arrays.asList(args).contains("--print-defaults")) {
            return printDefaults(args, io);
        }
        cl.setOut(new java.io.PrintWriter(io.out(), true));
        cl.setErr(new java.io.PrintWriter(io.err(), true));
        cl.setParameterExceptionHandler((e, a) -> {
            io.err().println("online-backup: " + Message.USAGE.format(e.getMessage().replaceAll("\\s+", " ").trim())
                    + " (see: online-backup " + commandName(e.getCommandLine()) + "--help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, r) -> {
            io.err().println("online-backup: " + OnlineBackupException.describe(e) + RunLog.hint());
            // the log file has it too: a refusal before any operation started leaves no other trace
            Logger.getLogger("org.onlinebackup.cli").warning("online-backup: " + OnlineBackupException.describe(e));
            return e instanceof OnlineBackupException ob && ob.messageId() == Message.USAGE ? USAGE : FAILED;
        });
        return cl.execute(args);
    }

    /**
     * {@code --print-defaults}, as the MariaDB clients have it: the options the option files give (those
     * {@code --no-defaults}, {@code --defaults-file} and {@code --defaults-extra-file} choose), in the order read.
     */
    private static int printDefaults(String[] args, Io io) {
        List<String> a = Arrays.asList(args);
        Path file = null;
        Path extra = null;
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i);
            if (s.startsWith("--defaults-file=")) {
                file = Path.of(s.substring("--defaults-file=".length()));
            } else if (s.equals("--defaults-file") && i + 1 < a.size()) {
                file = Path.of(a.get(++i));
            } else if (s.startsWith("--defaults-extra-file=")) {
                extra = Path.of(s.substring("--defaults-extra-file=".length()));
            } else if (s.equals("--defaults-extra-file") && i + 1 < a.size()) {
                extra = Path.of(a.get(++i));
            }
        }
        try {
            OptionFile o = OptionFile.defaults(a.contains("--no-defaults"), file, extra, OptionFile.home());
            io.out().println("online-backup would have been started with the following arguments:");
            io.out().println(String.join(" ", o.arguments()) + (o.arguments().isEmpty() ? "" : " "));
            return OK;
        } catch (OnlineBackupException e) {
            io.err().println("online-backup: " + e.getMessage());
            return FAILED;
        }
    }

    /**
     * The command line as the MariaDB clients read it: {@code -p} or {@code --password} alone asks for the password and
     * never takes the next word as one ({@code -pSECRET} and {@code --password=SECRET} give it), and options given
     * before the command ({@code online-backup --defaults-file=F backup ...}) are the command's.
     */
    static String[] asTheClientsRead(String[] args) {
        return asTheClientsRead(args, model(new Main(), new String[0]));
    }

    /** As above, with the commands and options of {@code model}, the command line that will run. */
    private static String[] asTheClientsRead(String[] args, CommandLine model) {
        Set<String> commands = model.getSubcommands().keySet();
        Set<String> valueOptions = valueOptions(model);
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(a.equals("-p") || a.equals("--password") ? "--password=" + ConnectionOptions.PROMPT : a);
        }
        int command = -1;
        for (int i = 0; i < out.size() && command < 0; i++) {
            if (commands.contains(out.get(i))) {
                command = i;
            } else if (valueOptions.contains(out.get(i))) {
                i++;
            } else if (!out.get(i).startsWith("-")) {
                break;
            }
        }
        if (command > 0) {
            List<String> before = new ArrayList<>(out.subList(0, command));
            if (before.stream().noneMatch(a -> a.equals("--help") || a.equals("-V") || a.equals("--version"))) {
                out.subList(0, command).clear();
                out.addAll(1, before);
            }
        }
        return out.toArray(String[]::new);
    }

    /** The options of any command of {@code model} that take their value as the next word. */
    private static Set<String> valueOptions(CommandLine model) {
        return model.getSubcommands().values().stream()
                .flatMap(c -> c.getCommandSpec().options().stream())
                .filter(o -> o.arity().min() > 0)
                .flatMap(o -> Arrays.stream(o.names()))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String commandName(CommandLine cl) {
        return cl.getParent() == null ? "" : cl.getCommandName() + " ";
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is needed: backup, restore, list, verify, history, show, purge, stop, restart, abandon or schedule");
    }
}
