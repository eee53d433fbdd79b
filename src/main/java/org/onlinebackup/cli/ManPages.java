package org.onlinebackup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The man pages of {@code online-backup} (troff, section 1), made from the picocli model of {@link Main}:
 * {@code online-backup.1} (the commands, the options and files every command shares, the exit statuses) and
 * {@code online-backup-COMMAND.1} for each command (its synopsis, description and options, those of its mixins
 * included). Hidden commands and options stay out. The pages are committed under {@code docs/man}, and
 * {@code ManPagesTest} checks that they are what this class makes; after changing a command or an option, regenerate
 * them with {@code java -cp 'target/online-backup.jar:target/lib/*' org.onlinebackup.cli.ManPages docs/man}.
 */
public final class ManPages {
    static final String COMMAND = "online-backup";
    static final String REGENERATE = "java -cp 'target/online-backup.jar:target/lib/*' org.onlinebackup.cli.ManPages docs/man";

    private static final String SOURCE = "Online Backup";
    private static final String MANUAL = "Online Backup Manual";
    /** Three dots that do not end a sentence (troff would put two spaces after them). */
    private static final String ELLIPSIS = "...\\&";
    /** A line break in escaped text, which {@link Troff#text} makes a {@code .br} request. */
    private static final char BREAK = '\u0000';

    private ManPages() {
    }

    /** {@code ManPages DIRECTORY}: writes the pages there, replacing those of the same names. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ManPages DIRECTORY (writes " + COMMAND + ".1 and " + COMMAND + "-COMMAND.1 there)");
            System.exit(Main.USAGE);
        }
        for (Path p : write(Path.of(args[0]))) {
            System.out.println(p);
        }
    }

    /**
     * Writes every page into {@code dir} (created if missing) and removes the pages of commands that no longer exist;
     * returns the files written.
     */
    public static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> pages = pages();
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, COMMAND + "*.1")) {
            for (Path p : old) {
                if (!pages.containsKey(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> page : pages.entrySet()) {
            written.add(Files.writeString(dir.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8));
        }
        return written;
    }

    /** Every page by its file name: the tool's first, then its commands' in the order {@code --help} lists them. */
    public static Map<String, String> pages() {
        CommandLine top = Main.model();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put(COMMAND + ".1", toolPage(top.getCommandSpec()));
        for (CommandSpec command : commands(top.getCommandSpec())) {
            pages.put(pageName(command) + ".1", commandPage(command));
        }
        return pages;
    }

    /** The commands that are not hidden. */
    static List<CommandSpec> commands(CommandSpec tool) {
        List<CommandSpec> commands = new ArrayList<>();
        for (CommandLine sub : tool.subcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (!spec.usageMessage().hidden() && !commands.contains(spec)) {
                commands.add(spec);
            }
        }
        return commands;
    }

    /** The options of {@code command} that are not hidden, in the order they are declared, those of its mixins included. */
    static List<OptionSpec> options(CommandSpec command) {
        return command.options().stream().filter(o -> !o.hidden()).toList();
    }

    static String pageName(CommandSpec command) {
        return COMMAND + "-" + command.name();
    }

    private static String toolPage(CommandSpec tool) {
        Troff t = new Troff();
        t.header(COMMAND);
        t.section("NAME");
        t.text(escape(COMMAND) + " \\- " + escape(firstSentence(description(tool))));
        t.section("SYNOPSIS");
        t.request("SY " + escape(COMMAND));
        for (OptionSpec o : options(tool)) {
            if (!o.usageHelp() && !o.versionHelp()) {
                t.text(synopsis(o));
            }
        }
        t.text("\\fICOMMAND\\fR [\\fIOPTIONS\\fR]");
        t.request("YS");
        t.request("SY " + escape(COMMAND));
        t.text(helpSynopsis(tool));
        t.request("YS");
        t.section("DESCRIPTION");
        t.text(escape(description(tool)));
        t.paragraph();
        t.text(escape("A backup writes one image file (*.obk), consistent as of one moment (its validity point) while"
                + " applications go on writing; a restore creates again the databases an image holds. Each command prints"
                + " one line of result, or one line of error, and has a page of its own,"));
        t.request("BR " + escape(COMMAND + "-COMMAND") + " (1).");
        t.text(escape("The options that connect to the server are those of the MariaDB clients, and come from the same"
                + " option files (FILES)."));
        t.section("COMMANDS");
        for (CommandSpec command : commands(tool)) {
            t.request("TP");
            t.request("BR " + escape(pageName(command)) + " (1)");
            t.text(escape(firstSentence(description(command)) + "."));
        }
        t.section("OPTIONS");
        t.text(escape("These go with any command, before or after it."));
        optionList(t, options(tool));
        t.request("TP");
        t.text(bold("--print-defaults"));
        t.text(escape("Print the options the option files give, as mariadb --print-defaults does (the password masked),"
                + " and exit."));
        t.section("EXIT STATUS");
        exitStatus(t, null);
        t.section("ENVIRONMENT");
        entry(t, "OBK_HEAP", "The launcher's maximum Java heap (default 160m; OBK_HEAP=512m for more): every connection has"
                + " fixed buffers, nothing grows with the database.");
        entry(t, "OBK_CDS", "0: no class-data archive (by default the first backup or restore of a build writes one into"
                + " ~/.cache/online-backup, and later runs start from it).");
        entry(t, "OBK_JAVA_OPTS", "More options for the Java virtual machine.");
        entry(t, "OBK_REPOSITORY", "The file of the embedded repository (default ~/.online-backup/repository.db): jobs,"
                + " history, restore ledgers, schedule claims and lock holders.");
        entry(t, "OBK_REPOSITORY_PASSWORD", "The password of a shared repository (--repository mariadb://...); else the"
                + " option file's repository-password. Never on the command line.");
        entry(t, "OBK_LOG_FILE", "The log file, when --log-file does not name one (default ~/.online-backup/online-backup.log).");
        entry(t, "OBK_KEY", "The key of an encrypted image (64 hexadecimal digits), when --key-file does not give one.");
        t.section("FILES");
        entry(t, "/etc/my.cnf, /etc/mysql/my.cnf, ~/.my.cnf", "The option files, read as the MariaDB clients read them"
                + " and in their order, later ones winning: the groups [client], [client-server], [client-mariadb] and"
                + " [online-backup]. --defaults-extra-file FILE is read after /etc/mysql/my.cnf, --defaults-file FILE"
                + " alone, --no-defaults none; the command line wins over them all. The options of this tool alone go in"
                + " the [online-backup] group: sign-key, trust-key, repository and repository-password.");
        entry(t, "~/.online-backup/repository.db", "The embedded repository (mode 0600 in a 0700 directory), safe for"
                + " several processes at once.");
        entry(t, "~/.online-backup/online-backup.log", "The log, shared by the processes that run at once; over 64 MiB it"
                + " is renamed online-backup.log.1 when a run starts.");
        entry(t, "~/.cache/online-backup", "The class-data archives of the launcher, and the SQLite library it takes out of"
                + " its jar once per build.");
        entry(t, "/run/mysqld/mysqld.sock", "The server's socket, used for host localhost when it exists.");
        t.section("SEE ALSO");
        List<String> see = new ArrayList<>();
        for (CommandSpec command : commands(tool)) {
            see.add(pageName(command));
        }
        seeAlso(t, see, List.of("mariadb", "my_print_defaults"));
        return t.toString();
    }

    private static String commandPage(CommandSpec command) {
        String name = pageName(command);
        Troff t = new Troff();
        t.header(name);
        t.section("NAME");
        t.text(escape(name) + " \\- " + escape(firstSentence(description(command))));
        t.section("SYNOPSIS");
        t.request("SY \"" + escape(COMMAND + " " + command.name()) + "\"");
        List<ArgGroupSpec> shown = new ArrayList<>();
        for (OptionSpec o : options(command)) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            if (o.group() == null) {
                t.text(synopsis(o));
            } else {
                ArgGroupSpec group = outermost(o.group());
                if (!shown.contains(group)) {
                    shown.add(group);
                    t.text(synopsis(group));
                }
            }
        }
        for (PositionalParamSpec p : command.positionalParameters()) {
            if (!p.hidden()) {
                t.text(synopsis(p));
            }
        }
        t.request("YS");
        t.request("SY \"" + escape(COMMAND + " " + command.name()) + "\"");
        t.text(helpSynopsis(command));
        t.request("YS");
        t.section("DESCRIPTION");
        t.text(escape(description(command)));
        t.section("OPTIONS");
        optionList(t, options(command));
        for (PositionalParamSpec p : command.positionalParameters()) {
            if (!p.hidden()) {
                t.request("TP");
                t.text(italic(p.paramLabel()));
                t.text(escape(String.join(" ", p.description())));
            }
        }
        CommandSpec tool = command.parent();
        List<String> shared = new ArrayList<>();
        for (OptionSpec o : options(tool)) {
            if (!o.usageHelp() && !o.versionHelp()) {
                shared.add(names(o));
            }
        }
        if (!shared.isEmpty()) {
            t.paragraph();
            t.text(escape("And, with any command, those of"));
            t.request("BR " + escape(COMMAND) + " (1):");
            t.text(String.join(", ", shared) + ".");
        }
        t.section("EXIT STATUS");
        exitStatus(t, command);
        t.section("SEE ALSO");
        seeAlso(t, List.of(COMMAND), List.of());
        return t.toString();
    }

    /** The exit statuses of {@code command}, null for the tool's page. */
    private static void exitStatus(Troff t, CommandSpec command) {
        String intact = command == null ? " (for verify: the image is intact)"
                : command.name().equals("verify") ? ": the image is intact" : "";
        entry(t, "0", "Success: one line of result on standard output" + intact + ".");
        entry(t, "1", "Failure: one line \"online-backup: OBK-nnnn message\" on standard error; also after Ctrl+C or"
                + " SIGTERM (an interrupted operation).");
        entry(t, "2", "A usage error: an unknown command or option, a missing or wrong value.");
    }

    private static void entry(Troff t, String tag, String text) {
        t.request("TP");
        t.text(bold(tag));
        t.text(escape(text));
    }

    private static void seeAlso(Troff t, List<String> ours, List<String> others) {
        List<String> all = new ArrayList<>(ours);
        all.addAll(others);
        for (int i = 0; i < all.size(); i++) {
            t.request("BR " + escape(all.get(i)) + " (1)" + (i < all.size() - 1 ? "," : ""));
        }
        t.paragraph();
        t.text(escape("README.md (the guide) and docs/commands.md (the reference) in the source of Online Backup."));
    }

    private static void optionList(Troff t, List<OptionSpec> options) {
        for (OptionSpec o : options) {
            t.request("TP");
            t.text(names(o));
            t.text(escape(String.join(" ", o.description())));
        }
    }

    /** All the names of an option with its value: {@code -h, --host HOST}; {@code -p[PASSWORD], --password[=PASSWORD]}. */
    private static String names(OptionSpec o) {
        List<String> names = new ArrayList<>();
        boolean optional = o.arity().min() == 0;
        for (String n : o.names()) {
            names.add(bold(n) + (optional ? value(o, n) : ""));
        }
        return String.join(", ", names) + (optional ? "" : value(o, o.longestName()));
    }

    /** An option in a synopsis, by its longest name; in brackets unless it is required. */
    private static String synopsis(OptionSpec o) {
        String s = unbroken(bold(o.longestName()) + value(o, o.longestName()));
        return o.required() && o.group() == null ? s : "[" + s + "]";
    }

    /** A group of options: {@code [a | b]}, one of them or none; {@code {a | b}}, exactly one; {@code [a b]}, together. */
    private static String synopsis(ArgGroupSpec group) {
        List<String> parts = new ArrayList<>();
        for (OptionSpec o : group.options()) {
            if (!o.hidden()) {
                String s = unbroken(bold(o.longestName()) + value(o, o.longestName()));
                parts.add(group.exclusive() || o.required() ? s : "[" + s + "]");
            }
        }
        for (ArgGroupSpec sub : group.subgroups()) {
            parts.add(synopsis(sub));
        }
        String inner = String.join(group.exclusive() ? " | " : " ", parts);
        boolean required = group.multiplicity().min() > 0;
        String s = required ? (group.exclusive() ? "{" + inner + "}" : inner) : "[" + inner + "]";
        return group.multiplicity().max() > 1 ? s + ELLIPSIS : s;
    }

    private static String synopsis(PositionalParamSpec p) {
        String s = italic(p.paramLabel());
        if (p.arity().max() > 1) {
            s += ELLIPSIS;
        }
        return p.arity().min() == 0 ? "[" + s + "]" : s;
    }

    /** How {@code --help} is asked for. */
    private static String helpSynopsis(CommandSpec command) {
        List<String> s = new ArrayList<>();
        for (OptionSpec o : options(command)) {
            if (o.usageHelp() || o.versionHelp()) {
                s.add(bold(o.longestName()));
            }
        }
        return String.join(" | ", s);
    }

    /**
     * The value an option takes after one of its names: none for a flag, {@code [=LABEL]} when it is optional (as
     * {@code --password}: the next word is never taken for it), {@code LABEL[,LABEL...]} when it is a list.
     */
    private static String value(OptionSpec o, String name) {
        if (o.arity().max() == 0) {
            return "";
        }
        String label = italic(o.paramLabel());
        if (!o.splitRegex().isEmpty()) {
            label = label + "[" + escape(o.splitRegexSynopsisLabel().isEmpty() ? o.splitRegex() : o.splitRegexSynopsisLabel()) + label + ELLIPSIS + "]";
        }
        if (o.arity().min() == 0) {
            return name.startsWith("--") ? "[=" + label + "]" : "[" + label + "]";
        }
        return " " + label;
    }

    /** An option and its value, kept on one line of a synopsis. */
    private static String unbroken(String s) {
        return s.replace(" ", "\\ ");
    }

    private static ArgGroupSpec outermost(ArgGroupSpec group) {
        ArgGroupSpec g = group;
        while (g.parentGroup() != null) {
            g = g.parentGroup();
        }
        return g;
    }

    private static String description(CommandSpec command) {
        return String.join(" ", command.usageMessage().description());
    }

    /** The first sentence, without its full stop: what {@code NAME} and the list of commands say of a command. */
    static String firstSentence(String text) {
        int end = text.indexOf(". ");
        String s = end < 0 ? text : text.substring(0, end + 1);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String bold(String s) {
        return "\\fB" + escape(s) + "\\fR";
    }

    private static String italic(String s) {
        return "\\fI" + escape(s) + "\\fR";
    }

    /**
     * Text as troff shows it as it is: a backslash is {@code \e}, a hyphen {@code \-} (what a reader types: options,
     * file names), quotes the ASCII ones, picocli's {@code %n} a line break and {@code %%} a percent sign.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\e");
                case '-' -> b.append("\\-");
                case '\'' -> b.append("\\(aq");
                case '`' -> b.append("\\(ga");
                case '"' -> b.append("\\(dq");
                case '\n', '\r' -> b.append(' ');
                case '%' -> {
                    if (i + 1 < s.length() && s.charAt(i + 1) == 'n') {
                        b.append('\n').append(BREAK).append('\n');
                        i++;
                    } else if (i + 1 < s.length() && s.charAt(i + 1) == '%') {
                        b.append('%');
                        i++;
                    } else {
                        b.append('%');
                    }
                }
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A page being written: requests and text lines, no text line taken for a request. */
    private static final class Troff {
        private final StringBuilder page = new StringBuilder();

        void header(String name) {
            page.append(".\\\" Made by org.onlinebackup.cli.ManPages from the command line's picocli model: do not edit.\n");
            page.append(".\\\" Regenerate: ").append(REGENERATE).append('\n');
            request("TH " + escape(name.toUpperCase(Locale.ROOT)) + " 1 \"\" \"" + SOURCE + "\" \"" + MANUAL + "\"");
            // option names, file names and URLs are not hyphenated (the synopsis macros turn hyphenation on again to
            // the HY register's mode), and lines are not stretched to the margin
            request("nh");
            request("nr HY 0");
            request("ad l");
        }

        void section(String title) {
            request("SH " + (title.contains(" ") ? "\"" + title + "\"" : title));
        }

        void paragraph() {
            request("PP");
        }

        void request(String r) {
            page.append('.').append(r).append('\n');
        }

        /** Text, one output line per input line; a line starting with a dot or an apostrophe is guarded. */
        void text(String text) {
            for (String line : text.split("\n")) {
                String l = line.strip();
                if (l.equals(String.valueOf(BREAK))) {
                    request("br");
                    continue;
                }
                if (l.isEmpty()) {
                    continue;
                }
                if (l.startsWith(".") || l.startsWith("'")) {
                    page.append("\\&");
                }
                page.append(l).append('\n');
            }
        }

        @Override
        public String toString() {
            return page.toString();
        }
    }
}
