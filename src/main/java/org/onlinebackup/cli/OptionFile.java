package org.onlinebackup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.onlinebackup.feedback.Message;
import org.onlinebackup.feedback.OnlineBackupException;

/**
 * Reads MariaDB option files ({@code my.cnf}): the options of the groups a client reads, later groups and later
 * lines winning. Follows the server's rules: {@code #} and {@code ;} comments, {@code key = value} or a bare
 * {@code key}, dashes and underscores alike, values in single or double quotes with backslash escapes in double
 * quotes, {@code !include FILE} and {@code !includedir DIR}.
 *
 * @see <a href="https://mariadb.com/kb/en/configuring-mariadb-with-option-files/">Option files</a>
 */
public final class OptionFile {
    /** The groups this tool reads, in order. */
    public static final List<String> GROUPS = List.of("client", "client-server", "client-mariadb", "online-backup");

    /** The files the MariaDB clients read by default, in order, before the user's {@code ~/.my.cnf}. */
    static final List<Path> GLOBAL_FILES = List.of(Path.of("/etc/my.cnf"), Path.of("/etc/mysql/my.cnf"));

    private final Map<String, String> options = new HashMap<>();
    /** Every option read, in order, as {@code --key=value} (as the clients' {@code --print-defaults} shows them). */
    private final List<String> arguments = new ArrayList<>();

    private OptionFile() {
    }

    public static OptionFile empty() {
        return new OptionFile();
    }

    /** Reads {@code file}; a missing file is an error when {@code required}, else nothing. */
    public static OptionFile read(Path file, boolean required) {
        OptionFile f = new OptionFile();
        f.add(file, required);
        return f;
    }

    /**
     * The option files as the MariaDB clients read them: with {@code defaultsFile}, that file only; otherwise
     * {@code /etc/my.cnf}, {@code /etc/mysql/my.cnf}, then {@code extraFile} if given, then {@code my.cnf} in
     * {@code home} (the {@code HOME} of the environment); later options win. {@code noDefaults}: none at all.
     */
    static OptionFile defaults(boolean noDefaults, Path defaultsFile, Path extraFile, Path home) {
        OptionFile f = new OptionFile();
        if (noDefaults) {
            return f;
        }
        if (defaultsFile != null) {
            f.add(defaultsFile, true);
            return f;
        }
        for (Path global : GLOBAL_FILES) {
            f.add(global, false);
        }
        if (extraFile != null) {
            f.add(extraFile, true);
        }
        if (home != null) {
            f.add(home.resolve(".my.cnf"), false);
        }
        return f;
    }

    /** The user's home as the clients find it: {@code $HOME}, else the account's. */
    static Path home() {
        String h = System.getenv("HOME");
        return Path.of(h == null || h.isBlank() ? System.getProperty("user.home") : h);
    }

    private void add(Path file, boolean required) {
        if (!Files.exists(file)) {
            if (required) {
                throw new OnlineBackupException(Message.OPTION_FILE, file, "no such file");
            }
            return;
        }
        load(file, 0);
    }

    /** Every option read, in order, as {@code --key=value}; a password shown as {@code *****}. */
    List<String> arguments() {
        return List.copyOf(arguments);
    }

    public String get(String key) {
        return options.get(normalize(key));
    }

    /** A switch: set when the option is there bare or as 1, ON, TRUE (any case). */
    public boolean flag(String key) {
        String v = get(key);
        return v != null && (v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("ON") || v.equalsIgnoreCase("TRUE"));
    }

    private static String normalize(String key) {
        return key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * One file, as the server's option-file reader ({@code my_default.c}) reads it: groups by name, case aside,
     * trailing blanks of the name dropped; {@code !include FILE} and {@code !includedir DIR} (a relative path from
     * the current directory; a missing file is skipped, a missing directory is an error); {@code #} outside quotes starts a comment; a value in matching
     * quotes loses them; backslash escapes in every value.
     */
    private void load(Path file, int depth) {
        if (depth > 10) {
            throw new OnlineBackupException(Message.OPTION_FILE, file, "includes nested more than 10 deep");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OnlineBackupException(e, Message.OPTION_FILE, file, e.toString());
        }
        boolean inGroup = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("!include ")) {
                Path included = Path.of(line.substring(9).strip());
                if (Files.isRegularFile(included)) {
                    load(included, depth + 1);
                }
                continue;
            }
            if (line.startsWith("!includedir ")) {
                includeDir(Path.of(line.substring(12).strip()), depth);
                continue;
            }
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                String group = (end < 0 ? line.substring(1) : line.substring(1, end)).stripTrailing().toLowerCase(Locale.ROOT);
                inGroup = GROUPS.contains(group);
                continue;
            }
            if (!inGroup) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? withoutComment(line).strip() : line.substring(0, eq).strip();
            String v = eq < 0 ? "" : value(line.substring(eq + 1));
            options.put(normalize(key), v);
            arguments.add("--" + key + (eq < 0 ? "" : "=" + (normalize(key).equals("password") ? "*****" : v)));
        }
    }

    private void includeDir(Path dir, int depth) {
        if (!Files.isDirectory(dir)) {
            throw new OnlineBackupException(Message.OPTION_FILE, dir, "it is the !includedir of an option file, and not a directory");
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".cnf")).sorted().toList()) {
                load(p, depth + 1);
            }
        } catch (IOException e) {
            throw new OnlineBackupException(e, Message.OPTION_FILE, dir, e.toString());
        }
    }

    /** The text before a {@code #} that is outside quotes (a backslash in quotes protects the next character). */
    private static String withoutComment(String s) {
        char quote = 0;
        boolean escaped = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == '"' || c == '\'') && !escaped) {
                quote = quote == 0 ? c : quote == c ? 0 : quote;
            } else if (quote == 0 && c == '#') {
                return s.substring(0, i);
            }
            escaped = quote != 0 && c == '\\' && !escaped;
        }
        return s;
    }

    /** A value as written after {@code =}: comment and surrounding blanks dropped, then matching quotes, then escapes. */
    static String value(String written) {
        String v = withoutComment(written).strip();
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            v = v.substring(1, v.length() - 1);
        }
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i == v.length() - 1) {
                out.append(c);
                continue;
            }
            char n = v.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 's' -> out.append(' ');
                case '"', '\'', '\\' -> out.append(n);
                default -> out.append('\\').append(n);
            }
        }
        return out.toString();
    }
}
